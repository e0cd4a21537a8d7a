import type { AgentLinkRecord, ComputerRecord, ConflictRecord, IdentityReportRecord } from '@rmm-hub/core';
import { afterAll, describe, expect, it } from 'vitest';

import { PostgresStore } from './postgres-store.js';
import { useTestDatabase } from './test-support/test-database.js';

const database = useTestDatabase();
const AT = '2025-06-01T00:00:00.000Z';
const LATER = '2025-06-02T00:00:00.000Z';
const stores: PostgresStore[] = [];
let schemas = 0;

/** A store of its own with `agents` agents of one client linked to tenant `ta`. */
async function openStore(agents: number): Promise<PostgresStore> {
  const store = await PostgresStore.open({ url: database.url, schema: `computers_${++schemas}` });
  stores.push(store);
  await store.transaction(async () => {
    await store.integrations.upsert({ id: 'nc', pluginId: 'nc', displayName: 'nc', enabled: true });
    await store.tenants.upsert({ id: 'ta', name: 'ta', domains: [], isMsp: false });
    await store.clients.upsertMany('nc', [{ id: 'c', name: 'C', kind: 'customer', hints: { domains: [], externalIds: {} } }], AT);
    const list = Array.from({ length: agents }, (_, i) => ({ id: String(i), clientId: 'c', hostname: `H${i}`, online: false, identity: { macAddresses: [] }, canRunScripts: true, lastSeen: i === 1 ? LATER : i === 2 ? AT : undefined }));
    await store.agents.upsertMany('nc', list, AT);
  });
  return store;
}

afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
});

const computer = (i: number, name = `PC-${i}`): ComputerRecord => ({
  id: `c${String(i).padStart(4, '0')}`, tenantId: 'ta', name, createdAt: AT, osInstallDate: i % 2 ? '2024-01-01' : undefined, wipedInstallDate: undefined, retiredAt: i % 5 ? undefined : AT,
});
const link = (i: number, computerIndex = i, evidence = `e${i}`): AgentLinkRecord => ({
  integrationId: 'nc', agentId: String(i), computerId: computer(computerIndex).id, evidence, flags: i % 4, linkedAt: AT,
});
const ref = (i: number) => ({ integrationId: 'nc', agentId: String(i) });

