import { fc, test } from '@fast-check/vitest';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import type { IdentifiedAgent, RmmClient } from '@rmm-hub/core';

import { PostgresStore } from './postgres-store.js';
import { PAGE_ROWS } from './repositories/keyset-pages.js';
import { useTestDatabase } from './test-support/test-database.js';

const database = useTestDatabase();
const AT = '2026-01-01T00:00:00.000Z';
const LATER = '2026-01-02T00:00:00.000Z';
const stores: PostgresStore[] = [];
let schemas = 0;

/** A store in a schema of its own: each test starts empty. */
async function fresh(): Promise<PostgresStore> {
  const store = await PostgresStore.open({ url: database.url, schema: `repo_${++schemas}` });
  stores.push(store);
  await store.integrations.upsert({ id: 'nc', pluginId: 'ncentral', displayName: 'N-central', enabled: true });
  return store;
}

async function sql(store: PostgresStore, text: string, params: unknown[] = []): Promise<void> {
  const client = new pg.Client({ connectionString: database.url, options: `-c search_path=${store.schema}` });
  await client.connect();
  try {
    await client.query(text, params);
  } finally {
    await client.end();
  }
}

const client = (id: string, name = `Client ${id}`): RmmClient => ({ id, name, kind: 'customer', hints: { domains: [], externalIds: {} } });
const agent = (id: string, clientId = 'c1', extra: Partial<IdentifiedAgent> = {}): IdentifiedAgent => ({
  id, clientId, hostname: `PC-${id}.corp.example`, online: true, canRunScripts: true, identity: { macAddresses: ['AA-BB-CC-00-11-22'], smbiosUuid: `4C4C4544-0000-0000-0000-${id.padStart(12, '0')}` }, ...extra,
});

let shared: PostgresStore;
beforeAll(async () => {
  shared = await fresh();
});
afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
});

describe('integrations and tenants', () => {
  it('an unchanged upsert writes nothing', async () => {
    const store = await fresh();
    const before = await store.changes();
    await store.integrations.upsert({ id: 'nc', pluginId: 'ncentral', displayName: 'N-central', enabled: true });
    expect(await store.changes()).toBe(before);
    await store.integrations.upsert({ id: 'nc', pluginId: 'ncentral', displayName: 'N-central (EU)', enabled: false });
    await store.integrations.recordHealth('nc', { status: 'healthy', checks: [] } as never);
    await store.integrations.recordSync('nc', AT);
    expect(await store.integrations.get('nc')).toEqual({ id: 'nc', pluginId: 'ncentral', displayName: 'N-central (EU)', enabled: false, lastHealth: { status: 'healthy', checks: [] }, lastSyncAt: AT });
    expect(await store.integrations.get('none')).toBeUndefined();
  });

  it('tenants: domains normalised, true only when something changed', async () => {
    const store = await fresh();
    expect(await store.tenants.upsert({ id: 't1', name: 'Contoso', domains: ['Contoso.com', 'a.example'], isMsp: false, createdAt: AT })).toBe(true);
    expect(await store.tenants.upsert({ id: 't1', name: 'Contoso', domains: ['a.example', 'contoso.com'], isMsp: false })).toBe(false);
    expect(await store.tenants.upsert({ id: 't1', name: 'Contoso Ltd', domains: ['a.example', 'contoso.com'], isMsp: false })).toBe(true);
    expect(await store.tenants.list()).toEqual([{ id: 't1', name: 'Contoso Ltd', psaCompanyId: undefined, domains: ['a.example', 'contoso.com'], isMsp: false, createdAt: AT }]);
  });
});

describe('clients', () => {
  it('counts inserts, updates and unchanged rows, marks the unlisted gone and brings them back', async () => {
    const store = await fresh();
    expect(await store.clients.upsertMany('nc', [client('2'), client('1'), client('3')], AT)).toEqual({ inserted: 3, updated: 0, unchanged: 0 });
    const before = await store.changes();
    expect(await store.clients.upsertMany('nc', [client('1'), client('2'), client('3')], LATER)).toEqual({ inserted: 0, updated: 0, unchanged: 3 });
    expect(await store.changes()).toBe(before);
    expect(await store.clients.markGone('nc', new Set(['1', '2']), LATER)).toBe(1);
    expect(await store.clients.markGone('nc', new Set(['1', '2']), LATER)).toBe(0);
    expect((await store.clients.list()).map((c) => c.id)).toEqual(['1', '2']);
    expect((await store.clients.get('nc', '3'))?.goneAt).toBe(LATER);
    expect(await store.clients.upsertMany('nc', [client('3'), client('1', 'Renamed')], LATER)).toEqual({ inserted: 0, updated: 2, unchanged: 0 });
    expect(await store.clients.get('nc', '3')).toMatchObject({ goneAt: undefined, firstSeenAt: AT });
    expect((await store.clients.list({ integrationId: 'nc', includeGone: true })).map((c) => [c.id, c.name])).toEqual([['1', 'Renamed'], ['2', 'Client 2'], ['3', 'Client 3']]);
  });

  it('a client listed twice in one page counts as a row-by-row upsert would, and keeps the last', async () => {
    const store = await fresh();
    expect(await store.clients.upsertMany('nc', [client('1'), client('1'), client('1', 'Second')], AT)).toEqual({ inserted: 1, updated: 1, unchanged: 1 });
    expect((await store.clients.get('nc', '1'))?.name).toBe('Second');
  });
});

