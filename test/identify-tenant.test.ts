/**
 * One tenant at a time (`IdentificationService.identifyTenant`), as the sync identifies a tenant
 * once its listings are done: tenants identified one by one end as one run of them all would.
 */
import { describe, expect, it } from 'vitest';

import { IdentificationService, MemoryStore, type AgentIdentity, type IdentificationAgent } from '@rmm-hub/core';

import { identificationOutcome as outcome } from './support/identification-outcome.js';

const AT = '2025-06-01T00:00:00.000Z';

function testAgent(integrationId: string, agentId: string, o: Omit<IdentificationAgent, 'integrationId' | 'agentId' | 'identity' | 'online' | 'canRunScripts'> & { identity: Partial<AgentIdentity> }): IdentificationAgent {
  return { integrationId, agentId, online: false, lastSeen: AT, canRunScripts: true, ...o, identity: { macAddresses: [], ...o.identity } };
}
const SHARED = 'A1B2C3D4-0000-1111-2222-333344445555';
const CLONED = 'B1B2C3D4-0000-1111-2222-333344445555';

/** ta and tb share a machine (a moved or mis-linked one); ta has a cloned VM pair; tc stands apart. */
const fleet: IdentificationAgent[] = [
  testAgent('nc', '1', { tenantId: 'ta', hostname: 'PC-1', identity: { smbiosUuid: SHARED, serialNumber: 'CZC100' } }),
  testAgent('cw', '1', { tenantId: 'ta', hostname: 'PC-1', identity: { serialNumber: 'CZC100', macAddresses: ['A4:BB:6D:00:00:01'] } }),
  testAgent('nc', '2', { tenantId: 'ta', hostname: 'VM-A', identity: { smbiosUuid: CLONED, serialNumber: 'VMW-A' } }),
  testAgent('nc', '3', { tenantId: 'ta', hostname: 'VM-B', identity: { smbiosUuid: CLONED, serialNumber: 'VMW-B' } }),
  testAgent('nc', '4', { tenantId: 'tb', hostname: 'PC-1', identity: { smbiosUuid: SHARED, serialNumber: 'CZC100' } }),
  testAgent('nc', '5', { tenantId: 'tb', hostname: 'PC-5', identity: { smbiosUuid: 'C1B2C3D4-0000-1111-2222-333344445555' } }),
  testAgent('nc', '6', { tenantId: 'tc', hostname: 'PC-6', identity: { serialNumber: 'CZC600' } }),
];

async function storeOf(agents: readonly IdentificationAgent[]): Promise<MemoryStore> {
  const store = new MemoryStore();
  for (const id of ['nc', 'cw']) await store.integrations.upsert({ id, pluginId: id, displayName: id, enabled: true });
  for (const a of agents) {
    const clientId = `c-${a.tenantId}`;
    await store.tenants.upsert({ id: a.tenantId, name: a.tenantId, domains: [], isMsp: false });
    await store.clients.upsertMany(a.integrationId, [{ id: clientId, name: clientId, kind: 'customer', hints: { domains: [], externalIds: {} } }], AT);
    await store.links.putLink({ integrationId: a.integrationId, clientId, tenantId: a.tenantId, source: 'manual', reasons: [], createdAt: AT });
    await store.agents.upsertMany(a.integrationId, [{ id: a.agentId, clientId, hostname: a.hostname, online: a.online, lastSeen: a.lastSeen, identity: a.identity, canRunScripts: a.canRunScripts }], AT);
  }
  return store;
}

describe('IdentificationService.identifyTenant', () => {
  it('writes only its tenant, with the cross-tenant conflicts it is part of', async () => {
    const store = await storeOf(fleet);
    const service = new IdentificationService({ store, now: () => new Date(AT) });
    const summary = await service.identifyTenant('ta');
    expect(summary.agents).toBe(4);
    expect(summary.conflicts.map((c) => c.kind).sort()).toEqual(['clone', 'cross-tenant']);
    const computers = await store.computers.list();
    expect([...new Set(computers.map((c) => c.tenantId))]).toEqual(['ta']);
    // tb's agents were identified to see the conflict, and its computer is the one tb's own run gives it.
    await service.identifyTenant('tb');
    // ta's own conflict is not tb's to clear.
    expect((await store.computers.listConflicts()).filter((c) => c.status === 'open').map((c) => c.kind).sort()).toEqual(['clone', 'cross-tenant']);
    const crossTenant = (await store.computers.listConflicts()).find((c) => c.kind === 'cross-tenant');
    expect(crossTenant?.computerIds).toHaveLength(2);
    expect(await store.computers.computerOf({ integrationId: 'nc', agentId: '4' })).toBe(crossTenant?.computerIds.find((id) => !computers.some((c) => c.id === id)));
  });

  it('one tenant after another ends where one run of them all does, and again after the fleet changes', async () => {
    const whole = await storeOf(fleet);
    const byTenant = await storeOf(fleet);
    const run = new IdentificationService({ store: whole, now: () => new Date(AT) });
    const oneByOne = new IdentificationService({ store: byTenant, now: () => new Date(AT) });
    await run.run();
    for (const tenantId of ['tc', 'tb', 'ta']) await oneByOne.identifyTenant(tenantId);
    expect(await outcome(byTenant)).toEqual(await outcome(whole));

    // tb's half of the shared machine goes: identifying ta clears their conflict; tb's computer is tb's to retire.
    for (const store of [whole, byTenant]) await store.agents.markGone('nc', ['c-tb'], new Set(['5']), AT);
    await run.run();
    await oneByOne.identifyTenant('ta');
    expect((await outcome(byTenant)).conflicts).toEqual((await outcome(whole)).conflicts);
    expect((await byTenant.computers.listConflicts()).filter((c) => c.status === 'open').map((c) => c.kind)).toEqual(['clone']);
    await oneByOne.identifyTenant('tb');
    expect(await outcome(byTenant)).toEqual(await outcome(whole));
  });
});
