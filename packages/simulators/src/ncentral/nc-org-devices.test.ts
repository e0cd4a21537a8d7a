import { afterEach, describe, expect, it } from 'vitest';

import { createHandmadeFleet } from './handmade-fleet.js';
import { startNcentralSim, type NcentralSim, type NcentralSimOptions } from './ncentral-sim.js';
import { ncSession } from './nc-test-support.js';
import { SAMPLE_IDS as ID, sampleNcentralFleet } from './sample-ncentral-fleet.js';

const sims: NcentralSim[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});
async function session(opts: Partial<NcentralSimOptions> = {}) {
  const sim = await startNcentralSim({ fleet: sampleNcentralFleet(), ...opts });
  sims.push(sim);
  return { sim, s: await ncSession(sim.url, sim.jwt) };
}

describe('N-central sim: org units', () => {
  it('lists service orgs, customers and sites with string ids and parent ids', async () => {
    const { s } = await session();
    const sos = await s.get('/api/service-orgs');
    expect(sos.body).toEqual({ data: [expect.objectContaining({ soId: '50', soName: 'MSP Service Org', parentId: '1', isServiceOrg: true })], totalItems: 1 });
    const customers = await s.get('/api/customers');
    expect(customers.body.totalItems).toBe(3);
    expect(customers.body.data[0]).toMatchObject({ customerId: '237', customerName: 'Contoso Ltd', parentId: '50', externalId: 'PSA-42', externalId2: null });
    const sites = await s.get(`/api/customers/${ID.contoso}/sites`);
    expect(sites.body.data.map((x: { siteId: string; parentId: string }) => [x.siteId, x.parentId])).toEqual([['301', '237'], ['302', '237']]);
    expect((await s.get(`/api/service-orgs/50/customers`)).body.totalItems).toBe(3);
    expect((await s.get(`/api/customers/${ID.fabrikam}`)).body.data.customerName).toBe('Fabrikam & Sons');
    expect((await s.get(`/api/sites/${ID.contosoHq}`)).body.data.siteName).toBe('Contoso HQ');
    const children = await s.get(`/api/org-units/${ID.contoso}/children`);
    expect(children.body.data).toEqual([
      { orgUnitId: '301', orgUnitName: 'Contoso HQ', orgUnitType: 'SITE', parentId: '237' },
      { orgUnitId: '302', orgUnitName: 'Contoso Branch', orgUnitType: 'SITE', parentId: '237' },
    ]);
    expect((await s.get('/api/customers/999')).status).toBe(404);
    expect((await s.get('/api/customers/abc')).status).toBe(400);
  });

  it('pages org lists in each configured mode', async () => {
    const paged = (await session()).s;
    expect((await paged.get('/api/customers?pageNumber=2&pageSize=2')).body).toEqual({ data: [expect.objectContaining({ customerId: '239' })], totalItems: 3 });
    const unpaged = (await session({ orgListMode: 'unpaged' })).s;
    expect((await unpaged.get('/api/customers?pageNumber=2&pageSize=2')).body.data).toHaveLength(3);
    const query = (await session({ orgListMode: 'query-response' })).s;
    expect((await query.get('/api/customers?pageNumber=1&pageSize=2')).body).toMatchObject({ pageNumber: 1, pageSize: 2, itemCount: 2, totalItems: 3, totalPages: 2 });
  });

  it('keeps customers visible but hides devices until the EULA is accepted', async () => {
    const { sim, s } = await session();
    sim.control.setEulaAccepted(false);
    expect((await s.get('/api/customers')).body.totalItems).toBe(3);
    expect((await s.get('/api/devices')).body).toMatchObject({ data: [], totalItems: 0 });
    expect((await s.get(`/api/devices/${ID.hqPc}`)).status).toBe(404);
  });
});

