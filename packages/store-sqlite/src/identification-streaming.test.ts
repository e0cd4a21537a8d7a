/**
 * Identification streamed from the store, tenant by tenant (`run()` without agents, what the
 * sync uses), against the same agents given in memory: both must store the same computers,
 * links and conflicts. And what only the streamed path meets: clients re-linked to another
 * tenant, tenants that lost every client.
 */
import { fc, test } from '@fast-check/vitest';
import { IdentificationService, type IdentifiedAgent } from '@rmm-hub/core';
import { describe, expect, it } from 'vitest';

import { SqliteStore } from './sqlite-store.js';

const AT = '2025-06-01T00:00:00.000Z';
const UUIDS = ['A1B2C3D4-0000-1111-2222-333344445555', 'A1B2C3D4-0000-1111-2222-333344445556', '03000200-0400-0500-0006-000700080009'];
const SERIALS = ['SN-1', 'SN-2', 'To Be Filled By O.E.M.'];

interface Placement {
  integrationId: 'nc' | 'cw';
  clientId: string;
  agent: IdentifiedAgent;
}

const CLIENT_TENANTS: Record<string, string> = { c1: 'ta', c2: 'ta', c3: 'tb', c4: 'tc' };

async function openStore(placements: readonly Placement[], tenantOf: Record<string, string> = CLIENT_TENANTS): Promise<SqliteStore> {
  const store = SqliteStore.open({ path: ':memory:' });
  await store.transaction(async () => {
    for (const id of ['nc', 'cw']) await store.integrations.upsert({ id, pluginId: id, displayName: id, enabled: true });
    for (const id of ['ta', 'tb', 'tc']) await store.tenants.upsert({ id, name: id, domains: [], isMsp: false });
    for (const integrationId of ['nc', 'cw']) {
      await store.clients.upsertMany(integrationId, Object.keys(tenantOf).map((id) => ({ id, name: `Client ${id}`, kind: 'customer' as const, hints: { domains: [], externalIds: {} } })), AT);
      for (const [clientId, tenantId] of Object.entries(tenantOf)) await link(store, integrationId, clientId, tenantId);
    }
    for (const p of placements) await store.agents.upsertMany(p.integrationId, [{ ...p.agent, clientId: p.clientId }], AT);
  });
  return store;
}

async function link(store: SqliteStore, integrationId: string, clientId: string, tenantId: string): Promise<void> {
  await store.links.putLink({ integrationId, clientId, tenantId, source: 'manual', reasons: [], createdAt: AT });
}

async function stored(store: SqliteStore): Promise<{ computers: string[]; links: string[]; conflicts: string[] }> {
  const all = await store.computers.loadAll();
  return {
    computers: all.computers.map((c) => `${c.id} ${c.tenantId} ${c.name} ${c.retiredAt ?? ''}`).sort(),
    links: all.links.map((l) => `${l.integrationId}/${l.agentId} ${l.computerId} ${l.evidence} ${l.flags}`).sort(),
    conflicts: (await store.computers.listConflicts()).map((c) => `${c.id} ${c.kind} ${c.computerIds.join(',')} ${c.status}`).sort(),
  };
}

const placementArb = fc
  .array(
    fc.record({
      integrationId: fc.constantFrom('nc' as const, 'cw' as const),
      clientId: fc.constantFrom('c1', 'c2', 'c3', 'c4'),
      host: fc.constantFrom('PC1', 'PC2', 'SRV'),
      online: fc.boolean(),
      uuid: fc.option(fc.constantFrom(...UUIDS), { nil: undefined }),
      serial: fc.option(fc.constantFrom(...SERIALS), { nil: undefined }),
      mac: fc.option(fc.constantFrom('00:1A:2B:3C:4D:01', '00:1A:2B:3C:4D:02'), { nil: undefined }),
    }),
    { maxLength: 20 },
  )
  .map((rows) =>
    rows.map((r, i): Placement => ({
      integrationId: r.integrationId,
      clientId: r.clientId,
      agent: {
        id: String(i), clientId: r.clientId, hostname: r.host, online: r.online, lastSeen: AT, canRunScripts: true,
        identity: { smbiosUuid: r.uuid, serialNumber: r.serial, macAddresses: r.mac === undefined ? [] : [r.mac] },
      },
    })),
  );

