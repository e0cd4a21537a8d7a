import { createHash } from 'node:crypto';

import type Database from 'better-sqlite3';

/**
 * A big table's rows for a digest, read in rowid order in chunks whose text SQLite builds:
 * one string crosses into JavaScript per chunk instead of one value per column per row.
 */
export interface ChunkedRows {
  /** The values of one row (SQL expressions); NULL is written as char(1), so NULL and '' differ. */
  values: readonly string[];
  /** `FROM …` with its joins, without WHERE. */
  from: string;
  where?: string;
  /** The driving table's rowid (`a.rowid`): the order and the chunk boundary. */
  rowid: string;
}

/** Rows per chunk: about 1 MiB of text for the widest rows, so memory stays flat. */
const CHUNK_ROWS = 8192;

/**
 * A SHA-256 over the rows of `queries`, each in a fixed order, streamed: nothing per row
 * survives, so digesting a fleet's rows stays flat in memory. A query is either plain SQL
 * (hashed row by row: for small tables) or {@link ChunkedRows}. Used by the engines to tell
 * "nothing I read has changed since my last run" cheaply.
 */
export function digestRows(db: Database.Database, queries: readonly (string | ChunkedRows)[]): string {
  const hash = createHash('sha256');
  for (const query of queries) {
    if (typeof query === 'string') {
      for (const row of db.prepare(query).raw().iterate() as IterableIterator<unknown[]>) {
        // NULL as char(1), as in the chunked form: join() would write it as ''.
        hash.update(`${row.map((v) => (v === null ? '\u0001' : v)).join('\u001f')}\u001e`);
      }
    } else {
      const chunk = db.prepare(chunkSql(query));
      let after = -Infinity;
      for (;;) {
        const [last, text] = chunk.raw().get(after, CHUNK_ROWS) as [number | null, string | null];
        if (last === null) break;
        hash.update(`${text ?? ''}\u001e`);
        after = last;
      }
    }
    hash.update('\u001d');
  }
  return hash.digest('hex');
}

function chunkSql(q: ChunkedRows): string {
  const row = `concat_ws(char(31), ${q.values.map((v) => `ifnull(${v}, char(1))`).join(', ')})`;
  const where = `WHERE ${q.rowid} > ?${q.where === undefined ? '' : ` AND (${q.where})`}`;
  // group_concat takes the rows as the ordered subquery yields them. SQL leaves that order
  // unspecified, but SQLite keeps it, always the same for the same data and plan; an ORDER BY
  // inside the aggregate would sort every chunk again (twice the time). Were the order ever to
  // differ, the digest would change and the engine would run once more: never a missed change.
  return `SELECT max(id), group_concat(row, char(30)) FROM
    (SELECT ${q.rowid} AS id, ${row} AS row ${q.from} ${where} ORDER BY ${q.rowid} LIMIT ?)`;
}
