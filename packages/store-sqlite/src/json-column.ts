/** Helpers for the JSON-text columns and change detection shared by the repositories. */
import * as crypto from 'node:crypto';

/** A stable digest of a record: keys sorted, so equal content always hashes equal. */
export function contentHash(value: unknown): string {
  return digestText(stableStringify(value));
}

// crypto.hash (Node ≥ 20.12) digests a string in one native call, without the Hash object
// createHash allocates: the agents' change check digests every listed agent on every sync.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'base64url') => string }).hash;

/** The digest {@link contentHash} uses, of text already made stable by the caller. */
export function digestText(text: string): string {
  return oneShot ? oneShot('sha1', text, 'base64url') : crypto.createHash('sha1').update(text).digest('base64url');
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
