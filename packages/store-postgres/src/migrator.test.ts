import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

import { ErrorCodes } from '@rmm-hub/core';

import { MIGRATIONS } from './migrations/index.js';
import { migrate } from './migrator.js';
import { PostgresStore } from './postgres-store.js';
import { useTestDatabase } from './test-support/test-database.js';

const database = useTestDatabase();
const opened: PostgresStore[] = [];

async function open(schema: string): Promise<PostgresStore> {
  const store = await PostgresStore.open({ url: database.url, schema });
  opened.push(store);
  return store;
}

async function sql<R extends pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query<R>(text, params)).rows;
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  await Promise.all(opened.map((store) => store.close()));
});

describe('PostgreSQL migrations', () => {
  it('creates the schema when missing and brings it to the latest version; a reopen applies nothing', async () => {
    const first = await open('msp_first');
    expect(first.migration).toEqual({ from: 0, to: MIGRATIONS.length, applied: MIGRATIONS.map((m) => m.version) });
    const tables = await sql<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'msp_first' ORDER BY table_name`);
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['agents', 'audit_log', 'rmm_clients', 'schema_migrations', 'tenant_links', 'computers', 'process_locks']));
    const again = await open('msp_first');
    expect(again.migration).toEqual({ from: MIGRATIONS.length, to: MIGRATIONS.length, applied: [] });
  });

  it('migrates once when several pools open a new store at the same moment', async () => {
    const stores = await Promise.all(Array.from({ length: 4 }, () => open('msp_race')));
    const applied = stores.map((store) => store.migration.applied.length).sort();
    expect(applied).toEqual([0, 0, 0, MIGRATIONS.length]);
    const recorded = await sql<{ version: number }>('SELECT version FROM msp_race.schema_migrations ORDER BY version');
    expect(recorded.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it("keeps each MSP's store apart in its own schema on one database", async () => {
    const a = await open('msp_a');
    const b = await open('msp_b');
    await a.integrations.upsert({ id: 'nc', pluginId: 'ncentral', displayName: 'A', enabled: true });
    expect(await a.integrations.list()).toHaveLength(1);
    expect(await b.integrations.list()).toEqual([]);
  });

  it('refuses a store written by a newer rmm-hub, saying what to do', async () => {
    await open('msp_newer');
    await sql(`INSERT INTO msp_newer.schema_migrations (version, name) VALUES ($1, 'from-the-future')`, [MIGRATIONS.length + 1]);
    const error = await PostgresStore.open({ url: database.url, schema: 'msp_newer' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCodes.store, hint: expect.stringMatching(/Upgrade rmm-hub/) });
  });

  it('refuses a schema name it would have to quote, before connecting', async () => {
    for (const schema of ['Robert"; DROP SCHEMA public; --', 'UpperCase', '1starts_with_digit', 'x'.repeat(64)]) {
      const error = await PostgresStore.open({ url: database.url, schema }).catch((e: unknown) => e);
      expect(error, schema).toMatchObject({ code: ErrorCodes.config, path: 'store.schema' });
    }
  });

  it('enforces the audit log as append-only in the database itself', async () => {
    const store = await open('msp_audit');
    await store.audit.append({ actor: 'alice', action: 'link:accept', subject: 'client:nc/1', details: {} });
    await expect(sql('UPDATE msp_audit.audit_log SET actor = $1', ['mallory'])).rejects.toThrow(/append-only/);
    await expect(sql('DELETE FROM msp_audit.audit_log')).rejects.toThrow(/append-only/);
    await expect(sql('TRUNCATE msp_audit.audit_log')).rejects.toThrow(/append-only/);
  });
});

describe('migration 4 (HTTP API and identity checks)', () => {
  it('takes identities stored before it as read at the last sync, and leaves empty ones unread', async () => {
    const AT = '2026-01-01T00:00:00.000Z';
    const pool = new pg.Pool({ connectionString: database.url });
    try {
      await migrate(pool, 'msp_v3', MIGRATIONS.slice(0, 3));
    } finally {
      await pool.end();
    }
    await sql(`INSERT INTO msp_v3.integrations (id, plugin_id, display_name, enabled, last_sync_at) VALUES ('nc', 'ncentral', 'N-central', true, $1)`, [AT]);
    const agent = `INSERT INTO msp_v3.agents (integration_id, agent_id, client_id, hostname, online, identity, can_run_scripts, content_hash, first_seen_at)
      VALUES ('nc', $1, 'c1', $2, true, $3, true, $4, $5)`;
    await sql(agent, ['1', 'PC-1', '{"smbiosUuid":"U-1","macAddresses":[]}', 'h1', AT]);
    await sql(agent, ['2', 'PC-2', '{"macAddresses":[]}', 'h2', AT]);

    const store = await open('msp_v3');
    expect(store.migration.applied).toEqual(MIGRATIONS.slice(3).map((m) => m.version));
    const stored = await store.agents.identitiesOf('nc', ['1', '2', 'unknown']);
    expect(stored.get('1')).toEqual({ identity: { smbiosUuid: 'U-1', macAddresses: [] }, checkedAt: AT, basis: undefined });
    expect(stored.get('2')).toEqual({ identity: { macAddresses: [] }, checkedAt: undefined, basis: undefined });
    expect(stored.has('unknown')).toBe(false);
  });
});
