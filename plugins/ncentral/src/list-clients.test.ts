import { ListClients, RmmClient } from '@rmm-hub/core/plugin';
import { afterEach, describe, expect, it } from 'vitest';

import { collect, startHarness, type Harness, type HarnessOptions } from './ncentral-harness.test.helper.js';
import { parseCustomer, parseSite } from './list-clients.js';

const harnesses: Harness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});
async function start(options: HarnessOptions = {}): Promise<Harness> {
  const h = await startHarness(options);
  harnesses.push(h);
  return h;
}

const EXPECTED = [
  { id: '237', name: 'Contoso Ltd', kind: 'customer', parentId: '50', hints: { externalIds: { externalId: 'PSA-42' }, domains: [] } },
  { id: '238', name: 'Fabrikam & Sons', kind: 'customer', parentId: '50', hints: { externalIds: {}, domains: [] } },
  { id: '239', name: 'Internal Test', kind: 'customer', parentId: '50', hints: { externalIds: {}, domains: [] } },
  { id: '301', name: 'Contoso HQ', kind: 'site', parentId: '237', hints: { externalIds: {}, domains: [] } },
  { id: '302', name: 'Contoso Branch', kind: 'site', parentId: '237', hints: { externalIds: {}, domains: [] } },
];

describe('ListClients', () => {
  it('finds the sites as their customers\' org-unit children on a server without GET /api/sites', async () => {
    const h = await start({ config: { pageSize: 2 }, sim: { sitesList: false } });
    expect(await collect(h.get(ListClients).listClients())).toEqual(EXPECTED);
    expect(h.sim.stats.byRoute['GET /api/org-units/:orgUnitId/children']).toBeGreaterThan(0);
  });

  it('streams customers with their service org and external ids, then sites under their customer', async () => {
    const h = await start({ config: { pageSize: 2 } });
    const clients = await collect(h.get(ListClients).listClients());
    expect(clients).toEqual(EXPECTED);
    for (const c of clients) expect(() => RmmClient.parse(c)).not.toThrow();
  });

  it.each(['paged', 'unpaged', 'query-response'] as const)('reads every org-list envelope (%s) without gaps or repeats', async (orgListMode) => {
    const h = await start({ sim: { orgListMode }, config: { pageSize: 2 } });
    expect(await collect(h.get(ListClients).listClients())).toEqual(EXPECTED);
  });

  it('limits itself to the configured service orgs', async () => {
    const h = await start({ config: { serviceOrgIds: ['50'] } });
    expect((await collect(h.get(ListClients).listClients())).map((c) => c.id)).toEqual(['237', '238', '239', '301', '302']);
    const none = await start({ config: { serviceOrgIds: [51] } });
    await expect(collect(none.get(ListClients).listClients())).rejects.toMatchObject({ code: 'RMM_ERR_NOT_FOUND' });
  });

  it('recovers from an error inside a 200 and a truncated page on the customer list', async () => {
    const h = await start({ config: { pageSize: 1 } });
    h.sim.control.errorInside200({ times: 1, pathPrefix: '/api/customers' });
    h.sim.faults.add({ kind: 'truncated-json', route: '/api/sites', times: 1 });
    expect(await collect(h.get(ListClients).listClients())).toEqual(EXPECTED);
  });

  it('coerces ids and tolerates missing fields in records', () => {
    expect(parseCustomer({ customerId: 237, customerName: ' X ', soId: '50', externalId: '', externalId2: 9 })).toEqual({
      id: '237', name: 'X', kind: 'customer', parentId: '50', hints: { externalIds: { externalId2: '9' }, domains: [] },
    });
    expect(parseCustomer({ customerId: 'abc', customerName: 'X' })).toBeUndefined();
    expect(parseCustomer({ customerId: '5', customerName: 'Y' }, '77')?.parentId).toBe('77');
    expect(parseSite({ siteId: '301', siteName: 'HQ' })).toBeUndefined();
    expect(parseSite({ orgUnitId: '301', orgUnitName: 'HQ', parentId: '237' })).toMatchObject({ id: '301', parentId: '237', kind: 'site' });
  });
});
