/**
 * The store's connection pool and its units of work. A unit of work runs on one connection
 * inside BEGIN … COMMIT (ROLLBACK when `work` throws); calls made while one is open — in
 * `work`, however deep, found through AsyncLocalStorage — run on its connection and join it.
 *
 * Every unit of work first takes the store's write lock, a transaction-scoped advisory lock
 * named after the schema, waiting at most the lock timeout for it: units of work of all
 * processes sharing a store run one at a time, as on SQLite, so a read-then-write inside one
 * never races another process's. Single statements outside a unit of work need no lock: each
 * is atomic on its own.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

import pg from 'pg';

/** Rows the store's statements changed: what `Store.changes()` adds up. */
const WRITES = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

export type Row = Record<string, unknown>;

export class Database {
  readonly pool: pg.Pool;
  readonly #unit = new AsyncLocalStorage<pg.PoolClient>();
  readonly #writeLock: string;
  readonly #lockTimeoutMs: number;
  #changes = 0;

  constructor(pool: pg.Pool, schema: string, lockTimeoutMs: number) {
    this.pool = pool;
    this.#writeLock = `rmm-hub:write:${schema}`;
    this.#lockTimeoutMs = lockTimeoutMs;
  }

  /** Runs one statement: on the open unit of work's connection, or on any pooled one. */
  async query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<pg.QueryResult<R>> {
    const client = this.#unit.getStore();
    const result = client ? await client.query<R>(sql, params as unknown[]) : await this.pool.query<R>(sql, params as unknown[]);
    if (WRITES.has(result.command)) this.#changes += result.rowCount ?? 0;
    return result;
  }

  /** The rows of one statement. */
  async rows<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<R[]> {
    return (await this.query<R>(sql, params)).rows;
  }

  get inUnitOfWork(): boolean {
    return this.#unit.getStore() !== undefined;
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.#unit.getStore()) return work();
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query(`BEGIN; SET LOCAL lock_timeout = ${Math.max(1, Math.round(this.#lockTimeoutMs))}`);
      try {
        await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [this.#writeLock]);
        const result = await this.#unit.run(client, work);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackFailed: Error) => {
          broken = rollbackFailed;
        });
        throw error;
      }
    } finally {
      // A connection whose ROLLBACK failed is in an unknown state: destroyed, not pooled again.
      client.release(broken);
    }
  }

  changes(): number {
    return this.#changes;
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

/**
 * How values come back: `bigint` counts and sequence numbers as numbers (they stay far below
 * 2^53), instants as the ISO-8601 UTC strings the records use.
 */
export const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === pg.types.builtins.INT8) return (text: string) => Number(text);
    if (oid === pg.types.builtins.TIMESTAMPTZ) {
      const parse = pg.types.getTypeParser(oid, 'text') as (text: string) => Date;
      return (text: string) => parse(text).toISOString();
    }
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};
