/**
 * Units of work on the store's one SQLite connection. better-sqlite3 runs statements
 * synchronously, but a unit of work is async (it awaits whatever its caller awaits between
 * statements), so two of them from the same process would otherwise interleave on the one
 * connection and share its transaction. Here they take turns: a unit holds the connection from
 * BEGIN IMMEDIATE to COMMIT or ROLLBACK, and anything else — another unit, or a repository call
 * made outside any unit — waits for it. Code running inside a unit (followed across awaits with
 * AsyncLocalStorage) uses the connection at once: nested units join the outer one.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

import { Mutex } from 'async-mutex';
import type Database from 'better-sqlite3';

export class UnitsOfWork {
  readonly #turns = new Mutex();
  readonly #inside = new AsyncLocalStorage<true>();

  constructor(private readonly db: Database.Database) {}

  /** True inside a unit of work (or inside {@link exclusive}): the connection is this code's. */
  get active(): boolean {
    return this.#inside.getStore() === true;
  }

  /**
   * Runs `statements` (synchronous better-sqlite3 calls) on the connection: at once inside a
   * unit of work, else on their own turn, so they never land in another unit's transaction.
   */
  async run<T>(statements: () => T): Promise<T> {
    if (this.active) return statements();
    return this.#turns.runExclusive(statements);
  }

  /**
   * Runs `work` in one transaction, all of it committed or none. Immediate: a deferred
   * transaction that reads first and writes later would ask for the write lock mid-way, and
   * SQLite answers "database is locked" at once rather than wait. Inside a unit it joins it:
   * no savepoint, so a nested unit's writes stay with the outer one even if its error is caught.
   */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.active) return work();
    return this.exclusive(() => this.begun(work));
  }

  /**
   * Holds the connection for `work` without opening a transaction: for what must run between
   * transactions on this connection (switching foreign-key enforcement, see `bulkLoad`).
   * `work` opens its transaction with {@link begun}.
   */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.active) return work();
    return this.#turns.runExclusive(() => this.#inside.run(true, work));
  }

  /** BEGIN IMMEDIATE, `work`, then COMMIT, or ROLLBACK if it throws. Only within {@link exclusive}. */
  async begun<T>(work: () => Promise<T>): Promise<T> {
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const result = await work();
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      // Some failures (a full disk, for one) have already rolled the transaction back.
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    }
  }
}
