/**
 * What `rmm-hub serve` reads and writes: API tokens (hashed, names unique among live tokens),
 * computers a page at a time in (name without case, id) order with their counts, and the audit log a page at
 * a time, newest first. Walking every page must give exactly the whole filtered list, once.
 */
import type { AgentLinkRecord, ComputerRecord, ComputerSummary, ConflictRecord } from '@rmm-hub/core';
import { describe, expect, it } from 'vitest';

import { SqliteStore } from '../sqlite-store.js';

const AT = '2025-06-01T00:00:00.000Z';

async function storeWithComputers(n: number): Promise<SqliteStore> {
  const store = SqliteStore.open({ path: ':memory:' });
  await store.transaction(async () => {
    await store.integrations.upsert({ id: 'nc', pluginId: 'nc', displayName: 'nc', enabled: true });
    for (const t of ['ta', 'tb']) await store.tenants.upsert({ id: t, name: t, domains: [], isMsp: false });
    await store.agents.upsertMany('nc', Array.from({ length: n }, (_, i) => ({ id: String(i), clientId: 'c', hostname: `H${i}`, online: false, identity: { macAddresses: [] }, canRunScripts: true })), AT);
    const computers: ComputerRecord[] = Array.from({ length: n }, (_, i) => ({
      // Names repeat (every 7th) so the id breaks ties, in both cases so the order must ignore case.
      id: `c${String(i).padStart(3, '0')}`, tenantId: i % 3 ? 'ta' : 'tb', name: `${i % 2 ? 'PC' : 'pc'}_${i % 7}`, createdAt: AT, retiredAt: i % 10 === 9 ? AT : undefined,
    }));
    await store.computers.upsertComputers(computers);
    const links: AgentLinkRecord[] = Array.from({ length: n }, (_, i) => ({ integrationId: 'nc', agentId: String(i), computerId: computers[i % 5]!.id, evidence: '', flags: i % 4, linkedAt: AT }));
    await store.computers.upsertLinks(links);
    const conflict: ConflictRecord = { id: 'k1', kind: 'clone', tenantIds: ['ta'], key: 'uuid=x', computerIds: ['c001', 'c002'], ambiguousAgents: [], detail: '', status: 'open', firstSeenAt: AT, updatedAt: AT };
    await store.computers.upsertConflicts([conflict, { ...conflict, id: 'k2', computerIds: ['c001'], status: 'resolved' }]);
  });
  return store;
}

async function walk(store: SqliteStore, query: Omit<Parameters<SqliteStore['computers']['page']>[0], 'limit' | 'after'>, limit: number): Promise<ComputerSummary[]> {
  const all: ComputerSummary[] = [];
  let after: { name: string; id: string } | undefined;
  for (;;) {
    const page = await store.computers.page({ ...query, after, limit });
    all.push(...page);
    if (page.length < limit) return all;
    const last = page.at(-1)!;
    after = { name: last.name, id: last.id };
  }
}

describe('computers a page at a time', () => {
  it('walks every computer once, in (name without case, id) order, whatever the page size', async () => {
    const store = await storeWithComputers(40);
    const key = (c: { name: string; id: string }): string => `${c.name.toLowerCase()}\u0000${c.id}`;
    const expected = (await store.computers.list({})).sort((a, b) => (key(a) < key(b) ? -1 : 1)).map((c) => c.id);
    for (const limit of [1, 3, 7, 100]) expect((await walk(store, {}, limit)).map((c) => c.id)).toEqual(expected);
    await store.close();
  });

  it('filters by tenant, retirement and search (the start of the name, in any case)', async () => {
    const store = await storeWithComputers(40);
    expect((await walk(store, { tenantId: 'tb' }, 4)).every((c) => c.tenantId === 'tb' && c.retiredAt === undefined)).toBe(true);
    expect(await walk(store, { includeRetired: true }, 10)).toHaveLength(40);
    // Computers 3, 10, 17, 24, 31 and 38 are named PC_3.
    expect((await walk(store, { search: 'pc_3' }, 2)).map((c) => c.name.toUpperCase())).toEqual(Array(6).fill('PC_3'));
    // The start of the name only: a part further in matches nothing; `%` is a character, not a wildcard.
    expect(await walk(store, { search: 'C_3' }, 5)).toEqual([]);
    expect(await walk(store, { search: 'PC%' }, 5)).toEqual([]);
    expect(await walk(store, { search: 'pc' }, 7)).toHaveLength(36);
    await store.close();
  });

  it('counts agents, stale agents, agents needing identity and open conflicts for each', async () => {
    const store = await storeWithComputers(40);
    const byId = async (id: string): Promise<ComputerSummary | undefined> => (await walk(store, { includeRetired: true }, 50)).find((c) => c.id === id);
    const c001 = await byId('c001');
    // Agents 1, 6, 11, … 36 link to c001; flags i % 4: bit 1 stale, bit 2 needs identity.
    const agents = [1, 6, 11, 16, 21, 26, 31, 36];
    expect(c001).toMatchObject({
      agents: agents.length,
      staleAgents: agents.filter((i) => (i % 4) & 1).length,
      needsIdentity: agents.filter((i) => (i % 4) & 2).length,
      openConflicts: 1,
    });
    const c010 = await byId('c010');
    expect(c010).toMatchObject({ agents: 0, openConflicts: 0 });
    await store.close();
  });
});

