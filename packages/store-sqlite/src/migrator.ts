/**
 * Applies pending migrations, each in its own transaction, recording every applied version in
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
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const current = (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new StoreError(`The database is at schema version ${current}, newer than this rmm-hub knows (${latest}).`, {
      hint: 'Upgrade rmm-hub, or point store.path at another database file.',
      context: { current, latest },
    });
  }
  const applied: number[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    // foreign_keys cannot change inside a transaction, so it is switched around it; inside a
    // caller's transaction the switch would silently do nothing and the rebuild would cascade.
    if (migration.rebuildsTables && db.inTransaction) {
      throw new StoreError(`Migration "${migration.name}" rebuilds tables and cannot run inside an open transaction.`);
    }
    const apply = (): void => {
      db.exec(migration.sql);
      migration.backfill?.(db);
      record.run(migration.version, migration.name, new Date().toISOString());
    };
    if (migration.rebuildsTables) transactionCheckingForeignKeysAtEnd(db, apply, { broken: (violations) => referencesBroken(migration, violations) });
    else db.transaction(apply)();
    applied.push(migration.version);
  }
  return { from: current, to: Math.max(current, latest), applied };
}

/** What a rebuild with foreign keys off (see `transactionCheckingForeignKeysAtEnd`) left unresolved; nothing is committed. */
function referencesBroken(migration: Migration, broken: readonly ForeignKeyViolation[]): StoreError {
  const first = broken[0] as ForeignKeyViolation;
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
