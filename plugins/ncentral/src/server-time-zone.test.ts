/**
 * N-central writes `lastApplianceCheckinTime` without a zone. A server in New York writes New
 * York wall-clock time: read with `serverTimeZone` set, last-seen instants are right; read as
 * UTC they are hours off (and online devices look offline) — which the health check reports.
 */
import { HealthCheck, HealthReport, ListComputers } from '@rmm-hub/core/plugin';
import { afterEach, describe, expect, it } from 'vitest';

import { collect, startHarness, type Harness } from './ncentral-harness.test.helper.js';

const harnesses: Harness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});
const ALL = ['237', '238', '239'];
const ZONE = 'America/New_York';

async function newestLastSeen(h: Harness): Promise<{ newest: number; online: number }> {
  const agents = await collect(h.get(ListComputers).listComputers({ clientIds: ALL }));
  return { newest: Math.max(...agents.map((a) => Date.parse(a.lastSeen ?? '1970-01-01T00:00:00Z'))), online: agents.filter((a) => a.online).length };
}

describe('serverTimeZone', () => {
  it('reads zone-less times in the configured zone; without it, the health check names the likely zone', async () => {
    const configured = await startHarness({ sim: { serverTimeZone: ZONE, zonedTimestampRate: 0 }, config: { serverTimeZone: ZONE } });
    harnesses.push(configured);
    const right = await newestLastSeen(configured);
    // The newest check-in is a few minutes old, as the simulator's online devices are.
    expect(Date.now() - right.newest).toBeGreaterThanOrEqual(0);
    expect(Date.now() - right.newest).toBeLessThan(15 * 60_000);
    expect(right.online).toBeGreaterThan(0);
    const pass = HealthReport.parse(await configured.get(HealthCheck).check()).checks.find((c) => c.name === 'server-time-zone');
    expect(pass).toMatchObject({ status: 'pass' });

    const unset = await startHarness({ sim: { serverTimeZone: ZONE, zonedTimestampRate: 0 } });
    harnesses.push(unset);
    const wrong = await newestLastSeen(unset);
    // New York is 4 or 5 hours behind UTC: read as UTC, every check-in seems hours old.
    expect(Math.round((right.newest - wrong.newest) / 3600_000)).toBeGreaterThanOrEqual(4);
    expect(wrong.online).toBe(0);
    const warn = HealthReport.parse(await unset.get(HealthCheck).check()).checks.find((c) => c.name === 'server-time-zone');
    expect(warn).toMatchObject({ status: 'warn', message: expect.stringMatching(/look like UTC-0[45]:00.*serverTimeZone is UTC/), hint: expect.stringMatching(/Set serverTimeZone/) });
  });
});
