/**
 * Streams a query's rows a page at a time, in key order, each page starting after the last
 * key seen (keyset pagination): memory stays flat whatever the table's size, and no cursor or
 * connection is held between pages, so a consumer that stops early leaves nothing open.
 */
import type { Database, Row } from '../database.js';

/** Rows per round trip: large enough that the round trips cost little beside the rows. */
export const PAGE_ROWS = 2000;

export interface KeysetQuery {
  /** `SELECT … FROM …` without WHERE, ORDER BY or LIMIT. */
  select: string;
  /** Conditions, AND-ed; `$n` placeholders numbered from 1 over `params`. */
  where: string[];
  params: unknown[];
  /** The key columns, qualified as in `select`: unique together, indexed in this order. */
  key: readonly [string, string];
}

export async function* keysetPages<R extends Row>(db: Database, query: KeysetQuery, keyOf: (row: R) => readonly [string, string]): AsyncGenerator<R[]> {
  let after: readonly [string, string] | undefined;
  const order = `ORDER BY ${query.key[0]}, ${query.key[1]}`;
  for (;;) {
    const params = [...query.params];
    const where = [...query.where];
    if (after) where.push(`(${query.key[0]}, ${query.key[1]}) > ($${params.push(after[0])}, $${params.push(after[1])})`);
    const sql = `${query.select} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ${order} LIMIT ${PAGE_ROWS}`;
    const rows = await db.rows<R>(sql, params);
    if (rows.length > 0) yield rows;
    if (rows.length < PAGE_ROWS) return;
    after = keyOf(rows[rows.length - 1] as R);
  }
}