describe('the audit log a page at a time', () => {
  it('pages newest first before a sequence number, filtered by actor, action and subject', async () => {
    const store = SqliteStore.open({ path: ':memory:' });
    for (let i = 0; i < 10; i++) await store.audit.append({ actor: i % 2 ? 'ann' : 'bob', action: i < 5 ? 'link:accept' : 'script:run', subject: `s${i % 3}`, details: {} });
    const first = await store.audit.page({ limit: 4 });
    expect(first.map((e) => e.seq)).toEqual([10, 9, 8, 7]);
    expect((await store.audit.page({ limit: 4, beforeSeq: 7 })).map((e) => e.seq)).toEqual([6, 5, 4, 3]);
    expect((await store.audit.page({ limit: 10, actor: 'ann', action: 'script:run' })).map((e) => e.seq)).toEqual([10, 8, 6]);
    expect((await store.audit.page({ limit: 10, subject: 's0', beforeSeq: 7 })).map((e) => e.seq)).toEqual([4, 1]);
    await store.close();
  });
});

describe('API tokens', () => {
  it('finds a token by its secret hash, lists it without the hash, revokes it by name or id', async () => {
    const store = SqliteStore.open({ path: ':memory:' });
    await store.apiTokens.create({ id: 't1', name: 'ann', role: 'operator', secretHash: 'h1', createdAt: AT });
    await store.apiTokens.create({ id: 't2', name: 'bob', role: 'viewer', secretHash: 'h2', createdAt: AT });
    expect(await store.apiTokens.findBySecretHash('h2')).toEqual({ id: 't2', name: 'bob', role: 'viewer', createdAt: AT, lastUsedAt: undefined, revokedAt: undefined });
    expect(JSON.stringify(await store.apiTokens.list())).not.toContain('h1');
    await store.apiTokens.touch('t1', '2025-06-02T00:00:00.000Z');
    expect((await store.apiTokens.findBySecretHash('h1'))?.lastUsedAt).toBe('2025-06-02T00:00:00.000Z');
    expect((await store.apiTokens.revoke('ann', AT))?.id).toBe('t1');
    expect((await store.apiTokens.revoke('t2', AT))?.revokedAt).toBe(AT);
    expect(await store.apiTokens.revoke('nobody', AT)).toBeUndefined();
    expect((await store.apiTokens.findBySecretHash('h1'))?.revokedAt).toBe(AT);
    await store.close();
  });

  it('refuses a second live token of the same name with a coded error, and allows the name again once revoked', async () => {
    const store = SqliteStore.open({ path: ':memory:' });
    await store.apiTokens.create({ id: 't1', name: 'ann', role: 'admin', secretHash: 'h1', createdAt: AT });
    await expect(store.apiTokens.create({ id: 't2', name: 'ann', role: 'viewer', secretHash: 'h2', createdAt: AT })).rejects.toMatchObject({ code: 'RMM_ERR_USAGE' });
    await store.apiTokens.revoke('ann', AT);
    await store.apiTokens.create({ id: 't3', name: 'ann', role: 'viewer', secretHash: 'h3', createdAt: AT });
    expect((await store.apiTokens.list()).map((t) => [t.id, t.revokedAt === undefined])).toEqual([['t1', false], ['t3', true]]);
    await store.close();
  });
});
