/**
 * One transaction whose foreign keys are checked once, when its work is done, instead of row by
 * row: for work that rebuilds or bulk-loads tables. Per-row enforcement looks every parent up
 * in its key index as each child row goes in — for a first identification run, a lookup into
 * `agents` and one into `computers` per link. `PRAGMA foreign_key_check` afterwards walks each
 * table once.
 *
 * SQLite lets `foreign_keys` change only outside a transaction (inside one the pragma silently
 * does nothing), so the caller must not be in one. While it is off no `ON DELETE CASCADE` runs
 * either: work that deletes parent rows must not use this.
 */
import type Database from 'better-sqlite3';

import type { UnitsOfWork } from './units-of-work.js';

/** A row that references a missing parent (a row of `PRAGMA foreign_key_check`). */
export interface ForeignKeyViolation {
  table: string;
  rowid: number | null;
  parent: string;
  fkid: number;
}

/** Where to look for violations, and the error to make of them. */
export interface CheckAtEnd {
  /** Every table when omitted. */
  tables?: readonly string[];
  broken: (violations: ForeignKeyViolation[]) => Error;
}

/**
 * Runs `work` in a transaction with foreign-key enforcement off, then checks `tables` (every
 * table when omitted); any violation becomes the error `broken` makes of it, and nothing is
 * committed. Enforcement is back as it was afterwards, whatever happened. On a connection
 * without enforcement this is a plain transaction.
 */
export function transactionCheckingForeignKeysAtEnd<T>(db: Database.Database, work: () => T, options: CheckAtEnd): T {
  const enforced = switchOff(db);
  try {
    return db.transaction(() => {
      const result = work();
      if (enforced) check(db, options);
      return result;
    }).immediate();
  } finally {
    if (enforced) db.pragma('foreign_keys = ON');
  }
}

/** The same for an async unit of work, which the store's {@link UnitsOfWork} runs. */
export async function unitCheckingForeignKeysAtEnd<T>(db: Database.Database, units: UnitsOfWork, work: () => Promise<T>, options: CheckAtEnd): Promise<T> {
  return units.exclusive(async () => {
    const enforced = switchOff(db);
    try {
      return await units.begun(async () => {
        const result = await work();
        if (enforced) check(db, options);
        return result;
      });
    } finally {
      if (enforced) db.pragma('foreign_keys = ON');
    }
  });
}

/** Turns enforcement off; returns whether it was on. */
function switchOff(db: Database.Database): boolean {
  if (db.inTransaction) throw new Error('foreign keys can only be switched outside a transaction');
  const enforced = db.pragma('foreign_keys', { simple: true }) === 1;
  if (enforced) db.pragma('foreign_keys = OFF');
  return enforced;
}

function check(db: Database.Database, options: CheckAtEnd): void {
  const violations = options.tables === undefined
    ? (db.pragma('foreign_key_check') as ForeignKeyViolation[])
    : options.tables.flatMap((table) => db.pragma(`foreign_key_check(${table})`) as ForeignKeyViolation[]);
  if (violations.length > 0) throw options.broken(violations);
}
