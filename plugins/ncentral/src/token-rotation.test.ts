/**
 * A long sync outlives N-central's access token: the simulator kills it every N authenticated
 * requests while device lists, asset reads and script polls are in flight together, at the
 * plugin's full concurrency. The sync must complete, and a request is refused at most once per
 * rotation (only requests already on the wire when a token died can be).
 */
import { ListClients, ListComputers, RunScript, ScriptRequest } from '@rmm-hub/core/plugin';
import { generateFleet } from '@rmm-hub/simulators';
import { afterEach, describe, expect, it } from 'vitest';

import { collect, startHarness, type Harness } from './ncentral-harness.test.helper.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('token rotation during a sync', () => {
  it('lists a fleet with assets while scripts poll, through a token that dies every 25 requests', async () => {
    const fleet = generateFleet({ seed: 3, devices: 400 });
    h = await startHarness({ fleet, sim: { rotateAccessTokenEvery: 25 }, config: { pageSize: 50, fetchAssets: true } });
    const clientIds = (await collect(h.get(ListClients).listClients())).filter((c) => c.kind === 'customer').map((c) => String(c.id));
    const all = Array.from({ length: fleet.ncentral.agentCount }, (_, i) => fleet.ncentral.agent(i));
    const scriptable = all.find((a) => a.online && !a.isProbe)!;
    const scripts = [0, 1, 2].map(() =>
      h!.get(RunScript).runScript(ScriptRequest.parse({ agentId: String(scriptable.agentId), language: 'powershell', body: 'Write-Output ok', timeoutMs: 10_000 })),
    );
    const agents = await collect(h.get(ListComputers).listComputers({ clientIds }));
    const results = await Promise.all(scripts);

    expect(new Set(agents.map((a) => a.id)).size).toBe(all.length);
    expect(results.map((r) => r.status)).toEqual(['success', 'success', 'success']);
    const { rotations, refused } = h.sim.control.tokenRotation();
    expect(rotations).toBeGreaterThanOrEqual(10);
    // Every request on the wire when a token dies may be refused once; none twice, none that
    // was still queued.
    const onTheWire = Object.values(h.sim.stats.maxInFlight).reduce((a, b) => a + b, 0);
    expect(refused).toBeLessThanOrEqual(rotations * onTheWire);
  });
});