// PostgreSQL text cannot hold NUL; RMM strings never carry one.
const text = fc.string({ maxLength: 12, unit: 'binary' }).map((s) => s.replace(/\0/g, ''));
const agentArb = fc.record(
  {
    id: fc.integer({ min: 1, max: 1_000 }).map(String),
    clientId: fc.integer({ min: 1, max: 50 }).map(String),
    siteId: fc.integer({ min: 1, max: 50 }).map(String),
    hostname: text,
    os: text,
    online: fc.boolean(),
    lastSeen: fc.constant('2026-01-01T10:00:00.000Z'),
    identity: fc.record(
      { smbiosUuid: text, serialNumber: text, manufacturer: text, model: text, macAddresses: fc.array(text, { maxLength: 3 }), osInstallDate: fc.constant(AT) },
      { requiredKeys: ['macAddresses'] },
    ),
    canRunScripts: fc.boolean(),
  },
  { requiredKeys: ['id', 'clientId', 'hostname', 'online', 'identity', 'canRunScripts'] },
) as fc.Arbitrary<IdentifiedAgent>;

describe('agents', () => {
  let runs = 0;
  test.prop([fc.uniqueArray(agentArb, { selector: (a) => a.id, maxLength: 40 })], { numRuns: 25 })('an unchanged second upsert writes nothing, and every field round-trips', async (agents) => {
    // An integration of its own per run: starts empty without a new schema each time.
    const store = shared;
    const integration = `prop-${++runs}`;
    await store.integrations.upsert({ id: integration, pluginId: 'ncentral', displayName: integration, enabled: true });
    expect(await store.agents.upsertMany(integration, agents, AT)).toEqual({ inserted: agents.length, updated: 0, unchanged: 0 });
    const before = await store.changes();
    expect(await store.agents.upsertMany(integration, agents, AT)).toEqual({ inserted: 0, updated: 0, unchanged: agents.length });
    expect(await store.changes()).toBe(before);
    for (const listed of agents) {
      const { firstSeenAt, goneAt, integrationId, ...stored } = (await store.agents.get(integration, listed.id))!;
      expect({ firstSeenAt, goneAt, integrationId }).toEqual({ firstSeenAt: AT, goneAt: undefined, integrationId: integration });
      expect(stored).toEqual(Object.fromEntries(Object.entries(listed).filter(([, v]) => v !== undefined)));
    }
  });

  it('writes a page in bulk: the same few statements for 1,000 agents as for one', async () => {
    const store = await fresh();
    const page = Array.from({ length: 1000 }, (_, n) => agent(String(n)));
    const statements = async (work: () => Promise<unknown>): Promise<number> => {
      const spy = vi.spyOn(pg.Client.prototype, 'query');
      try {
        await work();
        return spy.mock.calls.length;
      } finally {
        spy.mockRestore();
      }
    };
    const one = await statements(() => store.agents.upsertMany('nc', [agent('single')], AT));
    expect(await statements(() => store.agents.upsertMany('nc', page, AT))).toBe(one);
    expect(await statements(() => store.agents.upsertMany('nc', page.map((a) => ({ ...a, online: false })), LATER))).toBe(one);
    expect(await statements(() => store.clients.upsertMany('nc', page.map((a) => client(a.id)), AT))).toBe(one);
    expect(one).toBeLessThanOrEqual(5);
  });

  it('writes a moved presence only past the resolution, and every column of an update in its place', async () => {
    const store = await fresh();
    await store.agents.upsertMany('nc', [agent('7', 'c1', { lastSeen: '2026-01-01T10:00:00.000Z' })], AT);
    expect(await store.agents.upsertMany('nc', [agent('7', 'c1', { lastSeen: '2026-01-01T10:05:00.000Z' })], AT)).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
    expect(await store.agents.upsertMany('nc', [agent('7', 'c1', { lastSeen: '2026-01-01T11:00:00.000Z' })], AT)).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    const changed: IdentifiedAgent = { id: '7', clientId: 'c2', siteId: 's2', hostname: 'PC-7b', os: 'Linux', online: false, lastSeen: AT, canRunScripts: false, identity: { macAddresses: [], serialNumber: 'SN' } };
    expect(await store.agents.upsertMany('nc', [changed], LATER)).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    expect(await store.agents.get('nc', '7')).toEqual({ ...changed, integrationId: 'nc', firstSeenAt: AT, goneAt: undefined });
  });

  it('marks gone only the unlisted agents of the listed clients', async () => {
    const store = await fresh();
    await store.agents.upsertMany('nc', [agent('1', 'c1'), agent('2', 'c1'), agent('3', 'c2')], AT);
    expect(await store.agents.markGone('nc', ['c1'], new Set(['1']), LATER)).toBe(1);
    expect(await store.agents.markGone('nc', [], new Set(), LATER)).toBe(0);
    expect((await store.agents.get('nc', '2'))?.goneAt).toBe(LATER);
    expect(await store.agents.count()).toBe(2);
    expect(await store.agents.count({ integrationId: 'nc', includeGone: true })).toBe(3);
  });

  it('streams more agents than a page holds, in key order, with the filters applied', async () => {
    const store = shared;
    const many = Array.from({ length: PAGE_ROWS * 2 + 17 }, (_, n) => agent(String(n).padStart(5, '0'), n % 2 ? 'odd' : 'even'));
    expect(await store.agents.upsertMany('nc', many, AT)).toMatchObject({ inserted: many.length });
    const ids: string[] = [];
    for await (const stored of store.agents.iterate({ integrationId: 'nc' })) ids.push(stored.id);
    expect(ids).toEqual(many.map((a) => a.id));
    let odd = 0;
    for await (const stored of store.agents.iterate({ clientIds: ['odd'] })) odd += stored.clientId === 'odd' ? 1 : 1000;
    expect(odd).toBe(PAGE_ROWS + 8);
  });

  it("reads linked agents with their tenant and identifiers as identification needs them", async () => {
    const store = await fresh();
    await store.tenants.upsert({ id: 't1', name: 'Contoso', domains: [], isMsp: false });
    await store.clients.upsertMany('nc', [client('c1'), client('c2')], AT);
    await store.agents.upsertMany('nc', [agent('1', 'c1'), agent('2', 'c1', { identity: { macAddresses: [] } }), agent('3', 'c2')], AT);
    await store.agents.markGone('nc', ['c1'], new Set(['1']), LATER);
    await sql(store, `INSERT INTO tenant_links (integration_id, client_id, tenant_id, source, created_at) VALUES ('nc', 'c1', 't1', 'manual', $1)`, [AT]);
    const linked = [];
    for await (const one of store.agents.iterateLinked()) linked.push(one);
    expect(linked).toEqual([{ tenantId: 't1', integrationId: 'nc', agentId: '1', hostname: 'PC-1.corp.example', online: true, lastSeen: undefined, identity: agent('1').identity, canRunScripts: true }]);
    expect(await store.agents.linkedIdentifiersOf('t1')).toEqual([expect.objectContaining({ agentId: '1', host: 'PC-1', macs: ['AABBCC001122'], manufacturer: undefined, osInstallDate: undefined })]);
    expect(await store.agents.linkedIdentifiersOf('t2')).toEqual([]);
  });
});

