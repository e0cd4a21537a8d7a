/**
 * `rmm-hub db copy`: a SQLite store's content into a PostgreSQL store, as one transaction.
 *
 * It lives here, reading the SQLite file through better-sqlite3 itself, because the copy runs
 * one way only, into PostgreSQL, and this package is the one that mirrors the SQLite schema
 * table by table (see `copied-tables.ts`): one place knows both encodings, and neither core nor
 * the SQLite store learns anything of PostgreSQL.
 *
 * The transaction creates the schema when missing (or, told to replace a store, drops and
 * creates it), refuses a store that holds anything, streams each table out of one read
 * snapshot of the SQLite file into multi-row inserts, then reads every table back and compares
 * its row count and digest with those of the rows read out. Only equal content commits; any
 * failure rolls back and leaves the target as it was. The store's write lock is held meanwhile,
 * so no process of the target store writes half-way through.
 */
import Sqlite from 'better-sqlite3';
import pg from 'pg';

import { isRmmError, SecretRedactor, StoreError } from '@rmm-hub/core';

import { CONNECT_TIMEOUT_MS, resolveConnection, type PostgresConnectionOptions, type ServerRef } from '../connection.js';
import { TYPES } from '../database.js';
import { MIGRATIONS } from '../migrations/index.js';
import { migrateInTransaction } from '../migrator.js';
import { storeErrorFromPostgres } from '../postgres-errors.js';
import { fromPostgres, fromSqlite, recordOf, TableDigest, type CanonicalValue } from './canonical-rows.js';
import { COPIED_TABLES, type CopiedTable } from './copied-tables.js';

/** Rows per insert and per read-back fetch: one statement carries a few MiB at most. */
const BATCH_ROWS = 2000;

export interface CopyProgress {
  table: string;
  /** Rows of the table copied so far. */
  copied: number;
  /** Rows the table holds in the SQLite store. */
  total: number;
  phase: 'copy' | 'verify';
}

export interface CopyFromSqliteOptions {
  /** The SQLite store's file; opened read-only, never changed. */
  from: string;
  to: PostgresConnectionOptions;
  /** Replace whatever store the schema holds (its schema is dropped and created anew). */
  force?: boolean | undefined;
  onProgress?: ((progress: CopyProgress) => void) | undefined;
}

export interface CopiedTableReport {
  name: string;
  rows: number;
  /** SHA-256 of the table's rows in canonical form; equal on both sides, or nothing committed. */
  digest: string;
}

export interface CopyReport {
  schema: string;
  server: ServerRef;
  /** The target held a store that `force` replaced. */
  replaced: boolean;
  tables: CopiedTableReport[];
}

export async function copyFromSqlite(options: CopyFromSqliteOptions): Promise<CopyReport> {
  const connection = resolveConnection(options.to);
  const redactor = new SecretRedactor();
  redactor.add(connection.password);
  const source = openSource(options.from);
  const pool = new pg.Pool({ ...connection.pool, types: TYPES, max: 1, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      try {
        const report = await copyInTransaction(client, source, connection.schema, options);
        await client.query('COMMIT');
        return { ...report, server: connection.server };
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    } finally {
      client.release();
    }
  } catch (error) {
    if (error instanceof Sqlite.SqliteError) {
      throw new StoreError(`Cannot read the SQLite store to copy from: ${options.from} (${error.message}); nothing was copied.`, {
        hint: 'Bring it to this rmm-hub\'s schema first (`rmm-hub db migrate` with its config), or check that the file is an rmm-hub store.',
        cause: error,
      });
    }
    const redact = (text: string): string => redactor.redact(text);
    if (isRmmError(error)) throw error;
    throw (
      storeErrorFromPostgres(error, connection.server, redact) ??
      new StoreError(`PostgreSQL refused the copy into schema "${connection.schema}": ${redact(error instanceof Error ? error.message : String(error))}; nothing was committed.`, {
        hint: 'The target was left as it was. Fix what PostgreSQL names in the SQLite store (or report it), then copy again.',
      })
    );
  } finally {
    source.close();
    await pool.end().catch(() => undefined);
  }
}

function openSource(path: string): Sqlite.Database {
  try {
    return new Sqlite(path, { readonly: true, fileMustExist: true });
  } catch (cause) {
    throw new StoreError(`Cannot open the SQLite store to copy from: ${path} (${cause instanceof Error ? cause.message : String(cause)}).`, {
      hint: 'Give --from the path of an rmm-hub SQLite database file (store.path of its config).',
      cause,
    });
  }
}

async function copyInTransaction(client: pg.PoolClient, source: Sqlite.Database, schema: string, options: CopyFromSqliteOptions): Promise<Omit<CopyReport, 'server'>> {
  await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`rmm-hub:write:${schema}`]);
  const existing = (await client.query<{ found: boolean }>('SELECT to_regnamespace($1) IS NOT NULL AS found', [`"${schema}"`])).rows[0]?.found ?? false;
  const held = existing ? await nonEmptyTables(client, schema) : [];
  if (held.length > 0 && !options.force) {
    throw new StoreError(`The PostgreSQL schema "${schema}" already holds a store (rows in ${held.slice(0, 3).join(', ')}${held.length > 3 ? ', …' : ''}); nothing was copied.`, {
      hint: 'Copy into an empty schema (--schema), or add --force to replace the store it holds.',
      context: { schema, tables: held },
    });
  }
  if (existing && options.force) await client.query(`DROP SCHEMA "${schema}" CASCADE`);
  await migrateInTransaction(client, schema, MIGRATIONS);

  // One read transaction: every table comes from the same moment of the SQLite store.
  source.exec('BEGIN');
  try {
    const tables: CopiedTableReport[] = [];
    const differ: string[] = [];
    for (const table of COPIED_TABLES) {
      const copied = await copyTable(client, source, table, options.onProgress);
      const stored = await digestStored(client, table, copied.rows, options.onProgress);
      if (stored.rows !== copied.rows || stored.digest !== copied.digest) differ.push(`${table.name} (${copied.rows} rows read, ${stored.rows} stored)`);
      tables.push({ name: table.name, rows: copied.rows, digest: copied.digest });
    }
    if (differ.length > 0) {
      throw new StoreError(`The copy does not read back as the SQLite store's content in ${differ.join(', ')}; nothing was committed.`, {
        hint: 'Report this with the rmm-hub version of both stores; the PostgreSQL schema was left as it was.',
        context: { schema, tables: differ },
      });
    }
    return { schema, replaced: held.length > 0, tables };
  } finally {
    source.exec('COMMIT');
  }
}

