/**
 * The conflict queue a page at a time, for the HTTP API: keyset pages in id order, each read with
 * `LIMIT`, so a page reads its own rows and never parses the rest of the queue. The status index
 * picks the conflicts of the asked status, sorted by id for the page (the open queue, not the
 * resolved and cleared history that keeps growing); kind and tenant are checked on those rows.
 */
import type Database from 'better-sqlite3';

import type { ConflictPageQuery } from '@rmm-hub/core';

import { StatementCache } from './statement-cache.js';

/** Each filter of a page query, as the condition it adds. */
const FILTERS = {
  status: 'status = @status',
  kind: 'kind = @kind',
  tenantId: 'EXISTS (SELECT 1 FROM json_each(tenant_ids) WHERE value = @tenantId)',
  after: 'id > @after',
} as const satisfies Partial<Record<keyof ConflictPageQuery, string>>;

export class ConflictPages<Row> {
  readonly #statements: StatementCache;

  constructor(db: Database.Database) {
    this.#statements = new StatementCache(db);
  }

  page(query: ConflictPageQuery): Row[] {
    const where: string[] = [];
    const args: Record<string, string | number> = { limit: query.limit };
    for (const [name, condition] of Object.entries(FILTERS) as [keyof typeof FILTERS, string][]) {
      const value = query[name];
      if (value === undefined) continue;
      where.push(condition);
      args[name] = value;
    }
    const sql = `SELECT * FROM identification_conflicts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT @limit`;
    return this.#statements.get(sql).all(args) as Row[];
  }
}