describe('sync runs, script runs and the audit log', () => {
  it('sync runs: start, finish, newest first, and only the runs of gone processes interrupted', async () => {
    const store = await fresh();
    const owner = { pid: 4242, host: 'worker-1' };
    const first = await store.syncRuns.start('nc', AT, owner);
    await store.syncRuns.finish(first.id, { status: 'succeeded', counts: { agents: 3 }, at: LATER });
    const second = await store.syncRuns.start('nc', AT, owner);
    const other = await store.syncRuns.start('nc', AT, { pid: 7, host: 'worker-2' });
    expect((await store.syncRuns.last('nc'))?.id).toBe(other.id);
    expect(await store.syncRuns.markInterrupted(LATER, (run) => run.host === 'worker-1')).toBe(1);
    const runs = await store.syncRuns.list({ integrationId: 'nc' });
    expect(runs.map((r) => [r.id, r.status])).toEqual([[other.id, 'running'], [second.id, 'interrupted'], [first.id, 'succeeded']]);
    expect(runs[2]).toEqual({ id: first.id, integrationId: 'nc', startedAt: AT, finishedAt: LATER, status: 'succeeded', counts: { agents: 3 }, error: undefined });
    expect(await store.syncRuns.list({ limit: 1 })).toHaveLength(1);
  });

  it('script runs: insert, patch, list by computer', async () => {
    const store = await fresh();
    const run = { id: 'r1', actor: 'alice', computerId: 'c_1', integrationId: 'nc', agentId: '7', language: 'powershell' as const, scriptSha256: 'ab', status: 'error' as const, startedAt: AT };
    await store.scriptRuns.insert(run);
    await store.scriptRuns.update('r1', { status: 'success', exitCode: 0, output: 'ok', finishedAt: LATER });
    expect(await store.scriptRuns.list({ computerId: 'c_1' })).toEqual([{ ...run, status: 'success', exitCode: 0, output: 'ok', errorCode: undefined, finishedAt: LATER }]);
    expect(await store.scriptRuns.list({ computerId: 'c_2' })).toEqual([]);
  });

  it('audit: numbered in order, newest first, filtered', async () => {
    const store = await fresh();
    const a = await store.audit.append({ actor: 'alice', action: 'link:accept', subject: 'client:nc/1', details: { tenant: 't1' }, at: AT });
    const b = await store.audit.append({ actor: 'bob', action: 'computer:undo', subject: 'computer:c_1', reason: 'wrong merge', details: {} });
    expect(b.seq).toBeGreaterThan(a.seq);
    expect((await store.audit.list()).map((e) => e.seq)).toEqual([b.seq, a.seq]);
    expect(await store.audit.list({ subject: 'client:nc/1' })).toEqual([{ seq: a.seq, at: AT, actor: 'alice', action: 'link:accept', subject: 'client:nc/1', reason: undefined, details: { tenant: 't1' } }]);
  });
});

