/**
 * `rmm-hub db copy` (the vitest project `postgres`, on its test server): the demo's SQLite
 * store copied into PostgreSQL reads back with equal counts and digests and through the Store
 * ports alike; a schema holding a store is refused unless `--force`; a copy that fails half-way
 * leaves the target as it was; the password never shows.
 */
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { collect, type Store } from '@rmm-hub/core';
import { OUTPUT_SCHEMAS, runDemo } from '@rmm-hub/cli';
import { PostgresStore, type CopyReport } from '@rmm-hub/store-postgres';
import { SqliteStore } from '@rmm-hub/store-sqlite';

import { useTestDatabase } from '../packages/store-postgres/src/test-support/test-database.js';
import { runCliCaptured } from './support/run-cli.js';

const database = useTestDatabase();
const password = new URL(database.url).password;
let dir: string;
let demoStore: string;

// The whole demo (syncs, scripts, agent actions) builds the store every test copies.
beforeAll(async () => {
  const summary = await runDemo({ devices: 200, seed: 3, latencyMs: 0, keep: true, progress: false, note: () => undefined });
  dir = summary.workDir as string;
  demoStore = join(dir, 'rmm-hub.db');
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function copy(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const result = await runCliCaptured(['db', 'copy', ...argv], { RMM_COPY_TARGET: database.url });
  expect(result.stdout + result.stderr).not.toContain(password);
  return result;
}

/** Each table's row count and an md5 of its rows, read by PostgreSQL itself: what "as it was" means. */
async function snapshot(schema: string): Promise<Record<string, string> | undefined> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 AND table_name <> 'schema_migrations' ORDER BY 1`, [schema]);
    if (!(await client.query<{ found: boolean }>('SELECT to_regnamespace($1) IS NOT NULL AS found', [schema])).rows[0]?.found) return undefined;
    const out: Record<string, string> = {};
    for (const { name } of tables.rows) {
      const { rows } = await client.query<{ n: number; d: string }>(`SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS d FROM "${schema}"."${name}" t`);
      out[name] = `${rows[0]?.n} ${rows[0]?.d}`;
    }
    return out;
  } finally {
    await client.end();
  }
}

/** What the Store ports read, in an order that does not depend on the store. */
async function readThroughPorts(store: Store): Promise<unknown> {
  const sorted = <T>(rows: T[]): T[] => rows.map((r) => JSON.stringify(r)).sort().map((r) => JSON.parse(r) as T);
  const all = await store.computers.loadAll();
  return {
    stats: await store.stats(),
    tenants: sorted(await store.tenants.list()),
    clients: sorted(await store.clients.list()),
    agents: sorted(await collect(store.agents.iterate())),
    computers: sorted(all.computers),
    links: sorted(all.links),
    pins: sorted(all.pins),
    conflicts: sorted(await store.computers.listConflicts()),
    identityReports: sorted(await store.computers.listIdentityReports()),
    audit: await store.audit.list(),
    syncRuns: await store.syncRuns.list({ limit: 1000 }),
    // The SQLite store lists script runs that started at the same instant in no set order.
    scriptRuns: sorted(await store.scriptRuns.list({ limit: 1000 })),
  };
}

describe('rmm-hub db copy', () => {
  it('copies the demo store into PostgreSQL: every table with equal counts and digests, read back alike through the ports', async () => {
    const result = await copy('--from', demoStore, '--to', 'env:RMM_COPY_TARGET', '--schema', 'copied', '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as CopyReport & { rows: number; to: string };
    expect(OUTPUT_SCHEMAS['db copy'].safeParse(report).success).toBe(true);
    expect(report.to).toContain('(schema copied)');
    const byName = new Map(report.tables.map((t) => [t.name, t]));
    for (const name of ['rmm_clients', 'agents', 'tenant_links', 'link_decisions', 'computers', 'agent_links', 'computer_timeline', 'audit_log', 'sync_runs']) {
      expect(byName.get(name)?.rows, name).toBeGreaterThan(0);
    }

    const sqlite = SqliteStore.open({ path: demoStore, readonly: true });
    const postgres = await PostgresStore.open({ url: database.url, schema: 'copied' });
    try {
      const stats = await sqlite.stats();
      for (const t of report.tables) expect(t.rows, t.name).toBe(stats[t.name]);
      expect(await readThroughPorts(postgres)).toEqual(await readThroughPorts(sqlite));
      // Sequences number on from the copied rows.
      const entry = await postgres.audit.append({ actor: 'test', action: 'after-copy', subject: 'x', details: {} });
      expect(entry.seq).toBeGreaterThan(Math.max(...(await sqlite.audit.list()).map((e) => e.seq)));
    } finally {
      await sqlite.close();
      await postgres.close();
    }
  });

  it('refuses a schema that holds a store, and replaces it when told to (--force)', async () => {
    await copy('--from', demoStore, '--to', database.url, '--schema', 'held');
    const before = await snapshot('held');
    const refused = await copy('--from', demoStore, '--to', database.url, '--schema', 'held');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/RMM_ERR_STORE[\s\S]*already holds a store[\s\S]*--force/);
    expect(await snapshot('held')).toEqual(before);

    const forced = await copy('--from', demoStore, '--to', 'env:RMM_COPY_TARGET', '--schema', 'held', '--force');
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/replacing the store it held/);
    // Same content again, but the audit row appended above is gone with the old store.
    expect(await snapshot('held')).toEqual(before);
  });

  it('a copy that fails half-way leaves the target as it was: a store, or no schema at all', async () => {
    // PostgreSQL text cannot hold a NUL character; the audit log is copied after six other tables.
    const broken = join(dir, 'broken.db');
    copyFileSync(demoStore, broken);
    const store = SqliteStore.open({ path: broken });
    await store.audit.append({ actor: 'test', action: 'nul', subject: 'x', reason: 'a \u0000 byte', details: {} });
    await store.close();

    await copy('--from', demoStore, '--to', database.url, '--schema', 'kept');
    const before = await snapshot('kept');
    const failed = await copy('--from', broken, '--to', database.url, '--schema', 'kept', '--force');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('RMM_ERR_STORE');
    expect(await snapshot('kept')).toEqual(before);

    expect((await copy('--from', broken, '--to', database.url, '--schema', 'fresh')).code).toBe(1);
    expect(await snapshot('fresh')).toBeUndefined();
  });

  it('says what is wrong with a missing source or an unset variable, without a stack trace', async () => {
    const missing = await copy('--from', join(dir, 'nothing.db'), '--to', database.url);
    expect(missing.stderr).toMatch(/no SQLite store at .*nothing\.db/);
    const unset = await runCliCaptured(['db', 'copy', '--from', demoStore, '--to', 'env:RMM_NOT_SET_ANYWHERE']);
    expect(unset.code).not.toBe(0);
    expect(unset.stderr).toMatch(/RMM_NOT_SET_ANYWHERE, which is not set/);
    expect(unset.stderr + missing.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('what db copy copies', () => {
  it('is every table and column of both stores but the process locks', async () => {
    const { COPIED_TABLES, NOT_COPIED } = await import('../packages/store-postgres/src/copy/copied-tables.js');
    const expected = Object.fromEntries(COPIED_TABLES.map((t) => [t.name, t.columns.map((c) => c.name).sort()]));
    await PostgresStore.open({ url: database.url, schema: 'shape' }).then((s) => s.close());
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client
      .query<{ t: string; c: string }>(`SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = 'shape' ORDER BY 1, 2`)
      .finally(() => client.end());
    const postgres: Record<string, string[]> = {};
    for (const { t, c } of rows) (postgres[t] ??= []).push(c);
    for (const name of [...NOT_COPIED, 'schema_migrations']) delete postgres[name];
    expect(postgres).toEqual(expected);

    const sqlite = SqliteStore.open({ path: demoStore, readonly: true });
    try {
      const stats = await sqlite.stats();
      expect(Object.keys(stats).filter((t) => !(NOT_COPIED as readonly string[]).includes(t)).sort()).toEqual(Object.keys(expected).sort());
    } finally {
      await sqlite.close();
    }
  });
});