describe('N-central sim: devices', () => {
  it('answers the QueryResponse envelope with numeric ids (some above 2^31) and _links', async () => {
    const { s } = await session();
    const res = await s.get('/api/devices?pageSize=3');
    expect(res.body).toMatchObject({ pageNumber: 1, pageSize: 3, itemCount: 3, totalItems: 7, totalPages: 3, _warning: null });
    expect(res.body._links).toEqual({
      firstPage: '/api/devices?pageSize=3&pageNumber=1',
      previousPage: null,
      nextPage: '/api/devices?pageSize=3&pageNumber=2',
      lastPage: '/api/devices?pageSize=3&pageNumber=3',
    });
    const all = await s.get('/api/devices?pageSize=1000');
    const ids = all.body.data.map((d: { deviceId: number }) => d.deviceId);
    expect(ids).toContain(ID.bigId);
    expect(ids.some((x: number) => x > 2 ** 31)).toBe(true);
    expect(typeof all.body.data[0].customerId).toBe('number');
    const big = all.body.data.find((d: { deviceId: number }) => d.deviceId === ID.bigId);
    expect(big).toMatchObject({ customerId: ID.contoso, siteId: ID.contosoBranch, orgUnitId: ID.contosoBranch, siteName: 'Contoso Branch', soId: 50, longName: 'CONTOSO-LT07', isProbe: false });
    const probe = all.body.data.find((d: { deviceId: number }) => d.deviceId === ID.probe);
    expect(probe).toMatchObject({ isProbe: true, siteId: null, siteName: null, orgUnitId: ID.contoso });
  });

  it('handles paging edge cases: past the end, last partial page, bad sizes, descending order', async () => {
    const { s } = await session();
    const past = await s.get('/api/devices?pageNumber=9&pageSize=3');
    expect(past.status).toBe(200);
    expect(past.body).toMatchObject({ data: [], itemCount: 0, totalItems: 7, _links: { nextPage: null } });
    const last = await s.get('/api/devices?pageNumber=3&pageSize=3');
    expect(last.body.itemCount).toBe(1);
    expect(last.body._links.nextPage).toBeNull();
    expect((await s.get('/api/devices')).body.pageSize).toBe(50);
    for (const q of ['pageSize=0', 'pageSize=1001', 'pageNumber=0', 'pageSize=abc', 'sortOrder=sideways']) {
      expect((await s.get(`/api/devices?${q}`)).status).toBe(400);
    }
    const asc = (await s.get('/api/devices?pageSize=1000')).body.data.map((d: { deviceId: number }) => d.deviceId);
    const desc = (await s.get('/api/devices?pageSize=1000&sortOrder=DESC')).body.data.map((d: { deviceId: number }) => d.deviceId);
    expect(desc).toEqual([...asc].reverse());
  });

  it('lists devices per org unit: customer (sites included), site, service org', async () => {
    const { s } = await session();
    const ids = async (ou: number) => (await s.get(`/api/org-units/${ou}/devices?pageSize=100`)).body.data.map((d: { deviceId: number }) => d.deviceId);
    expect(await ids(ID.contoso)).toEqual([ID.hqPc, ID.bigId, ID.probe]);
    expect(await ids(ID.contosoBranch)).toEqual([ID.bigId]);
    expect(await ids(ID.emptyCustomer)).toEqual([]);
    expect(await ids(50)).toHaveLength(7);
    expect((await s.get('/api/org-units/777/devices')).status).toBe(404);
  });

  it('emits zone-less, Z and offset timestamps that all parse to recent instants for online devices', async () => {
    const fleet = createHandmadeFleet({
      customers: [{ customerId: 5, customerName: 'Many', soId: 50 }],
      devices: Array.from({ length: 200 }, (_, i) => ({ deviceId: 10_000 + i, customerId: 5, hostname: `PC-${i}` })),
    });
    const { s } = await session({ fleet, zonedTimestampRate: 0.5 });
    const times: string[] = (await s.get('/api/devices?pageSize=200')).body.data.map((d: { lastApplianceCheckinTime: string }) => d.lastApplianceCheckinTime);
    expect(times.some((t) => /T[\d:.]+$/.test(t))).toBe(true);
    expect(times.some((t) => t.endsWith('Z'))).toBe(true);
    expect(times.some((t) => t.endsWith('+02:00'))).toBe(true);
    for (const t of times) {
      const ms = Date.parse(/[Z+]/.test(t.slice(19)) ? t : `${t}Z`);
      expect(Math.abs(Date.now() - ms)).toBeLessThan(11 * 60_000);
    }
  });

  it('gives an offline device a check-in at least a day old', async () => {
    const { s } = await session();
    const rec = (await s.get(`/api/devices/${ID.offline}`)).body.data;
    expect(Date.now() - Date.parse(`${rec.lastApplianceCheckinTime.replace(/Z$/, '')}Z`)).toBeGreaterThan(86_000_000);
    expect(rec.lastLoggedInUser).toBeNull();
  });
});

