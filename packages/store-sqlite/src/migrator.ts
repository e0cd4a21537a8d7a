/**
 * Applies pending migrations in one transaction, recording every applied version in
 * `schema_migrations`. Refuses to open a database written by a newer rmm-hub (a version it
 * does not know), rather than guessing.
 */
import type Database from 'better-sqlite3';

import { StoreError } from '@rmm-hub/core';

import { transactionCheckingForeignKeysAtEnd, type ForeignKeyViolation } from './foreign-keys-at-end.js';
import type { Migration } from './migrations/index.js';

export interface MigrationOutcome {
  from: number;
  to: number;
  applied: number[];
}

export function migrate(db: Database.Database, migrations: readonly Migration[]): MigrationOutcome {
  assertConsecutive(migrations);
  const latest = migrations.at(-1)?.version ?? 0;
  // The version only grows, so a database already at the latest needs no lock to say so.
  const seen = schemaVersion(db);
  refuseNewer(seen, latest);
  if (seen === latest) return { from: seen, to: latest, applied: [] };
  const rebuilding = migrations.filter((m) => m.version > seen && m.rebuildsTables);
  // foreign_keys cannot change inside a transaction, so it is switched around it; inside a
  // caller's transaction the switch would silently do nothing and the rebuild would cascade.
  if (rebuilding.length > 0 && db.inTransaction) {
    throw new StoreError(`Migration "${(rebuilding[0] as Migration).name}" rebuilds tables and cannot run inside an open transaction.`);
  }
  // One transaction holding the write lock from its start reads the version and applies what
  // is pending: of two processes opening a new database at once, one migrates and the other,
  // waiting for the lock, then reads the version it left and applies nothing.
  const work = (): MigrationOutcome => {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
    const current = schemaVersion(db);
    refuseNewer(current, latest);
    const applied: number[] = [];
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      migration.backfill?.(db);
      record.run(migration.version, migration.name, new Date().toISOString());
      applied.push(migration.version);
    }
    return { from: current, to: Math.max(current, latest), applied };
  };
  if (rebuilding.length > 0) return transactionCheckingForeignKeysAtEnd(db, work, { broken: (violations) => referencesBroken(rebuilding, violations) });
  return db.transaction(work).immediate();
}

/** The schema version recorded in the database; 0 for a new (or foreign) file. */
export function schemaVersion(db: Database.Database): number {
  const hasTable = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`).get() !== undefined;
  return hasTable ? ((db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0) : 0;
}

/** Refuses a database written by a newer rmm-hub (a version this one does not know), rather than guessing. */
export function refuseNewer(current: number, latest: number): void {
  if (current > latest) {
    throw new StoreError(`The database is at schema version ${current}, newer than this rmm-hub knows (${latest}).`, {
      hint: 'Upgrade rmm-hub, or point store.path at another database file.',
      context: { current, latest },
    });
  }
}

/** What a rebuild with foreign keys off (see `transactionCheckingForeignKeysAtEnd`) left unresolved; nothing is committed. */
function referencesBroken(rebuilding: readonly Migration[], broken: readonly ForeignKeyViolation[]): StoreError {
  const first = broken[0] as ForeignKeyViolation;
  const migration = { name: rebuilding.map((m) => m.name).join('", "'), version: (rebuilding[0] as Migration).version };
  return new StoreError(`Migration "${migration.name}" would leave ${broken.length} row(s) referencing missing rows (first: ${first.table} → ${first.parent}); nothing was changed.`, {
    hint: 'The database was inconsistent before this upgrade. Restore a backup, or report the problem with the database file.',
    context: { migration: migration.version, broken: broken.length },
  });
}

function assertConsecutive(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new StoreError(`Migration "${migration.name}" has version ${migration.version}; expected ${index + 1}.`);
    }
  });
}
