/**
 * Creates the store's schema when missing and applies pending migrations, all in one
 * transaction under an advisory lock named after the schema: of two processes starting on a
 * new store at once, one migrates and the other, waiting for the lock, then reads the version
 * it left and applies nothing. PostgreSQL's DDL is transactional, so a failed migration leaves
 * the schema as it was. A store written by a newer rmm-hub (a version this one does not know)
 * is refused rather than guessed at.
 */
import type pg from 'pg';

import { StoreError } from '@rmm-hub/core';

import type { Migration } from './migrations/index.js';

export interface MigrationOutcome {
  from: number;
  to: number;
  applied: number[];
}

export async function migrate(pool: pg.Pool, schema: string, migrations: readonly Migration[]): Promise<MigrationOutcome> {
  assertConsecutive(migrations);
  const latest = migrations.at(-1)?.version ?? 0;
  // The version only grows, so a store already at the latest needs no lock to say so.
  const seen = await schemaVersion(pool, schema);
  refuseNewer(seen, latest, schema);
  if (seen === latest) return { from: seen, to: latest, applied: [] };
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    try {
      const outcome = await migrateInTransaction(client, schema, migrations);
      await client.query('COMMIT');
      return outcome;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  } finally {
    client.release();
  }
}

/**
 * The work of {@link migrate} inside the caller's open transaction, which then commits it or
 * rolls it back with its own work (`db copy` creates the store and fills it as one step).
 * Leaves the transaction's `search_path` on the store's schema.
 */
export async function migrateInTransaction(client: pg.PoolClient, schema: string, migrations: readonly Migration[]): Promise<MigrationOutcome> {
  assertConsecutive(migrations);
  const latest = migrations.at(-1)?.version ?? 0;
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`rmm-hub:migrate:${schema}`]);
  // The name was validated (connection.ts), and is quoted all the same.
  await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"; SET LOCAL search_path TO "${schema}";
    CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const current = await schemaVersion(client, schema);
  refuseNewer(current, latest, schema);
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    await client.query(migration.sql);
    await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
    applied.push(migration.version);
  }
  return { from: current, to: Math.max(current, latest), applied };
}

/** The schema version recorded in `schema`; 0 when the schema or its version table does not exist yet. */
export async function schemaVersion(db: pg.Pool | pg.PoolClient, schema: string): Promise<number> {
  const { rows } = await db.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [`"${schema}".schema_migrations`]);
  if (!rows[0]?.exists) return 0;
  const version = await db.query<{ v: number | null }>(`SELECT MAX(version) AS v FROM "${schema}".schema_migrations`);
  return version.rows[0]?.v ?? 0;
}

/** Refuses a store written by a newer rmm-hub (a version this one does not know), rather than guessing. */
export function refuseNewer(current: number, latest: number, schema: string): void {
  if (current > latest) {
    throw new StoreError(`The store in schema "${schema}" is at schema version ${current}, newer than this rmm-hub knows (${latest}).`, {
      hint: 'Upgrade rmm-hub, or point store.schema at another schema.',
      context: { schema, current, latest },
    });
  }
}

function assertConsecutive(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new StoreError(`Migration "${migration.name}" has version ${migration.version}; expected ${index + 1}.`);
    }
  });
}
