import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';

import { collect, type IdentifiedAgent } from '@rmm-hub/core';

import { MIGRATIONS } from './migrations/index.js';
import { migrate } from './migrator.js';
import { SqliteStore } from './sqlite-store.js';

const AT = '2026-01-01T00:00:00.000Z';
const LATER = '2026-01-02T00:00:00.000Z';
const open: SqliteStore[] = [];
async function memoryStore(): Promise<SqliteStore> {
  const store = SqliteStore.open({ path: ':memory:' });
  open.push(store);
  await store.integrations.upsert({ id: 'nc', pluginId: 'ncentral', displayName: 'N-central', enabled: true });
  return store;
}
afterEach(() => {
  for (const store of open.splice(0)) void store.close();
});

function agent(id: string, clientId: string, hostname = `PC-${id}`): IdentifiedAgent {
  return { id, clientId, hostname, online: true, canRunScripts: true, identity: { macAddresses: ['AA-BB'], smbiosUuid: `U-${id}` } } as IdentifiedAgent;
}

describe('migrations', () => {
  it('apply to an empty database, in order, each recorded', async () => {
    const db = new Database(':memory:');
    const outcome = migrate(db, MIGRATIONS);
    expect(outcome).toEqual({ from: 0, to: MIGRATIONS.length, applied: MIGRATIONS.map((m) => m.version) });
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[];
    expect(versions.map((v) => v.version)).toEqual(MIGRATIONS.map((m) => m.version));
    db.close();
  });

  it('apply only what is new to an existing database, keeping its data', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rmm-store-')), 'hub.db');
    const old = new Database(file);
    migrate(old, MIGRATIONS.slice(0, 1));
    old.prepare(`INSERT INTO tenants (id, name, created_at) VALUES ('t1', 'Acme', ?)`).run(AT);
    old.close();

    const store = SqliteStore.open({ path: file });
    open.push(store);
    expect(store.migration).toEqual({ from: 1, to: MIGRATIONS.length, applied: MIGRATIONS.slice(1).map((m) => m.version) });
    expect((await store.tenants.get('t1'))?.name).toBe('Acme');
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    await store.close();

    const again = SqliteStore.open({ path: file });
    open.push(again);
    expect(again.migration.applied).toEqual([]);
  });

  it('refuse a database from a newer rmm-hub', async () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS);
    db.prepare('INSERT INTO schema_migrations VALUES (999, ?, ?)').run('future', AT);
    expect(() => migrate(db, MIGRATIONS)).toThrow(expect.objectContaining({ code: 'RMM_ERR_STORE' }));
    db.close();
  });

  it('roll back a failing migration whole, with everything applied in the same open', async () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, 2));
    const broken = [...MIGRATIONS, { version: MIGRATIONS.length + 1, name: 'broken', sql: 'CREATE TABLE half (x); SELECT nonsense FROM nowhere;' }];
    expect(() => migrate(db, broken)).toThrow();
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name IN ('half', 'process_locks')`).get()).toBeUndefined();
    expect((db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number }).v).toBe(2);
    db.close();
  });
});

describe('migration 5 (agent identifiers)', () => {
  it('computes the identifiers of the agents already stored, as a new write would', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rmm-store-')), 'hub.db');
    const db = new Database(file);
    migrate(db, MIGRATIONS.slice(0, 4));
    db.prepare(`INSERT INTO integrations (id, plugin_id, display_name, enabled) VALUES ('nc', 'ncentral', 'N-central', 1)`).run();
    const insert = db.prepare(`INSERT INTO agents (integration_id, agent_id, client_id, hostname, online, identity, can_run_scripts, content_hash, first_seen_at)
      VALUES ('nc', ?, 'c1', ?, 1, ?, 1, 'h', ?)`);
    const reports: [string, string, object][] = [
      ['1', 'pc-1.corp.local', { smbiosUuid: '{6f9619ff-8b86-d011-b42d-00c04fc964ff}', serialNumber: ' ab  12 ', manufacturer: 'Dell Inc.', macAddresses: ['00-1a-2b-3c-4d-5e', 'garbage'], osInstallDate: AT }],
      // Written before macAddresses had a default.
      ['2', 'PC-2', { boardSerial: 'B2' }],
    ];
    for (const [id, hostname, identity] of reports) insert.run(id, hostname, JSON.stringify(identity), AT);
    db.close();
    const migrated = SqliteStore.open({ path: file });
    open.push(migrated);
    expect(migrated.migration.applied).toEqual(MIGRATIONS.slice(4).map((m) => m.version));
    const rewritten = await memoryStore();
    await rewritten.agents.upsertMany('nc', reports.map(([id, hostname, identity]) => ({ id, clientId: 'c1', hostname, online: true, canRunScripts: true, identity }) as IdentifiedAgent), AT);
    const columns = 'agent_id, id_host, id_uuid, id_serial, id_board, id_manufacturer, id_macs, id_os_install_date';
    const rows = (store: SqliteStore): unknown[] => store.db.prepare(`SELECT ${columns} FROM agents ORDER BY agent_id`).raw().all();
    expect(rows(migrated)).toEqual([
      ['1', 'PC-1', '6F9619FF-8B86-D011-B42D-00C04FC964FF', 'AB 12', null, 'Dell Inc.', '001A2B3C4D5E', AT],
      ['2', 'PC-2', null, null, 'B2', null, '', null],
    ]);
    expect(rows(rewritten)).toEqual(rows(migrated));
  });
});

describe('migration 8 (identity checks)', () => {
  it('takes identities stored before it as read at the last sync, and leaves empty ones unread', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rmm-store-')), 'hub.db');
    const db = new Database(file);
    migrate(db, MIGRATIONS.slice(0, 7));
    db.prepare(`INSERT INTO integrations (id, plugin_id, display_name, enabled, last_sync_at) VALUES ('nc', 'ncentral', 'N-central', 1, ?)`).run(AT);
    const agent = db.prepare(`INSERT INTO agents (integration_id, agent_id, client_id, hostname, online, identity, can_run_scripts, content_hash, first_seen_at)
      VALUES ('nc', ?, 'c1', ?, 1, ?, 1, ?, ?)`);
    agent.run('1', 'PC-1', '{"smbiosUuid":"U-1","macAddresses":[]}', 'h1', AT);
    agent.run('2', 'PC-2', '{"macAddresses":[]}', 'h2', AT);
    db.close();

    const store = SqliteStore.open({ path: file });
    open.push(store);
    expect(store.migration.applied).toEqual(MIGRATIONS.slice(7).map((m) => m.version));
    const stored = await store.agents.identitiesOf('nc', ['1', '2', 'unknown']);
    expect(stored.get('1')).toEqual({ identity: { smbiosUuid: 'U-1', macAddresses: [] }, checkedAt: AT, basis: undefined });
    expect(stored.get('2')).toEqual({ identity: { macAddresses: [] }, checkedAt: undefined, basis: undefined });
    expect(stored.has('unknown')).toBe(false);
  });
});

describe('migration 4 (row tables)', () => {
  /** A version-3 database holding agents, a computer and links, as a store of that release left it. */
  function version3(file: string): void {
    const db = new Database(file);
    db.pragma('foreign_keys = ON');
    migrate(db, MIGRATIONS.slice(0, 3));
    db.prepare(`INSERT INTO integrations (id, plugin_id, display_name, enabled) VALUES ('nc', 'ncentral', 'N-central', 1)`).run();
    db.prepare(`INSERT INTO tenants (id, name, created_at) VALUES ('t1', 'Acme', ?)`).run(AT);
    const agent = db.prepare(`INSERT INTO agents (integration_id, agent_id, client_id, hostname, online, identity, can_run_scripts, content_hash, first_seen_at)
      VALUES ('nc', ?, 'c1', ?, 1, '{"macAddresses":[]}', 1, ?, ?)`);
    for (const id of ['3', '1', '2']) agent.run(id, `PC-${id}`, `h${id}`, AT);
    db.prepare(`INSERT INTO computers (id, tenant_id, name, created_at) VALUES ('c_1', 't1', 'PC-1', ?)`).run(AT);
    const link = db.prepare(`INSERT INTO agent_links (integration_id, agent_id, computer_id, evidence, flags, linked_at) VALUES ('nc', ?, 'c_1', ?, 0, ?)`);
    for (const id of ['1', '2']) link.run(id, `ev${id}`, AT);
    db.close();
  }

  it('keeps every agent and link, and the references and their cascades', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rmm-store-')), 'hub.db');
    version3(file);
    const store = SqliteStore.open({ path: file });
    open.push(store);
    expect(store.migration.applied).toEqual(MIGRATIONS.slice(3).map((m) => m.version));
    const tables = store.db.prepare(`SELECT name, sql FROM sqlite_master WHERE name IN ('agents', 'agent_links')`).all() as { name: string; sql: string }[];
    expect(tables.map((t) => t.name).sort()).toEqual(['agent_links', 'agents']);
    for (const t of tables) expect(t.sql).not.toMatch(/WITHOUT ROWID/i);
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect((await collect(store.agents.iterate())).map((a) => `${a.id}:${a.hostname}:${a.firstSeenAt}`).sort()).toEqual(['1:PC-1:' + AT, '2:PC-2:' + AT, '3:PC-3:' + AT]);
    expect((await store.computers.linksOf('c_1')).map((l) => `${l.agentId}:${l.evidence}`)).toEqual(['1:ev1', '2:ev2']);
    // A link still needs its agent, and still goes with it.
    expect(() => store.db.prepare(`INSERT INTO agent_links (integration_id, agent_id, computer_id, linked_at) VALUES ('nc', 'nobody', 'c_1', ?)`).run(AT)).toThrow(/FOREIGN KEY/);
    store.db.prepare(`DELETE FROM agents WHERE agent_id = '2'`).run();
    expect((await store.computers.linksOf('c_1')).map((l) => l.agentId)).toEqual(['1']);
    // The unique key still makes an upsert an update.
    await store.agents.upsertMany('nc', [agent('1', 'c1', 'RENAMED')], LATER);
    expect(await store.agents.count()).toBe(2);
    expect((await store.agents.get('nc', '1'))?.hostname).toBe('RENAMED');
  });

  it('changes nothing when the rebuilt tables would reference missing rows', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rmm-store-')), 'hub.db');
    version3(file);
    const db = new Database(file);
    // A link whose agent is gone: only possible if foreign keys were ever off.
    db.pragma('foreign_keys = OFF');
    db.prepare(`INSERT INTO agent_links (integration_id, agent_id, computer_id, linked_at) VALUES ('nc', 'ghost', 'c_1', ?)`).run(AT);
    db.pragma('foreign_keys = ON');
    expect(() => migrate(db, MIGRATIONS)).toThrow(/would leave 1 row\(s\) referencing missing rows/);
    expect((db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number }).v).toBe(3);
    expect(db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'agents'`).pluck().get()).toMatch(/WITHOUT ROWID/);
    expect(db.prepare('SELECT COUNT(*) FROM agent_links').pluck().get()).toBe(3);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });
});

