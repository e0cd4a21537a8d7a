import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

import type { LinkSuggestionRecord, RmmClient } from '@rmm-hub/core';

import { PostgresStore } from './postgres-store.js';
import { useTestDatabase } from './test-support/test-database.js';

const database = useTestDatabase();
const AT = '2026-01-01T00:00:00.000Z';
const LATER = '2026-01-02T00:00:00.000Z';
const stores: PostgresStore[] = [];
let schemas = 0;

const client = (id: string): RmmClient => ({ id, name: `Client ${id}`, kind: 'customer', hints: { domains: [], externalIds: {} } });

/** A store in a schema of its own with one integration, two tenants and three clients. */
async function fresh(): Promise<PostgresStore> {
  const store = await PostgresStore.open({ url: database.url, schema: `links_${++schemas}` });
  stores.push(store);
  await store.integrations.upsert({ id: 'nc', pluginId: 'ncentral', displayName: 'N-central', enabled: true });
  for (const id of ['t1', 't2']) await store.tenants.upsert({ id, name: id, domains: [], isMsp: false, createdAt: AT });
  await store.clients.upsertMany('nc', [client('1'), client('2'), client('3')], AT);
  return store;
}

afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
});

const suggestion = (clientId: string, tenantId: string, score: number, rank: number): LinkSuggestionRecord => ({
  integrationId: 'nc', clientId, tenantId, score, rank, reasons: [{ kind: 'name', weight: score, detail: `name ${clientId}` }],
});

describe('tenant links', () => {
  it('puts a link once, keeps createdAt while the tenant stays, and removes it', async () => {
    const store = await fresh();
    const link = { integrationId: 'nc', clientId: '1', tenantId: 't1', source: 'auto' as const, score: 0.93, reasons: [{ kind: 'name', weight: 0.9, detail: 'same name' }], createdAt: AT };
    expect(await store.links.putLink(link)).toBe(true);
    const before = await store.changes();
    expect(await store.links.putLink({ ...link, createdAt: LATER })).toBe(false);
    expect(await store.changes()).toBe(before);
    expect(await store.links.putLink({ ...link, source: 'manual', createdAt: LATER })).toBe(true);
    expect((await store.links.getLink('nc', '1'))?.createdAt).toBe(AT);
    expect(await store.links.putLink({ ...link, tenantId: 't2', createdAt: LATER })).toBe(true);
    expect(await store.links.listLinks({ tenantId: 't2' })).toEqual([{ ...link, tenantId: 't2', createdAt: LATER }]);
    expect(await store.links.removeLink('nc', '1')).toMatchObject({ tenantId: 't2' });
    expect(await store.links.removeLink('nc', '1')).toBeUndefined();
    expect(await store.links.listLinks()).toEqual([]);
  });

  it('decisions are revoked once, never changed otherwise, and listed oldest first', async () => {
    const store = await fresh();
    await store.links.insertDecision({ id: 'd2', integrationId: 'nc', clientId: '2', kind: 'keep-separate', actor: 'bob', decidedAt: LATER });
    await store.links.insertDecision({ id: 'd1', integrationId: 'nc', clientId: '1', kind: 'link', tenantId: 't1', actor: 'alice', reason: 'PSA says so', decidedAt: AT });
    expect((await store.links.listDecisions()).map((d) => d.id)).toEqual(['d1', 'd2']);
    expect(await store.links.revokeDecision('d1', { actor: 'carol', at: LATER, reason: 'wrong tenant' })).toBe(true);
    expect(await store.links.revokeDecision('d1', { actor: 'carol', at: LATER })).toBe(false);
    expect(await store.links.listDecisions({ clientId: '1' })).toEqual([]);
    expect(await store.links.getDecision('d1')).toEqual({
      id: 'd1', integrationId: 'nc', clientId: '1', kind: 'link', tenantId: 't1', actor: 'alice', reason: 'PSA says so', decidedAt: AT, revokedAt: LATER, revokedBy: 'carol', revokeReason: 'wrong tenant',
    });
    const raw = new pg.Client({ connectionString: database.url, options: `-c search_path=${store.schema}` });
    await raw.connect();
    try {
      await expect(raw.query(`UPDATE link_decisions SET actor = 'mallory' WHERE id = 'd2'`)).rejects.toThrow(/only be revoked/);
      await expect(raw.query(`DELETE FROM link_decisions`)).rejects.toThrow(/never deleted/);
    } finally {
      await raw.end();
    }
  });

  it('replaces the suggestions writing only the rows that differ, in set statements', async () => {
    const store = await fresh();
    expect(await store.links.replaceSuggestions([suggestion('1', 't1', 0.8, 0), suggestion('1', 't2', 0.7, 1), suggestion('2', 't2', 0.6, 0)])).toEqual({ inserted: 3, updated: 0, deleted: 0, unchanged: 0 });
    const before = await store.changes();
    expect(await store.links.replaceSuggestions([suggestion('2', 't2', 0.6, 0), suggestion('1', 't2', 0.7, 1), suggestion('1', 't1', 0.8, 0)])).toEqual({ inserted: 0, updated: 0, deleted: 0, unchanged: 3 });
    expect(await store.changes()).toBe(before);
    expect(await store.links.replaceSuggestions([suggestion('1', 't1', 0.85, 0), suggestion('3', 't1', 0.5, 0)])).toEqual({ inserted: 1, updated: 1, deleted: 2, unchanged: 0 });
    expect(await store.links.listSuggestions()).toEqual([suggestion('1', 't1', 0.85, 0), suggestion('3', 't1', 0.5, 0)]);
    expect(await store.links.listSuggestions({ clientId: '3' })).toEqual([suggestion('3', 't1', 0.5, 0)]);
  });

  it('the input fingerprint stays while nothing a run reads or writes changes, and moves when something does', async () => {
    const store = await fresh();
    const first = await store.links.inputFingerprint();
    expect(await store.links.inputFingerprint()).toBe(first);
    await store.clients.upsertMany('nc', [client('1'), client('2'), client('3')], LATER);
    expect(await store.links.inputFingerprint()).toBe(first);
    await store.tenants.upsert({ id: 't3', name: 't3', domains: [], isMsp: false });
    const withTenant = await store.links.inputFingerprint();
    expect(withTenant).not.toBe(first);
    await store.agents.upsertMany('nc', [{ id: 'a1', clientId: '1', hostname: 'PC-1', online: true, canRunScripts: true, identity: { macAddresses: [] } }], AT);
    const withAgent = await store.links.inputFingerprint();
    expect(withAgent).not.toBe(withTenant);
    await store.links.replaceSuggestions([suggestion('1', 't1', 0.8, 0)]);
    expect(await store.links.inputFingerprint()).not.toBe(withAgent);
  });
});
