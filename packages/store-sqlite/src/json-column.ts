/** Helpers for the JSON-text columns and change detection shared by the repositories. */
import { createHash } from 'node:crypto';

/** A stable digest of a record: keys sorted, so equal content always hashes equal. */
export function contentHash(value: unknown): string {
  return createHash('sha1').update(stableStringify(value)).digest('base64url');
}

export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}

export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback;
  return JSON.parse(text) as T;
}

/** SQLite stores absent optionals as NULL; the records use undefined. */
export function orUndefined<T>(value: T | null): T | undefined {
  return value === null ? undefined : value;
}
