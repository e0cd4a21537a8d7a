/**
 * A long sync outlives Automate's access token: the simulator kills it every M requests while
 * computer pages, Chassis lookups and command polls are in flight together, at the plugin's
 * full concurrency. The sync must complete, and a request is refused at most once per rotation
 * (only requests already on the wire when a token died can be).
 */
import { ScriptRequest } from '@rmm-hub/core/plugin';
import { createSampleAutomateFleet } from '@rmm-hub/simulators';
import { afterEach, describe, expect, it } from 'vitest';

import { collect, startHarness, type Harness } from './automate-harness.test.helper.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('token rotation during a sync', () => {
  it('lists every computer while commands poll, through a token that dies every 5 requests', async () => {
    const fleet = createSampleAutomateFleet({ clients: 10, agentsPerClient: 100 });
    h = await startHarness({ fleet, sim: { mfa: 'none', rotateTokenEvery: 5 }, config: { pageSize: 450, concurrency: 2 } });
    const clientIds = (await collect(h.integration.clients.listClients())).filter((c) => c.kind === 'client').map((c) => String(c.id));
    const scripts = [0, 1, 2, 3, 4, 5].map(() => h!.integration.scripts.runScript(ScriptRequest.parse({ agentId: '1000', language: 'cmd', body: 'hostname', timeoutMs: 60_000 })));
    const agents = await collect(h.integration.computers.listComputers({ clientIds }));
    const results = await Promise.all(scripts);

    expect(new Set(agents.map((a) => a.id)).size).toBe(fleet.automate.agentCount);
    expect(results.map((r) => r.status)).toEqual(Array(6).fill('success'));
    const { rotations, refusedTokens } = h.sim.control.auth;
    expect(rotations).toBeGreaterThanOrEqual(5);
    // Every request on the wire when a token dies may be refused once; none twice, none that
    // was still queued.
    const onTheWire = Object.values(h.sim.stats.maxInFlight).reduce((a, b) => a + b, 0);
    expect(refusedTokens).toBeLessThanOrEqual(rotations * onTheWire);
  });
});
