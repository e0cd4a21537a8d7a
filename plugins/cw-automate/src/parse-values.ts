/**
 * Tolerant readers for Automate's loosely typed JSON (reference §5.2): ids arrive as numbers or
 * numeric strings, date-times with or without a zone (or as ASP.NET `/Date(ms)/`), and "no
 * value" as null, a missing key, an empty string or `"0"`.
 */
import { wallClockToInstant } from '@rmm-hub/core/plugin';

/** A positive integer id from a number or numeric string, as a string; undefined otherwise. */
export function parseId(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value > 0 ? String(value) : undefined;
  if (typeof value === 'string') {
    const text = value.trim();
    return /^\d+$/.test(text) && !/^0+$/.test(text) ? text.replace(/^0+/, '') : undefined;
  }
  return undefined;
}

/**
 * An instant as ISO-8601 UTC. A value without a zone is read in `timeZone`, the integration's
 * `serverTimeZone` (UTC unless configured): the one observed sample had none and the server's
 * zone is not published.
 */
export function parseDate(value: unknown, timeZone = 'UTC'): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '' || text.startsWith('0001-01-01')) return undefined;
  const aspnet = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/.exec(text);
  if (aspnet) {
    const date = new Date(Number(aspnet[1]));
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
  }
  const match = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(text);
  if (!match) return undefined;
  const zone = match[3] ? (match[3].toUpperCase() === 'Z' ? 'Z' : match[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')) : 'Z';
  const time = Date.parse(`${match[1]}T${match[2] ?? '00:00:00'}${zone}`);
  if (Number.isNaN(time)) return undefined;
  return new Date(match[3] ? time : wallClockToInstant(time, timeZone)).toISOString();
}

/** True when a date-time field holds something other than "no value" (null, blank, 0001-01-01). */
export function isDateSet(value: unknown): boolean {
  const t = text(value);
  return t !== undefined && !t.startsWith('0001-01-01');
}

/** True when the date-time text carries a zone. */
export function hasZone(value: string): boolean {
  return /(Z|[+-]\d{2}:?\d{2})$/i.test(value.trim()) && value.trim().length > 10;
}

/** Trimmed text, or undefined for null, non-strings and blanks. */
export function text(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return undefined;
  const t = value.trim();
  return t === '' ? undefined : t;
}

/** A property looked up case-insensitively (the server's casing is not guaranteed). */
export function field(record: unknown, name: string): unknown {
  if (record === null || typeof record !== 'object') return undefined;
  const object = record as Record<string, unknown>;
  if (name in object) return object[name];
  const lower = name.toLowerCase();
  const key = Object.keys(object).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : object[key];
}
