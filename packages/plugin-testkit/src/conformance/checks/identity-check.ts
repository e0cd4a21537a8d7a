/**
 * GetComputerIdentity, where declared: for listed agents (those whose listing left identity out
 * first, since the sync asks for exactly those), an identity the host accepts; and where the
 * listing carried an agent's identity too, the same hardware (SMBIOS UUID and serial), because
 * the sync keeps whichever it read last.
 */
import type { AgentIdentity } from '@rmm-hub/core';

import { ConformanceFailure, expectThat } from '../conformance-failure.js';
import { ConformanceSession, describeError } from '../conformance-session.js';

const CHECK = 'identity';
const SAMPLE = 3;

export async function checkIdentity(session: ConformanceSession<unknown>): Promise<void> {
  const { agents } = await session.baseline();
  const unlisted = agents.filter((a) => a.identity === undefined);
  const sample = [...unlisted, ...agents.filter((a) => a.identity !== undefined)].slice(0, SAMPLE);
  expectThat(sample.length > 0, CHECK, () => 'no listed agent to read an identity for');
  await session.withHost(session.goodConfig, 'identity', async (host) => {
    const call = ConformanceSession.caller(host);
    for (const agent of sample) {
      let identity: AgentIdentity;
      try {
        identity = (await call('GetComputerIdentity', agent.id)) as AgentIdentity;
        session.record({ source: 'result of GetComputerIdentity', value: identity, kind: 'result' });
      } catch (error) {
        session.record({ source: 'error from GetComputerIdentity', value: error, kind: 'error' });
        throw new ConformanceFailure(CHECK, `GetComputerIdentity for listed agent ${agent.id} threw: ${describeError(error)}`);
      }
      const listed = agent.identity;
      if (listed === undefined) continue;
      for (const key of ['smbiosUuid', 'serialNumber'] as const) {
        expectThat(listed[key] === identity[key], CHECK, () => `GetComputerIdentity for agent ${agent.id} answered ${key} ${String(identity[key])}, but the listing said ${String(listed[key])}`);
      }
    }
  });
}
