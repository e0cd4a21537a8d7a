/**
 * MaintenanceMode, where declared: a listed agent can be put in maintenance mode and taken out
 * again (or the server is reported as not supporting it, RMM_ERR_UNSUPPORTED); switching it off
 * twice is no error, since the host always switches it off after a run, whatever happened.
 */
import { MaintenanceRequest } from '@rmm-hub/core';

import { ConformanceFailure, expectThat } from '../conformance-failure.js';
import { ConformanceSession, describeError } from '../conformance-session.js';

const CHECK = 'maintenance';

export async function checkMaintenance(session: ConformanceSession<unknown>): Promise<void> {
  const { agents } = await session.baseline();
  const agent = agents[0];
  expectThat(agent !== undefined, CHECK, () => 'no listed agent to put in maintenance mode');
  await session.withHost(session.goodConfig, 'maintenance', async (host) => {
    const call = ConformanceSession.caller(host);
    const step = async (enabled: boolean, what: string): Promise<boolean> => {
      try {
        await call('MaintenanceMode', agent.id, MaintenanceRequest.parse({ enabled, minutes: 5, reason: 'conformance' }));
        return true;
      } catch (error) {
        session.record({ source: `error from MaintenanceMode (${what})`, value: error, kind: 'error' });
        if (enabled && (error as { code?: unknown }).code === 'RMM_ERR_UNSUPPORTED') return false;
        throw new ConformanceFailure(CHECK, `MaintenanceMode ${what} for agent ${agent.id} threw: ${describeError(error)}`);
      }
    };
    if (!(await step(true, 'on'))) return;
    await step(false, 'off');
    await step(false, 'off a second time');
  });
}
