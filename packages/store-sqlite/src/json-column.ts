/** Helpers for the JSON-text columns and change detection shared by the repositories. */
export { contentHash, digestText, stableStringify } from '@rmm-hub/core';

export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback;
  return JSON.parse(text) as T;
}

/** SQLite stores absent optionals as NULL; the records use undefined. */
export function orUndefined<T>(value: T | null): T | undefined {
  return value === null ? undefined : value;
}