describe('units of work and coordination between processes', () => {
  it('a unit of work that throws leaves nothing; nested calls join it', async () => {
    const store = await fresh();
    await expect(store.transaction(async () => {
      await store.clients.upsertMany('nc', [client('1')], AT);
      await store.transaction(() => store.agents.upsertMany('nc', [agent('1')], AT));
      throw new Error('mid-way');
    })).rejects.toThrow('mid-way');
    expect(await store.clients.list()).toEqual([]);
    expect(await store.agents.count()).toBe(0);
  });

  it('of two stores taking one lock at once, exactly one gets it; heartbeat and release by the holder only', async () => {
    const store = await fresh();
    const other = await PostgresStore.open({ url: database.url, schema: store.schema });
    stores.push(other);
    const holder = (pid: number) => ({ pid, host: 'h', acquiredAt: AT, heartbeatAt: AT });
    const results = await Promise.all([store.locks.acquire('sync:nc', holder(1), () => false), other.locks.acquire('sync:nc', holder(2), () => false)]);
    expect(results.filter((r) => r === undefined)).toHaveLength(1);
    const owner = (await store.locks.get('sync:nc'))!;
    const loser = owner.pid === 1 ? 2 : 1;
    expect(await store.locks.heartbeat('sync:nc', { pid: loser, host: 'h' }, LATER)).toBe(false);
    expect(await store.locks.heartbeat('sync:nc', owner, LATER)).toBe(true);
    expect(await store.locks.acquire('sync:nc', holder(loser), (current) => current.pid === owner.pid)).toBeUndefined();
    await store.locks.release('sync:nc', { pid: loser, host: 'h' });
    expect(await store.locks.get('sync:nc')).toBeUndefined();
  });

  it('integration state: concurrent compare-and-set updates from two stores lose none', async () => {
    const store = await fresh();
    const other = await PostgresStore.open({ url: database.url, schema: store.schema });
    stores.push(other);
    const increment = (s: PostgresStore) => s.integrationState.update('nc', 'counter', (current) => String(Number(current ?? '0') + 1), AT);
    await Promise.all(Array.from({ length: 20 }, (_, n) => increment(n % 2 ? store : other)));
    expect(await store.integrationState.get('nc', 'counter')).toBe('20');
    expect(await store.integrationState.get('nc', 'other')).toBeUndefined();
  });

  it('stats counts the rows of every table', async () => {
    const store = await fresh();
    await store.clients.upsertMany('nc', [client('1'), client('2')], AT);
    expect(await store.stats()).toMatchObject({ integrations: 1, rmm_clients: 2, agents: 0, audit_log: 0 });
  });
});
