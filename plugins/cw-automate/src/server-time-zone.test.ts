/**
 * Automate writes RemoteAgentLastContact without a zone. A server in Tokyo writes Tokyo
 * wall-clock time: read with `serverTimeZone` set, last-seen instants are right; read as UTC
 * they lie nine hours in the future — which the health check reports.
 */
import { generateFleet } from '@rmm-hub/simulators';
import { afterEach, describe, expect, it } from 'vitest';

import { collect, startHarness, type Harness } from './automate-harness.test.helper.js';

let harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses) await h.close();
  harnesses = [];
});
const ZONE = 'Asia/Tokyo';

async function newestLastSeen(h: Harness): Promise<number> {
  const clientIds = h.fleet.automate.clients.map((c) => String(c.id));
  const agents = await collect(h.integration.computers.listComputers({ clientIds }));
  return Math.max(...agents.map((a) => Date.parse(a.lastSeen ?? '1970-01-01T00:00:00Z')));
}

describe('serverTimeZone', () => {
  it('reads zone-less times in the configured zone; without it, the health check names the likely offset', async () => {
    const fleet = generateFleet({ seed: 9, devices: 60, epoch: new Date().toISOString() });
    const configured = await startHarness({ fleet, sim: { serverTimeZone: ZONE }, config: { serverTimeZone: ZONE } });
    harnesses.push(configured);
    const right = await newestLastSeen(configured);
    // The newest contact is within the hour before now (the fleet's online agents), never ahead.
    expect(configured.now() - right).toBeGreaterThanOrEqual(-1000);
    expect(configured.now() - right).toBeLessThan(3600_000);
    expect((await configured.integration.health.check()).checks.find((c) => c.name === 'server-time-zone')).toMatchObject({ status: 'pass' });

    const unset = await startHarness({ fleet, sim: { serverTimeZone: ZONE } });
    harnesses.push(unset);
    expect(Math.round(((await newestLastSeen(unset)) - right) / 3600_000)).toBe(9);
    expect((await unset.integration.health.check()).checks.find((c) => c.name === 'server-time-zone')).toMatchObject({
      status: 'warn',
      message: expect.stringMatching(/look like UTC\+09:00.*serverTimeZone is UTC/),
      hint: expect.stringMatching(/Set serverTimeZone/),
    });
  });
});
