import { createHash } from 'node:crypto';

import type Database from 'better-sqlite3';

/**
 * A SHA-256 over the rows of `queries` (each in a fixed order), streamed: nothing per row
 * survives, so digesting 150,000 rows stays flat in memory and takes a fraction of a second.
 * Used by the engines to tell "nothing I read has changed since my last run" cheaply.
 */
export function digestRows(db: Database.Database, queries: readonly string[]): string {
  const hash = createHash('sha256');
  for (const sql of queries) {
    for (const row of db.prepare(sql).raw().iterate() as IterableIterator<unknown[]>) hash.update(`${row.join('\u001f')}\u001e`);
    hash.update('\u001d');
  }
  return hash.digest('hex');
}
