/**
 * Every fault the simulator can inject, against ListClients/ListComputers on a generated
 * fleet: where recovery is possible nothing is lost or repeated; where it is not, the error is
 * a catalogue error with a code and a hint.
 */
import { ListClients, ListComputers, type RmmAgentInput } from '@rmm-hub/core/plugin';
import { generateFleet, type GeneratedFleet } from '@rmm-hub/simulators';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

import { collect, startHarness, type Harness, type HarnessOptions } from './ncentral-harness.test.helper.js';
import { EXPIRED_PASSWORD_HINT } from './nc-errors.js';

let fleet: GeneratedFleet;
let customerIds: string[];
beforeAll(() => {
  fleet = generateFleet({ seed: 4242, devices: 200 });
  customerIds = fleet.ncentral.customers.map((c) => String(c.customerId));
});

const harnesses: Harness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});
async function start(options: Omit<HarnessOptions, 'fleet'> = {}): Promise<Harness> {
  const h = await startHarness({ fleet, ...options, config: { pageSize: 25, fetchAssets: true, ...options.config } });
  harnesses.push(h);
  return h;
}

/** Lists everything, running `during(n)` after each agent. */
async function listAll(h: Harness, during?: (n: number) => void): Promise<RmmAgentInput[]> {
  const out: RmmAgentInput[] = [];
  for await (const agent of h.get(ListComputers).listComputers({ clientIds: customerIds })) {
    out.push(agent);
    during?.(out.length);
  }
  return out;
}

/** Nothing lost, nothing repeated, and each agent carries what its RMM reports. */
function expectComplete(agents: RmmAgentInput[]): void {
  const nc = fleet.ncentral;
  expect(agents).toHaveLength(nc.agentCount);
  expect(new Set(agents.map((a) => a.id)).size).toBe(nc.agentCount);
  for (const agent of agents) {
    const index = nc.indexOfAgent(Number(agent.id));
    expect(index, `unknown agent ${String(agent.id)}`).toBeDefined();
    const truth = nc.agent(index!);
    expect(agent.hostname).toBe(truth.hostname);
    if (!truth.isProbe) {
      expect(agent.identity?.smbiosUuid).toBe(truth.reported.smbiosUuid);
      expect(agent.identity?.serialNumber).toBe(truth.reported.serialNumber);
      expect(agent.identity?.macAddresses).toEqual(truth.reported.macAddresses);
    }
  }
}

describe('faults: recoverable', () => {
  it('a fault-free run is complete (baseline)', async () => {
    expectComplete(await listAll(await start()));
  });

  it('429 bursts (with and without Retry-After) on device pages and assets', async () => {
    const h = await start();
    h.sim.faults.add({ kind: 'rate-limit', route: '/api/org-units/:orgUnitId/devices', times: 6, afterRequests: 2 });
    h.sim.faults.add({ kind: 'rate-limit', route: '/api/devices/:deviceId/assets', probability: 0.2, times: 40 });
    h.sim.faults.add({ kind: 'rate-limit', route: '/api/devices/:deviceId/assets', retryAfterSeconds: 0, times: 5 });
    expectComplete(await listAll(h));
    expect(h.sim.stats.faultsInjected).toBeGreaterThanOrEqual(11);
  });

  it('5xx (500, 502, 503) and connection resets', async () => {
    const h = await start();
    h.sim.faults.add({ kind: 'server-error', status: 500, probability: 0.05, times: 15 });
    h.sim.faults.add({ kind: 'server-error', status: 503, probability: 0.05, times: 15 });
    h.sim.faults.add({ kind: 'server-error', status: 502, route: '/api/org-units/:orgUnitId/devices', times: 2 });
    h.sim.faults.add({ kind: 'connection-reset', probability: 0.03, times: 8 });
    expectComplete(await listAll(h));
  });

  it('truncated JSON and errors inside a 200', async () => {
    const h = await start();
    h.sim.faults.add({ kind: 'truncated-json', probability: 0.05, times: 15 });
    h.sim.control.errorInside200({ times: 3, pathPrefix: '/api/org-units' });
    h.sim.control.errorInside200({ times: 3, pathPrefix: '/api/devices' });
    expectComplete(await listAll(h));
  });

  it('access-token expiry, full token expiry and a server restart, all mid-pagination', async () => {
    const h = await start();
    const agents = await listAll(h, (n) => {
      if (n === 40) h.sim.control.expireAccessTokens();
      if (n === 100) h.sim.control.expireAllTokens();
      if (n === 150) h.sim.control.restart();
    });
    expectComplete(agents);
    expect(h.logs.some((r) => r.msg === 'token refreshed')).toBe(true);
  });

  it('slow responses', async () => {
    const h = await start();
    h.sim.faults.add({ kind: 'slow', delayMs: 30, probability: 0.05, times: 20 });
    expectComplete(await listAll(h));
  });
});

describe('faults: unrecoverable → coded, hinted errors', () => {
  it('an expired API-user password mid-run says to reset it and generate a new JWT', async () => {
    const h = await start();
    const err = await listAll(h, (n) => n === 30 && h.sim.control.setPasswordExpired(true)).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'RMM_ERR_AUTH', hint: EXPIRED_PASSWORD_HINT });
    // The next call (e.g. the next sync) fails the same way at authentication.
    h.sim.control.restart();
    const again = await collect(h.get(ListClients).listClients()).catch((e: unknown) => e);
    expect(again).toMatchObject({ code: 'RMM_ERR_AUTH', hint: EXPIRED_PASSWORD_HINT });
  });

  it('EULA not accepted: customers list, but ListComputers refuses to report an empty fleet', async () => {
    const h = await start();
    h.sim.control.setEulaAccepted(false);
    expect((await collect(h.get(ListClients).listClients())).length).toBeGreaterThan(0);
    const err = await listAll(h).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'RMM_ERR_PERMISSION', hint: expect.stringMatching(/accept the EULA/) });
  });

  it('a persistent error inside a 200, persistent truncation, persistent 500 and endless 429', async () => {
    const cases: [(h: Harness) => void, string][] = [
      [(h) => h.sim.control.errorInside200({ times: 1000, pathPrefix: '/api/org-units' }), 'RMM_ERR_PROTOCOL'],
      [(h) => h.sim.faults.add({ kind: 'truncated-json', route: '/api/org-units/:orgUnitId/devices' }), 'RMM_ERR_PROTOCOL'],
      [(h) => h.sim.faults.add({ kind: 'server-error', status: 500, route: '/api/org-units/:orgUnitId/devices' }), 'RMM_ERR_TRANSIENT'],
      [(h) => h.sim.faults.add({ kind: 'rate-limit', route: '/api/org-units/:orgUnitId/devices' }), 'RMM_ERR_RATE_LIMITED'],
    ];
    for (const [inject, code] of cases) {
      const h = await start();
      inject(h);
      const err = (await listAll(h).catch((e: unknown) => e)) as { code?: string; hint?: string; message?: string };
      expect(err.code, String(err.message)).toBe(code);
      expect(err.hint).toEqual(expect.any(String));
      expect(err.message).not.toContain(h.config.jwt);
    }
  });

  it('a wrong JWT is an auth error that names the fix', async () => {
    const h = await start();
    h.sim.control.regenerateJwt();
    const err = await collect(h.get(ListClients).listClients()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'RMM_ERR_AUTH', hint: expect.stringMatching(/generate a new JWT/) });
  });
});
