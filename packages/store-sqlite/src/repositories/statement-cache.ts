/**
 * Prepared statements by their SQL. A query built from optional filters comes in a few shapes;
 * each is prepared the first time it is asked for and reused after.
 */
import type Database from 'better-sqlite3';

export class StatementCache {
  readonly #statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  get(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}
