/**
 * GetAgentInstaller, where declared: for a listed client, an installer with a URL or a token
 * (the host validates the shape), for that client and platform, not already expired, and any
 * install script in a language the platform runs (the host runs it through another RMM's
 * RunScript); for an unknown client, a catalogue error rather than a made-up installer.
 */
import type { AgentInstaller } from '@rmm-hub/core';

import { ConformanceFailure, expectThat } from '../conformance-failure.js';
import { ConformanceSession, describeError } from '../conformance-session.js';

const CHECK = 'agent-installer';

export async function checkAgentInstaller(session: ConformanceSession<unknown>): Promise<void> {
  const { clients } = await session.baseline();
  const client = clients.find((c) => c.kind !== 'site' && c.kind !== 'location') ?? clients[0];
  expectThat(client !== undefined, CHECK, () => 'no listed client to ask an installer for');
  await session.withHost(session.goodConfig, 'agent-installer', async (host) => {
    const call = ConformanceSession.caller(host);
    let installer: AgentInstaller;
    try {
      installer = (await call('GetAgentInstaller', { clientId: client.id, platform: 'windows' })) as AgentInstaller;
      session.record({ source: 'result of GetAgentInstaller', value: installer, kind: 'result' });
    } catch (error) {
      session.record({ source: 'error from GetAgentInstaller', value: error, kind: 'error' });
      throw new ConformanceFailure(CHECK, `GetAgentInstaller for client ${client.id} threw: ${describeError(error)}`);
    }
    expectThat(installer.clientId === client.id && installer.platform === 'windows', CHECK, () => `GetAgentInstaller answered for client ${installer.clientId} / ${installer.platform}; expected ${client.id} / windows`);
    expectThat(installer.expiresAt === undefined || Date.parse(installer.expiresAt) > Date.now(), CHECK, () => `GetAgentInstaller answered an installer that expired at ${installer.expiresAt}`);
    const language = installer.installScript?.language;
    expectThat(language === undefined || language === 'powershell' || language === 'cmd', CHECK, () => `GetAgentInstaller answered a ${language} install script for windows; Windows runs powershell or cmd`);
    try {
      const made = await call('GetAgentInstaller', { clientId: '987654321', platform: 'windows' });
      session.record({ source: 'result of GetAgentInstaller: an unknown client', value: made, kind: 'result' });
      throw new ConformanceFailure(CHECK, 'GetAgentInstaller for an unknown client (987654321) answered an installer; it must fail with a catalogue error (RMM_ERR_NOT_FOUND)');
    } catch (error) {
      if (error instanceof ConformanceFailure) throw error;
      session.record({ source: 'error from GetAgentInstaller: an unknown client', value: error, kind: 'error' });
    }
  });
}