describe('append-only tables', () => {
  it('keep the audit log append-only, even against raw SQL', async () => {
    const store = await memoryStore();
    const entry = await store.audit.append({ actor: 'alice', action: 'link:accept', subject: 'client:nc/1', details: { tenantId: 't1' } });
    expect(await store.audit.list({ subject: 'client:nc/1' })).toEqual([entry]);
    expect(() => store.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(() => store.db.prepare(`UPDATE audit_log SET actor = 'mallory'`).run()).toThrow(/append-only/);
  });

  it('keep link decisions revoke-only, even against raw SQL', async () => {
    const store = await memoryStore();
    await store.links.insertDecision({ id: 'd1', integrationId: 'nc', clientId: '1', kind: 'link', tenantId: 't1', actor: 'alice', decidedAt: AT });
    expect(() => store.db.prepare('DELETE FROM link_decisions').run()).toThrow(/never deleted/);
    expect(() => store.db.prepare("UPDATE link_decisions SET actor = 'mallory'").run()).toThrow(/only be revoked/);
  });
});

describe('the database file', () => {
  it('is created readable by its owner only, and so are its WAL and shared-memory files', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'rmm-hub-mode-')), 'rmm-hub.db');
    const previous = process.umask(0o022);
    try {
      const store = SqliteStore.open({ path });
      open.push(store);
      await store.integrations.upsert({ id: 'nc', pluginId: 'ncentral', displayName: 'N-central', enabled: true });
      for (const file of [path, `${path}-wal`, `${path}-shm`]) expect((statSync(file).mode & 0o777).toString(8), file).toBe('600');
    } finally {
      process.umask(previous);
    }
  });
});
