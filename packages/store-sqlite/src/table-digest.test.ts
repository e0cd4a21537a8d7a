/**
 * `digestRows` tells an engine whether anything it reads changed: the same rows must digest
 * the same, and any change to any value — NULL to empty text included, in any chunk — must
 * change the digest.
 */
import { fc, test } from '@fast-check/vitest';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';

import { digestRows, type ChunkedRows } from './table-digest.js';

function table(rows: readonly (readonly [string, string | null, number])[]): Database.Database {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (k TEXT NOT NULL UNIQUE, v TEXT, n INTEGER NOT NULL)');
  const insert = db.prepare('INSERT INTO t (k, v, n) VALUES (?, ?, ?)');
  for (const row of rows) insert.run(...row);
  return db;
}

const CHUNKED: ChunkedRows = { values: ['k', 'v', 'n'], from: 'FROM t', rowid: 'rowid' };
const PLAIN = 'SELECT k, v, n FROM t ORDER BY k';

const rowsArb = fc.uniqueArray(fc.tuple(fc.string({ minLength: 1 }), fc.option(fc.string(), { nil: null }), fc.integer()), { selector: (r) => r[0], minLength: 1, maxLength: 40 });

test.prop([rowsArb, fc.nat(), fc.constantFrom('v', 'n', 'null')])('any changed value changes the digest, chunked or not', (rows, at, what) => {
  const before = table(rows);
  const i = at % rows.length;
  const [k, v, n] = rows[i] as [string, string | null, number];
  const changed = rows.map((r, j): [string, string | null, number] => (j !== i ? [...r] : what === 'n' ? [k, v, n + 1] : what === 'null' ? [k, v === null ? '' : null, n] : [k, `${v ?? ''}x`, n]));
  const after = table(changed);
  for (const query of [CHUNKED, PLAIN]) {
    expect(digestRows(after, [query])).not.toBe(digestRows(before, [query]));
    expect(digestRows(table(rows), [query])).toBe(digestRows(before, [query]));
  }
});

it('reads a big table in chunks, every chunk counted', async () => {
  const rows = Array.from({ length: 20_000 }, (_, i): [string, string | null, number] => [`k${i}`, i % 7 === 0 ? null : `v${i}`, i]);
  const db = table(rows);
  const whole = digestRows(db, [CHUNKED]);
  expect(digestRows(db, [CHUNKED])).toBe(whole);
  db.prepare("UPDATE t SET v = 'changed' WHERE k = 'k19998'").run();
  expect(digestRows(db, [CHUNKED])).not.toBe(whole);
  db.prepare("UPDATE t SET v = 'v19998' WHERE k = 'k19998'").run();
  expect(digestRows(db, [CHUNKED])).toBe(whole);
  db.prepare("UPDATE t SET v = 'changed' WHERE k = 'k10001'").run();
  expect(digestRows(db, [CHUNKED])).not.toBe(whole);
});
