/**
 * A digest of what a set of queries returns, computed by the server: each query's rows, in a
 * stable order, reduced to one MD5 there (an ordered aggregate of each row's own digest), so only
 * a few bytes per query travel whatever the tables' size. Equal digests: equal content.
 */
import { digestText } from '@rmm-hub/core';

import type { Database } from '../database.js';

export interface FingerprintQuery {
  /** A SELECT whose columns are what the digest covers. */
  select: string;
  /** Its columns that order the rows uniquely. */
  order: string;
}

export async function fingerprint(db: Database, queries: readonly FingerprintQuery[]): Promise<string> {
  const digests: string[] = [];
  for (const query of queries) {
    const [row] = await db.rows<{ digest: string | null; rows: number }>(
      `SELECT md5(string_agg(md5(t::text), '' ORDER BY ${query.order.split(',').map((c) => `t.${c.trim()}`).join(', ')})) AS digest, count(*) AS rows FROM (${query.select}) t`,
    );
    digests.push(`${row?.rows ?? 0}:${row?.digest ?? ''}`);
  }
  return digestText(digests.join('\n'));
}
