import { generateFleet, QUOTED_CLIENT_NAME } from '@rmm-hub/simulators';
import { RmmAgent, RmmClient } from '@rmm-hub/core/plugin';
import { afterEach, describe, expect, it } from 'vitest';

import type { AutomateApi } from './automate-api.js';
import { conditionLiteral } from './index.js';
import { AutomateComputers } from './list-computers.js';
import { collect, rejection, startHarness, type Harness } from './automate-harness.test.helper.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});
const allClients = ['1', '2', '3', '4', '5'];
const agentIds = (agents: { id: unknown }[]): string[] => agents.map((a) => String(a.id)).sort();
const expectedIds = (harness: Harness): string[] =>
  Array.from({ length: harness.fleet.automate.agentCount }, (_, i) => String(harness.fleet.automate.agent(i).agentId)).sort();

describe('ListClients', () => {
  it('lists clients (Company, else Name; ExternalId as PSA hint) and their locations as children', async () => {
    h = await startHarness();
    const clients = await collect(h.integration.clients.listClients());
    expect(clients.every((c) => RmmClient.safeParse(c).success)).toBe(true);
    expect(clients.filter((c) => c.kind === 'client')).toHaveLength(5);
    expect(clients[0]).toEqual({ id: '1', name: 'Acme Corporation', kind: 'client', hints: { psaCompanyId: '5001', externalIds: { automateClientName: 'Acme' } } });
    expect(clients[1]).toMatchObject({ id: '2', name: QUOTED_CLIENT_NAME, hints: { externalIds: {} } });
    expect(clients[1]?.hints).not.toHaveProperty('psaCompanyId');
    expect(clients.filter((c) => c.kind === 'location')).toContainEqual({ id: 'location:21', name: 'Main Office', kind: 'location', parentId: '2' });
  });
});

