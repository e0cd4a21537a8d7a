/**
 * The conflict queue a page at a time, for the HTTP API: keyset pages in id order, each read with
 * `LIMIT`, so a page costs its own rows however long the queue (and its history of resolved and
 * cleared conflicts) grows. The primary key answers the order and the resume point; the status,
 * kind and tenant filters are checked on the rows it walks.
 */
import type Database from 'better-sqlite3';

import type { ConflictPageQuery } from '@rmm-hub/core';

export class ConflictPages<Row> {
  readonly #byFilters = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  page(query: ConflictPageQuery): Row[] {
    const where: string[] = [];
    const args: Record<string, string | number> = { limit: query.limit };
    if (query.status !== undefined) {
      where.push('status = @status');
      args.status = query.status;
    }
    if (query.kind !== undefined) {
      where.push('kind = @kind');
      args.kind = query.kind;
    }
    if (query.tenantId !== undefined) {
      where.push('EXISTS (SELECT 1 FROM json_each(tenant_ids) WHERE value = @tenantId)');
      args.tenantId = query.tenantId;
    }
    if (query.after !== undefined) {
      where.push('id > @after');
      args.after = query.after;
    }
    const sql = `SELECT * FROM identification_conflicts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT @limit`;
    let statement = this.#byFilters.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.#byFilters.set(sql, statement);
    }
    return statement.all(args) as Row[];
  }
}