async function nonEmptyTables(client: pg.PoolClient, schema: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations' ORDER BY 1`,
    [schema],
  );
  const held: string[] = [];
  for (const { name } of rows) {
    const found = await client.query(`SELECT 1 FROM "${schema}"."${name}" LIMIT 1`);
    if (found.rowCount) held.push(name);
  }
  return held;
}

/** Streams one table out of SQLite into multi-row inserts, digesting the rows as they pass. */
async function copyTable(client: pg.PoolClient, source: Sqlite.Database, table: CopiedTable, onProgress: CopyFromSqliteOptions['onProgress']): Promise<{ rows: number; digest: string }> {
  const total = (source.prepare(`SELECT count(*) FROM "${table.name}"`).pluck().get() as number) ?? 0;
  const columns = table.columns.map((c) => `"${c.name}"`).join(', ');
  const select = source.prepare(
    `SELECT ${table.columns.map((c) => (c.sqlite ? `${c.sqlite} AS "${c.name}"` : `"${c.name}"`)).join(', ')} FROM "${table.name}" ORDER BY ${table.order.map((c) => `"${c}"`).join(', ')}`,
  );
  const insert = `INSERT INTO "${table.name}" (${columns}) ${table.identity ? 'OVERRIDING SYSTEM VALUE ' : ''}
    SELECT ${columns} FROM json_populate_recordset(NULL::"${table.name}", $1::json)`;
  const digest = new TableDigest();
  let batch: Record<string, unknown>[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    await client.query(insert, [JSON.stringify(batch)]);
    batch = [];
    onProgress?.({ table: table.name, copied: digest.rows, total, phase: 'copy' });
  };
  for (const raw of select.raw().iterate() as IterableIterator<unknown[]>) {
    const row = table.columns.map((column, i) => fromSqlite(column.kind, raw[i]));
    digest.add(row);
    batch.push(recordOf(table, row));
    if (batch.length >= BATCH_ROWS) await flush();
  }
  await flush();
  if (table.identity) {
    // The next row written on PostgreSQL numbers on from the copied ones.
    await client.query(
      `SELECT setval(pg_get_serial_sequence('"${table.name}"', '${table.identity}'), GREATEST(COALESCE(MAX("${table.identity}"), 0), 1), MAX("${table.identity}") IS NOT NULL) FROM "${table.name}"`,
    );
  }
  return { rows: digest.rows, digest: digest.digest() };
}

/** Reads a table back from PostgreSQL, in the same order and canonical form, for its digest. */
async function digestStored(client: pg.PoolClient, table: CopiedTable, total: number, onProgress: CopyFromSqliteOptions['onProgress']): Promise<{ rows: number; digest: string }> {
  const digest = new TableDigest();
  await client.query(
    `DECLARE copy_check NO SCROLL CURSOR FOR SELECT ${table.columns.map((c) => `"${c.name}"`).join(', ')} FROM "${table.name}" ORDER BY ${table.order.map((c) => `"${c}"`).join(', ')}`,
  );
  for (;;) {
    const { rows } = await client.query<unknown[]>({ text: `FETCH ${BATCH_ROWS} FROM copy_check`, rowMode: 'array' });
    for (const raw of rows) digest.add(table.columns.map((column, i): CanonicalValue => fromPostgres(column.kind, raw[i])));
    if (rows.length > 0) onProgress?.({ table: table.name, copied: digest.rows, total, phase: 'verify' });
    if (rows.length < BATCH_ROWS) break;
  }
  await client.query('CLOSE copy_check');
  return { rows: digest.rows, digest: digest.digest() };
}