describe('ListComputers', () => {
  it('streams every computer of the requested clients, identity enriched from Chassis', async () => {
    h = await startHarness({ config: { pageSize: 10 } });
    const agents = await collect(h.integration.computers.listComputers({ clientIds: allClients }));
    expect(agentIds(agents)).toEqual(expectedIds(h));
    expect(agents.every((a) => RmmAgent.safeParse(a).success)).toBe(true);
    const first = agents.find((a) => a.id === '1000');
    const truth = h.fleet.automate.agent(0).reported;
    expect(first).toMatchObject({
      clientId: '1',
      siteId: 'location:11',
      online: true,
      lastSeen: expect.stringMatching(/Z$/),
      canRunScripts: true,
      identity: { smbiosUuid: truth.smbiosUuid, serialNumber: truth.serialNumber, manufacturer: truth.manufacturer, model: truth.model, macAddresses: ['00-1A-2B-00-00-00'] },
    });
    // An agent without hardware inventory has no Chassis row: no identity, still listed.
    expect(agents.find((a) => a.id === String(1000 + 5 * 3))?.identity).toMatchObject({ smbiosUuid: undefined, macAddresses: [] });
    expect(agents.find((a) => a.id === String(1000 + 9 * 3))?.canRunScripts).toBe(false); // macOS
  });

  it('never takes the BIOS vendor for the maker of a computer without a Chassis row', async () => {
    const fleet = generateFleet({ seed: 5, devices: 200, rates: { missingSystemRow: 1, missingInventory: 0 } });
    h = await startHarness({ fleet, config: { pageSize: 100 } });
    const clientIds = fleet.automate.clients.map((c) => String(c.id));
    const agents = await collect(h.integration.computers.listComputers({ clientIds }));
    expect(agents).toHaveLength(fleet.automate.agentCount);
    const truth = new Map(Array.from({ length: fleet.automate.agentCount }, (_, i) => fleet.automate.agent(i)).map((a) => [String(a.agentId), a]));
    // White boxes and VMs: the firmware's vendor differs from the maker.
    expect([...truth.values()].some((a) => a.biosVendor !== fleet.truth.machine(a.machineId)?.identity.manufacturer)).toBe(true);
    for (const agent of agents) {
      expect(agent.identity).toMatchObject({ manufacturer: undefined, smbiosUuid: undefined, serialNumber: truth.get(String(agent.id))?.reported.serialNumber });
    }
  });

  it('skips a record it cannot read, naming it, and lists the rest', async () => {
    const rows = [
      { Id: 1, ComputerName: 'GOOD-1', Client: { Id: 1 }, RemoteAgentLastContact: '2025-05-01T10:00:00' },
      { Id: 2, ComputerName: 'BAD-2', Client: { Id: 1 }, RemoteAgentLastContact: '/Date(99999999999999999)/' },
      { Id: 3, ComputerName: 'GOOD-3', Client: { Id: 1 } },
    ];
    const api = {
      async *pages(path: string) {
        if (path === '/computers') yield rows;
      },
    } as unknown as AutomateApi;
    const skipped: string[] = [];
    const computers = new AutomateComputers(api, 10, (record, reason) => void skipped.push(`${record}: ${reason}`));
    const agents = await collect(computers.listComputers({ clientIds: ['1'] }));
    expect(agents.map((a) => a.id)).toEqual(['1', '3']);
    expect(skipped).toEqual(['computer 2 "BAD-2": RemoteAgentLastContact "/Date(99999999999999999)/" is not a readable time']);
  });

  it('selects by client and by location, and pages until an empty page even when the server clamps', async () => {
    h = await startHarness({ sim: { maxPageSize: 5 }, config: { pageSize: 1000 } });
    const two = await collect(h.integration.computers.listComputers({ clientIds: ['2'] }));
    expect(two).toHaveLength(12);
    expect(new Set(two.map((a) => a.clientId))).toEqual(new Set(['2']));
    const branch = await collect(h.integration.computers.listComputers({ clientIds: ['location:32'] }));
    expect(branch.map((a) => a.siteId)).toEqual(Array(6).fill('location:32'));
  });

  it('reads ids as numeric strings and dates with a zone', async () => {
    h = await startHarness({ sim: { idFormat: 'string', dateFormat: 'utc' } });
    const agents = await collect(h.integration.computers.listComputers({ clientIds: ['1'] }));
    expect(agents).toHaveLength(12);
    expect(agents[0]).toMatchObject({ id: '1000', clientId: '1', lastSeen: '2025-05-30T10:00:00.000Z' });
  });

  it('loses nothing when the token expires during paging', async () => {
    h = await startHarness({ config: { pageSize: 5 } });
    h.sim.control.expireTokens({ afterRequests: 4 });
    const agents = await collect(h.integration.computers.listComputers({ clientIds: allClients }));
    expect(agentIds(agents)).toEqual(expectedIds(h));
    expect(h.sim.control.auth.logins).toBe(2); // expired tokens cannot be refreshed: a fresh TOTP login
  });

  it('retries a 500, a 502, a reset connection, truncated JSON and an error inside a 200', async () => {
    h = await startHarness({ config: { pageSize: 7 } });
    h.sim.faults.add({ kind: 'server-error', route: '/cwa/api/v1/computers', times: 2, afterRequests: 1 });
    h.sim.faults.add({ kind: 'server-error', status: 502, route: '/cwa/api/v1/computers/Chassis', times: 1 });
    h.sim.faults.add({ kind: 'connection-reset', route: '/cwa/api/v1/computers', times: 1, afterRequests: 3 });
    h.sim.faults.add({ kind: 'truncated-json', route: '/cwa/api/v1/computers', times: 1, afterRequests: 5 });
    h.sim.faults.add({ kind: 'rate-limit', retryAfterSeconds: 1, route: '/cwa/api/v1/computers', times: 1, afterRequests: 7 });
    h.sim.control.errorInside200({ route: '/cwa/api/v1/computers/Chassis', times: 1 });
    h.sim.control.errorInside200({ route: '/cwa/api/v1/computers', times: 1 });
    const agents = await collect(h.integration.computers.listComputers({ clientIds: allClients }));
    expect(agentIds(agents)).toEqual(expectedIds(h));
    expect(h.sim.faults.list().every((f) => f.spent)).toBe(true);
  });

  it('works against a slow server', async () => {
    h = await startHarness({ config: { pageSize: 20 } });
    h.sim.faults.add({ kind: 'slow', delayMs: 60, route: '/cwa/api/v1/computers' });
    const agents = await collect(h.integration.computers.listComputers({ clientIds: ['1', '3'] }));
    expect(agents).toHaveLength(24);
  });

  it('fails with a coded, hinted error when the server keeps failing', async () => {
    h = await startHarness();
    h.sim.faults.add({ kind: 'server-error', route: '/cwa/api/v1/computers' });
    const error = await rejection(collect(h.integration.computers.listComputers({ clientIds: ['1'] })));
    expect(error.code).toBe('RMM_ERR_TRANSIENT');
    expect(error.hint).toEqual(expect.any(String));
    h.sim.faults.clear();
    h.sim.control.errorInside200({ route: '/cwa/api/v1/computers', times: 10 });
    const inside = await rejection(collect(h.integration.computers.listComputers({ clientIds: ['1'] })));
    expect(inside.code).toBe('RMM_ERR_PROTOCOL');
    expect(inside.message).toMatch(/An error has occurred/);
  });

  it('escapes values in conditions: names with quotes match exactly, ids cannot inject', async () => {
    h = await startHarness();
    const { body } = await h.integration.http.request<Array<{ Client: { Id: number } }>>({
      method: 'GET',
      path: '/computers',
      query: { condition: `Client.Name = ${conditionLiteral(QUOTED_CLIENT_NAME)}`, pageSize: 100 },
    });
    expect(body).toHaveLength(12);
    expect(new Set(body.map((c) => c.Client.Id))).toEqual(new Set([2]));
    for (const name of ["O'Brien", 'say "hi"', `both ' and "`, 'back\\slash', "it's \\ \"mixed\""]) {
      const res = await h.integration.http.request<unknown[]>({ method: 'GET', path: '/clients', query: { condition: `Name = ${conditionLiteral(name)}` } });
      expect(res.body).toEqual([]); // parsed fine (no 400), matched nothing
    }
    const injected = await collect(h.integration.computers.listComputers({ clientIds: ["1' or Id > '0", '2) or (Id > 0'] }));
    expect(injected).toEqual([]);
  });
});