describe('N-central sim: device assets', () => {
  it('answers lower-case, string-valued assets with list wrappers and the SMBIOS UUID under _extra', async () => {
    const { s } = await session();
    const res = await s.get(`/api/devices/${ID.bigId}/assets`);
    expect(res.status).toBe(200);
    const a = res.body.data;
    expect(a._extra.computersystem.uuid).toBe('4C4C4544-0042-3510-8052-B7C04F4E3232');
    expect(a.computersystem).toMatchObject({ serialnumber: '7B52NN2', manufacturer: 'Dell Inc.', model: 'Latitude 5420' });
    expect(typeof a.computersystem.totalphysicalmemory).toBe('string');
    expect(a.networkadapter.list.map((n: { _index: string; macaddress: string }) => [n._index, n.macaddress])).toEqual([
      ['0', 'D4:81:D7:AA:BB:01'],
      ['1', '0A:00:27:00:00:07'],
    ]);
    expect(a._extra.os.installdate).toMatch(/^2024-02-01 09:30:00\.000000( \+0000)?$/);
    expect(a.device.deviceid).toBe(String(ID.bigId));
    const walk = (v: unknown, path: string): void => {
      if (v === null || typeof v === 'string') return;
      if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${path}[${i}]`));
      if (typeof v === 'object') {
        for (const [k, x] of Object.entries(v as object)) {
          expect(k, path).toBe(k.toLowerCase());
          walk(x, `${path}.${k}`);
        }
        return;
      }
      throw new Error(`non-string value at ${path}: ${String(v)}`);
    };
    walk(a, 'data');
  });

  it('omits what the agent does not report, answers 404 for probes and unknown devices', async () => {
    const { s } = await session();
    const none = (await s.get(`/api/devices/${ID.noInventory}/assets`)).body.data;
    expect(none.networkadapter).toBeUndefined();
    expect(none._extra.computersystem?.uuid).toBeUndefined();
    expect(none.computersystem?.serialnumber).toBeUndefined();
    expect((await s.get(`/api/devices/${ID.probe}/assets`)).status).toBe(404);
    expect((await s.get('/api/devices/424242/assets')).status).toBe(404);
    const placeholder = (await s.get(`/api/devices/${ID.placeholderSerial}/assets`)).body.data;
    expect(placeholder.computersystem.serialnumber).toBe('To Be Filled By O.E.M.');
  });
});

describe('N-central sim: a generated fleet', () => {
  it('serves every agent of a generated fleet exactly once, per customer and per site', async () => {
    const { generateFleet } = await import('../fleet/generate-fleet.js');
    const fleet = generateFleet({ seed: 99, devices: 400 });
    const { s } = await session({ fleet });
    const all = new Set<number>();
    for (let page = 1; ; page++) {
      const res = await s.get(`/api/devices?pageNumber=${page}&pageSize=150`);
      for (const d of res.body.data) all.add(d.deviceId);
      if (res.body._links.nextPage === null) break;
    }
    expect(all.size).toBe(fleet.ncentral.agentCount);
    const site = fleet.ncentral.sites[0];
    if (site) {
      const res = await s.get(`/api/org-units/${site.siteId}/devices?pageSize=1000`);
      expect(res.body.data.length).toBeGreaterThan(0);
      for (const d of res.body.data) expect(d).toMatchObject({ siteId: site.siteId, customerId: site.customerId });
    }
    const customers = (await s.get('/api/customers?pageSize=1000')).body;
    expect(customers.totalItems).toBe(fleet.ncentral.customers.length);
  });
});

const idsOf = (body: { data: { deviceId: number }[] }): number[] => body.data.map((d) => d.deviceId);

describe('N-central sim: DELETE /api/devices/{id}', () => {
  it('deletes a device from every list and its own route, where the server offers it', async () => {
    const { sim, s } = await session({ version: '2026.1.0.5' });
    const before = idsOf((await s.get('/api/devices?pageSize=1000')).body);
    const customerBefore = idsOf((await s.get(`/api/org-units/${ID.contoso}/devices?pageSize=1000`)).body);
    expect(customerBefore).toContain(ID.hqPc);
    expect((await s.del(`/api/devices/${ID.hqPc}`)).status).toBe(204);
    expect(idsOf((await s.get('/api/devices?pageSize=1000')).body)).toEqual(before.filter((id) => id !== ID.hqPc));
    const page = (await s.get(`/api/org-units/${ID.contoso}/devices?pageSize=2&pageNumber=2`)).body;
    expect(page.totalItems).toBe(customerBefore.length - 1);
    expect(idsOf(page)).toEqual(customerBefore.filter((id) => id !== ID.hqPc).slice(2, 4));
    expect((await s.get(`/api/devices/${ID.hqPc}`)).status).toBe(404);
    expect((await s.del(`/api/devices/${ID.hqPc}`)).status).toBe(404);
    expect(sim.control.deletedDevices()).toEqual([ID.hqPc]);
  });

  it('answers 405 on servers without the route (before 2026.1 by default), and deletes nothing', async () => {
    const { sim, s } = await session();
    expect((await s.del(`/api/devices/${ID.hqPc}`)).status).toBe(405);
    expect((await s.get(`/api/devices/${ID.hqPc}`)).status).toBe(200);
    expect(sim.control.deletedDevices()).toEqual([]);
    const forced = await session({ deviceDelete: true });
    expect((await forced.s.del(`/api/devices/${ID.hqPc}`)).status).toBe(204);
  });
});
