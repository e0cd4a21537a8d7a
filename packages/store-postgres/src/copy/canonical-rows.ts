/**
 * One form for a row of either store: what `db copy` writes into PostgreSQL and what both
 * sides' digests hash. Reading a row of either store into it, then hashing it with one function,
 * is what makes equal digests mean equal content rather than two encodings that happen to agree.
 */
import { createHash, type Hash } from 'node:crypto';

import { stableStringify } from '@rmm-hub/core';

import type { ColumnKind, CopiedTable } from './copied-tables.js';

export type CanonicalValue = string | number | boolean | null | readonly string[] | CanonicalJson;
type CanonicalJson = { readonly json: unknown };

/** A SQLite column's value in canonical form. */
export function fromSqlite(kind: ColumnKind, value: unknown): CanonicalValue {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'boolean':
      return value === 1 || value === 1n || value === true;
    case 'instant':
      return instant(value);
    case 'json':
      return { json: JSON.parse(String(value)) };
    case 'list':
      return JSON.parse(String(value)) as string[];
    case 'comma-list':
      return value === '' ? [] : String(value).split(',');
    case 'number':
      return Number(value);
    case 'text':
      return String(value);
  }
}

/** A PostgreSQL column's value (as the store's pool parses it, see `TYPES`) in canonical form. */
export function fromPostgres(kind: ColumnKind, value: unknown): CanonicalValue {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'json':
      return { json: value };
    case 'list':
    case 'comma-list':
      return value as string[];
    case 'instant':
      return instant(value);
    case 'boolean':
      return Boolean(value);
    case 'number':
      return Number(value);
    case 'text':
      return String(value);
  }
}

/** Instants as the store writes them (`toISOString`), whatever spelling of the same instant was read. */
function instant(value: unknown): string {
  const date = new Date(value as string);
  return Number.isNaN(date.getTime()) ? String(value) : date.toISOString();
}

/** The row as the JSON object `json_populate_recordset` reads into the table's row type. */
export function recordOf(table: CopiedTable, row: readonly CanonicalValue[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  table.columns.forEach((column, index) => {
    const value = row[index] ?? null;
    record[column.name] = value !== null && typeof value === 'object' && 'json' in value ? value.json : value;
  });
  return record;
}

/** A table's row count and SHA-256 over its canonical rows in the table's order. */
export class TableDigest {
  rows = 0;
  readonly #hash: Hash = createHash('sha256');

  add(row: readonly CanonicalValue[]): void {
    this.rows++;
    // Keys sorted: jsonb keeps a document's keys in an order of its own, SQLite's text as written.
    this.#hash.update(`${stableStringify(row)}\n`);
  }

  digest(): string {
    return this.#hash.digest('hex');
  }
}
