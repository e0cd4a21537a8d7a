import { GetComputerIdentity, ListComputers, RmmAgent } from '@rmm-hub/core/plugin';
import { generateFleet, SAMPLE_IDS as ID } from '@rmm-hub/simulators';
import { afterEach, describe, expect, it } from 'vitest';

import { collect, startHarness, type Harness, type HarnessOptions } from './ncentral-harness.test.helper.js';

const harnesses: Harness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});
async function start(options: HarnessOptions = {}): Promise<Harness> {
  const h = await startHarness(options);
  harnesses.push(h);
  return h;
}
const ALL = ['237', '238', '239'];

describe('ListComputers', () => {
  it('with fetchAssets on, lists the devices of the requested customers with their reported identity from assets', async () => {
    const h = await start({ config: { pageSize: 2, fetchAssets: true } });
    const agents = (await collect(h.get(ListComputers).listComputers({ clientIds: ALL }))).map((a) => RmmAgent.parse(a));
    // Customers are listed concurrently, so only the set is fixed, not the order across customers.
    expect(agents.map((a) => a.id).sort()).toEqual([ID.hqPc, ID.bigId, ID.probe, ID.offline, ID.noInventory, ID.placeholderSerial, ID.server].map(String).sort());
    const big = agents.find((a) => a.id === String(ID.bigId))!;
    expect(big).toMatchObject({
      clientId: '237',
      siteId: '302',
      hostname: 'CONTOSO-LT07',
      online: true,
      canRunScripts: true,
      identity: {
        smbiosUuid: '4C4C4544-0042-3510-8052-B7C04F4E3232',
        serialNumber: '7B52NN2',
        manufacturer: 'Dell Inc.',
        model: 'Latitude 5420',
        macAddresses: ['D4:81:D7:AA:BB:01', '0A:00:27:00:00:07'],
        osInstallDate: '2024-02-01T09:30:00.000Z',
      },
    });
    const probe = agents.find((a) => a.id === String(ID.probe))!;
    expect(probe).toMatchObject({ canRunScripts: false, identity: { macAddresses: [] } });
    expect(probe.siteId).toBeUndefined();
    const offline = agents.find((a) => a.id === String(ID.offline))!;
    expect(offline.online).toBe(false);
    expect(Date.parse(offline.lastSeen!)).toBeLessThan(Date.now() - 86_000_000);
    expect(agents.find((a) => a.id === String(ID.noInventory))!.identity).toEqual({ macAddresses: [] });
    expect(agents.find((a) => a.id === String(ID.placeholderSerial))!.identity?.serialNumber).toBe('To Be Filled By O.E.M.');
    // Probes are never asked for assets.
    expect(h.sim.stats.byRoute['GET /api/devices/:deviceId/assets']).toBe(6);
  });

  it('never takes the board’s maker for the system’s when computersystem is missing', async () => {
    const fleet = generateFleet({ seed: 5, devices: 150, rates: { missingSystemRow: 1, missingInventory: 0 } });
    const h = await start({ fleet, config: { fetchAssets: true } });
    const clientIds = fleet.ncentral.customers.map((c) => String(c.customerId));
    const agents = await collect(h.get(ListComputers).listComputers({ clientIds }));
    const truth = new Map(Array.from({ length: fleet.ncentral.agentCount }, (_, i) => fleet.ncentral.agent(i)).map((a) => [String(a.agentId), a]));
    expect(agents).toHaveLength(truth.size);
    // White boxes and VMs: the board's maker differs from the system's.
    expect([...truth.values()].some((a) => !a.isProbe && a.boardManufacturer !== fleet.truth.machine(a.machineId)?.identity.manufacturer)).toBe(true);
    const nonProbes = agents.filter((a) => a.canRunScripts);
    expect(nonProbes.length).toBeGreaterThan(0);
    for (const agent of nonProbes) {
      expect(agent.identity).toBeDefined();
      expect(agent.identity?.manufacturer).toBeUndefined();
    }
  });

  it('lists a site alone, but not twice when its customer is requested too', async () => {
    const h = await start();
    const lc = h.get(ListComputers);
    expect((await collect(lc.listComputers({ clientIds: ['302'] }))).map((a) => a.id)).toEqual([String(ID.bigId)]);
    const both = await collect(lc.listComputers({ clientIds: ['302', '237', '237'] }));
    expect(both.map((a) => a.id)).toEqual([ID.hqPc, ID.bigId, ID.probe].map(String));
  });

  it('by default lists no identity but a probe’s (none), reads no assets, and GetComputerIdentity reads them on demand', async () => {
    const h = await start();
    const agents = await collect(h.get(ListComputers).listComputers({ clientIds: ['237'] }));
    expect(agents.filter((a) => a.identity !== undefined).map((a) => [a.id, a.identity])).toEqual([[String(ID.probe), { macAddresses: [] }]]);
    expect(agents.find((a) => a.id === String(ID.bigId))).toMatchObject({ deviceClass: expect.any(String) });
    expect(h.sim.stats.byRoute['GET /api/devices/:deviceId/assets']).toBeUndefined();
    const gci = h.get(GetComputerIdentity);
    expect(await gci.getComputerIdentity(String(ID.bigId))).toMatchObject({ smbiosUuid: '4C4C4544-0042-3510-8052-B7C04F4E3232', serialNumber: '7B52NN2' });
    expect(await gci.getComputerIdentity(String(ID.probe))).toEqual({ macAddresses: [] });
    await expect(gci.getComputerIdentity('not-a-device')).rejects.toMatchObject({ code: 'RMM_ERR_NOT_FOUND' });
  });

  it('with fetchAssets off, lists every device with no identity and reads no assets', async () => {
    const h = await start({ config: { fetchAssets: false } });
    const agents = await collect(h.get(ListComputers).listComputers({ clientIds: ['237'] }));
    expect(agents.length).toBeGreaterThan(1);
    for (const agent of agents) expect(agent.identity).toEqual({ macAddresses: [] });
    expect(h.sim.stats.byRoute['GET /api/devices/:deviceId/assets']).toBeUndefined();
  });

  it('keeps asset requests within the configured cap (no 429 from the server)', async () => {
    const h = await start({ sim: { latencyMs: 15, concurrencyCaps: { 'GET /api/devices/:deviceId/assets': 2 } }, config: { fetchAssets: true, concurrency: { endpoints: { 'GET /api/devices/{deviceId}/assets': 2 } } } });
    await collect(h.get(ListComputers).listComputers({ clientIds: ALL }));
    expect(h.sim.stats.maxInFlight['GET /api/devices/:deviceId/assets']).toBeLessThanOrEqual(2);
    expect(h.sim.stats.rejectedByCap).toBe(0);
  });

  it('survives the server 429-ing past a lower cap than configured (backoff, nothing lost)', async () => {
    const h = await start({ sim: { latencyMs: 10, concurrencyCaps: { 'GET /api/devices/:deviceId/assets': 1 } }, config: { fetchAssets: true, concurrency: { endpoints: { 'GET /api/devices/{deviceId}/assets': 4 } } } });
    const agents = await collect(h.get(ListComputers).listComputers({ clientIds: ALL }));
    expect(agents).toHaveLength(7);
    expect(agents.find((a) => a.id === String(ID.bigId))!.identity?.smbiosUuid).toBe('4C4C4544-0042-3510-8052-B7C04F4E3232');
    expect(h.sim.stats.rejectedByCap).toBeGreaterThan(0);
  });

  it('answers an unknown client with a not-found error', async () => {
    const h = await start();
    await expect(collect(h.get(ListComputers).listComputers({ clientIds: ['999'] }))).rejects.toMatchObject({ code: 'RMM_ERR_NOT_FOUND' });
  });
});
