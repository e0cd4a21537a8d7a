import type Database from 'better-sqlite3';

/** One forward-only schema step. Versions are consecutive integers starting at 1. */
export interface Migration {
  version: number;
  /** A short name, recorded with the version (e.g. `foundation`, `linking`). */
  name: string;
  /** Plain SQL, run inside the migration's transaction. */
  sql: string;
  /**
   * The SQL rebuilds tables (create, copy, drop, rename): it runs with foreign keys off, so
   * dropping a table does not cascade into the rows referencing it, and every reference is
   * checked before the migration commits.
   */
  rebuildsTables?: boolean;
  /**
   * Runs after the SQL, in the same transaction, for what SQL cannot compute (values only
   * core's code knows how to derive). It must be idempotent over the rows it reads.
   */
  backfill?: (db: Database.Database) => void;
}