describe('identification streamed from the store', () => {
  test.prop([placementArb], { numRuns: 60 })('stores what the same agents given in memory store', async (placements) => {
    const streamed = await openStore(placements);
    const inMemory = await openStore(placements);
    const a = await new IdentificationService({ store: streamed, now: () => new Date(AT) }).run();
    const service = new IdentificationService({ store: inMemory, now: () => new Date(AT) });
    const b = await service.run(await service.agentsFromStore());
    expect(await stored(streamed)).toEqual(await stored(inMemory));
    expect(a.conflicts).toEqual(b.conflicts);
    // Timings aside: those differ between any two runs.
    expect({ ...a, durationMs: 0, phases: undefined }).toEqual({ ...b, durationMs: 0, phases: undefined });
    await streamed.close();
    await inMemory.close();
  });

  it('moves the agents of a client re-linked to another tenant to computers there, retiring the old ones', async () => {
    const agent = (id: string, clientId: string, uuid: string): Placement => ({
      integrationId: 'nc', clientId, agent: { id, clientId, hostname: `PC${id}`, online: false, lastSeen: AT, canRunScripts: true, identity: { smbiosUuid: uuid, macAddresses: [] } },
    });
    const store = await openStore([agent('1', 'c3', UUIDS[0] as string), agent('2', 'c1', UUIDS[1] as string)]);
    const service = new IdentificationService({ store, now: () => new Date(AT) });
    await service.run();
    const before = (await store.computers.getLink({ integrationId: 'nc', agentId: '1' }))?.computerId as string;
    expect((await store.computers.get(before))?.tenantId).toBe('tb');

    await store.transaction(async () => link(store, 'nc', 'c3', 'tc'));
    const moved = await service.run();
    const after = (await store.computers.getLink({ integrationId: 'nc', agentId: '1' }))?.computerId as string;
    expect(after).not.toBe(before);
    expect((await store.computers.get(after))?.tenantId).toBe('tc');
    expect((await store.computers.get(before))?.retiredAt).toBe(AT);
    expect(moved).toMatchObject({ agentsMoved: 1, computersRetired: 1, computersCreated: 1, linksRemoved: 0 });
    expect((await store.computers.timeline(after)).map((e) => e.kind)).toEqual(['merged']);
    expect(await service.run()).toMatchObject({ linksWritten: 0, computersCreated: 0, computersUpdated: 0, computersRetired: 0, linksRemoved: 0 });
    await store.close();
  });

  it('retires the computers and removes the links of a tenant that lost its clients', async () => {
    const store = await openStore([
      { integrationId: 'nc', clientId: 'c4', agent: { id: '7', clientId: 'c4', hostname: 'PC7', online: true, canRunScripts: true, identity: { smbiosUuid: UUIDS[0], macAddresses: [] } } },
      { integrationId: 'cw', clientId: 'c1', agent: { id: '8', clientId: 'c1', hostname: 'PC8', online: true, canRunScripts: true, identity: { smbiosUuid: UUIDS[1], macAddresses: [] } } },
    ]);
    const service = new IdentificationService({ store, now: () => new Date(AT) });
    await service.run();
    const gone = (await store.computers.getLink({ integrationId: 'nc', agentId: '7' }))?.computerId as string;
    await store.transaction(async () => await store.links.removeLink('nc', 'c4'));
    const run = await service.run();
    expect(run).toMatchObject({ computersRetired: 1, linksRemoved: 1, agents: 1 });
    expect((await store.computers.get(gone))?.retiredAt).toBe(AT);
    expect(await store.computers.getLink({ integrationId: 'nc', agentId: '7' })).toBeUndefined();
    expect(await store.computers.getLink({ integrationId: 'cw', agentId: '8' })).toBeDefined();
    await store.close();
  });
});