describe('PostgreSQL computer repository', () => {
  it('writes computers and links exactly, the later row winning when a key repeats, listed by name', async () => {
    const store = await openStore(300);
    const computers = Array.from({ length: 300 }, (_, i) => computer(i));
    await store.computers.bulkLoad(async () => {
      await store.computers.upsertComputers(computers);
      await store.computers.upsertLinks([link(5, 5), link(5, 6, 'x'), ...Array.from({ length: 300 }, (_, i) => link(i)).filter((l) => l.agentId !== '5'), link(5, 7, 'y')]);
      await store.computers.upsertComputers([{ ...computer(3, 'renamed'), createdAt: LATER }, computer(3, 'renamed again')]);
    });
    const all = await store.computers.loadAll();
    const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : 1);
    expect(all.computers.sort(byId)).toEqual(computers.map((c, i) => (i === 3 ? { ...c, name: 'renamed again' } : c)));
    expect(all.links).toHaveLength(300);
    expect(await store.computers.getLink(ref(5))).toMatchObject({ computerId: computer(7).id, evidence: 'y' });
    expect(await store.computers.computerOf(ref(9))).toBe(computer(9).id);
    expect(await store.computers.counts()).toEqual({ computers: 300, links: 300 });
    expect((await store.computers.list()).length).toBe(240);
    const expected = all.computers.map((c) => [c.name, c.id]).sort(([an, ai], [bn, bi]) => (an! < bn! ? -1 : an! > bn! ? 1 : ai! < bi! ? -1 : 1)).map(([, id]) => id);
    expect((await store.computers.list({ tenantId: 'ta', includeRetired: true })).map((c) => c.id)).toEqual(expected);
    expect(await store.computers.tenantsWithActiveComputers()).toEqual(['ta']);
  });

  it('a bulk load that fails leaves nothing, and a reference to a missing computer fails it', async () => {
    const store = await openStore(3);
    await expect(store.computers.bulkLoad(async () => {
      await store.computers.upsertComputers([computer(0)]);
      throw new Error('mid-way');
    })).rejects.toThrow('mid-way');
    expect(await store.computers.counts()).toEqual({ computers: 0, links: 0 });
    await expect(store.computers.bulkLoad(() => store.computers.upsertLinks([link(0, 42)]))).rejects.toThrow(/foreign key/);
  });

  it('orders a computer’s agents by last seen, never-seen last; deletes links only where they still point', async () => {
    const store = await openStore(4);
    await store.computers.upsertComputers([computer(0), computer(1)]);
    await store.computers.upsertLinks([link(0, 0), link(1, 0), link(2, 0), link(3, 1)]);
    expect(await store.computers.agentsOf(computer(0).id)).toEqual([ref(1), ref(2), ref(0)]);
    expect((await store.computers.linksOf(computer(0).id)).map((l) => l.agentId)).toEqual(['0', '1', '2']);
    expect((await store.computers.linksToTenant('ta')).length).toBe(4);
    expect(await store.computers.deleteLinksTo([{ ...ref(0), computerId: computer(1).id }, { ...ref(3), computerId: computer(1).id }])).toBe(1);
    await store.computers.deleteLinks([ref(1), ref(2)]);
    expect(await store.computers.counts()).toEqual({ computers: 2, links: 1 });
  });

  it('pins, the timeline in the order given, and undoable operations with their changes', async () => {
    const store = await openStore(2);
    await store.computers.upsertComputers([computer(0)]);
    await store.computers.setPins([{ ...ref(0), computerId: computer(0).id, opId: 'op1', at: AT }, { ...ref(1), computerId: computer(0).id, opId: 'op1', at: AT }]);
    await store.computers.setPins([{ ...ref(1), computerId: 'elsewhere', opId: 'op2', at: LATER }]);
    expect(await store.computers.listPins(computer(0).id)).toEqual([{ ...ref(0), computerId: computer(0).id, opId: 'op1', at: AT }]);
    await store.computers.deletePins([ref(0)]);
    expect((await store.computers.listPins()).map((p) => p.agentId)).toEqual(['1']);

    const entries = ['merged', 'wiped', 'split'].map((kind, n) => ({ computerId: computer(0).id, at: AT, kind: kind as 'merged', opId: 'op1', summary: `step ${n}`, details: { n } }));
    await store.computers.appendTimeline(entries);
    const timeline = await store.computers.timeline(computer(0).id);
    expect(timeline.map(({ seq: _seq, ...entry }) => entry)).toEqual(entries);
    expect(timeline.map((e) => e.seq)).toEqual([...timeline.map((e) => e.seq)].sort((a, b) => a - b));

    const changes = [{ entity: 'link' as const, key: 'nc/0', before: null, after: computer(0).id }, { entity: 'computer' as const, key: computer(0).id, before: '{"b":1,"a":2}', after: null }];
    await store.computers.recordOp({ id: 'op1', kind: 'run', actor: 'system', at: AT, summary: 'first run' }, changes);
    await store.computers.markOpUndone('op1', 'alice', LATER);
    expect(await store.computers.getOp('op1')).toEqual({ op: { id: 'op1', kind: 'run', actor: 'system', at: AT, summary: 'first run', undoneAt: LATER, undoneBy: 'alice' }, changes });
    expect(await store.computers.getOp('none')).toBeUndefined();
  });

  it('conflicts by status and tenant; identity reports where a failure never replaces an ok answer', async () => {
    const store = await openStore(2);
    const conflict = (id: string, tenantIds: string[], status: ConflictRecord['status']): ConflictRecord => ({
      id, kind: 'cross-tenant', tenantIds, key: 'uuid=X', computerIds: ['c1', 'c2'], ambiguousAgents: [ref(0)], detail: 'same UUID', status, firstSeenAt: AT, updatedAt: AT,
    });
    await store.computers.upsertConflicts([conflict('k1', ['ta', 'tb'], 'open'), conflict('k2', ['tc'], 'open'), conflict('k2', ['tc'], 'resolved')]);
    expect((await store.computers.listConflicts({ status: 'open' })).map((c) => c.id)).toEqual(['k1']);
    expect((await store.computers.listConflicts({ tenantId: 'tb' })).map((c) => c.id)).toEqual(['k1']);
    expect(await store.computers.getConflict('k1')).toEqual({ ...conflict('k1', ['ta', 'tb'], 'open'), resolution: undefined, resolvedBy: undefined, resolvedAt: undefined });

    const report = (status: 'ok' | 'failed', identity?: string): IdentityReportRecord => ({ ...ref(0), status, identity, attempts: 1, at: AT });
    const identity = '{"smbiosUuid":"X","macAddresses":[]}';
    await store.computers.upsertIdentityReports([report('failed'), report('ok', identity), report('failed')]);
    expect(await store.computers.listIdentityReports()).toEqual([{ ...report('ok', identity), lastError: undefined, nextAttemptAt: undefined }]);
  });

  it('the input fingerprint moves with what identification reads and writes, and only then', async () => {
    const store = await openStore(2);
    await store.tenants.upsert({ id: 'ta', name: 'ta', domains: [], isMsp: false });
    await store.links.putLink({ integrationId: 'nc', clientId: 'c', tenantId: 'ta', source: 'manual', reasons: [], createdAt: AT });
    const first = await store.computers.inputFingerprint();
    expect(await store.computers.inputFingerprint()).toBe(first);
    await store.agents.upsertMany('nc', [{ id: '0', clientId: 'c', hostname: 'H0-renamed', online: false, identity: { macAddresses: [] }, canRunScripts: true }], AT);
    const renamed = await store.computers.inputFingerprint();
    expect(renamed).not.toBe(first);
    await store.computers.upsertComputers([computer(0)]);
    expect(await store.computers.inputFingerprint()).not.toBe(renamed);
  });
});
