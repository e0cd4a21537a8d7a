/**
 * Coercions for N-central's loosely typed JSON: ids that are numbers on devices and strings on
 * org units, values that are strings in assets, timestamps in five formats (reference §1).
 */
import { wallClockToInstant } from '@rmm-hub/core/plugin';

/**
 * An id as the string the host expects, from a number (device ids exceed 2^31 — JS numbers are
 * exact to 2^53), a numeric string or a bigint. Undefined for anything else.
 * @example toId(526898132189) // '526898132189'; toId(' 237 ') // '237'; toId(null) // undefined
 */
export function toId(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? String(value) : undefined;
  if (typeof value === 'bigint') return value >= 0n ? value.toString() : undefined;
  if (typeof value === 'string') {
    const t = value.trim();
    return /^\d{1,19}$/.test(t) ? t.replace(/^0+(?=\d)/, '') : undefined;
  }
  return undefined;
}

/** A trimmed non-empty string from a string, number or boolean; undefined otherwise. */
export function toText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** `true`/`"true"`/`1` → true, `false`/`"false"`/`0` → false, else undefined. */
export function toBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const t = toText(value)?.toLowerCase();
  if (t === 'true' || t === '1' || t === 'yes') return true;
  if (t === 'false' || t === '0' || t === 'no') return false;
  return undefined;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const CIM = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d+))?([+-]\d{3})?$/;

/** `offsetMinutes` when the text carried a zone; otherwise the wall clock is read in `timeZone`. */
function build(y: string, mo: string, d: string, h = '0', mi = '0', s = '0', frac = '', offsetMinutes: number | undefined, timeZone: string): string | undefined {
  const ms = Number((frac + '000').slice(0, 3));
  const t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  if (!Number.isFinite(t)) return undefined;
  const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  // Date.UTC rolls 2024-02-31 over into March; a calendar-invalid date is not a timestamp.
  if (check.getUTCMonth() !== Number(mo) - 1 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 60) return undefined;
  const out = new Date(offsetMinutes === undefined ? wallClockToInstant(t, timeZone) : t - offsetMinutes * 60_000);
  return Number.isNaN(out.getTime()) ? undefined : out.toISOString();
}

function offsetOf(zone: string | undefined): number | undefined {
  if (zone === undefined) return undefined;
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

/**
 * A zone-less timestamp's wall clock as epoch ms read as if UTC; undefined for a value that
 * carries a zone (or is not a timestamp). What the health check compares with the server clock.
 */
export function zonelessWallClock(value: unknown): number | undefined {
  const text = toText(value);
  if (text === undefined) return undefined;
  const iso = ISO.exec(text);
  const cim = iso ? undefined : CIM.exec(text);
  const zoned = iso ? iso[8] !== undefined : cim ? cim[8] !== undefined : true;
  if (zoned) return undefined;
  const instant = parseNcTimestamp(text, 'UTC');
  return instant === undefined ? undefined : Date.parse(instant);
}

/**
 * Parses any timestamp form N-central emits into an ISO-8601 UTC instant, or undefined.
 * Zone-less forms are read in `timeZone`, the integration's `serverTimeZone`: N-central does
 * not say which zone it means (UTC unless configured).
 *
 * Accepted: `2026-03-23T21:33:26.278`, `…Z`, `…+02:00`/`+0200`/`+02`, `2026-03-23 21:33:26.278000 +0000`,
 * `2026-03-23 21:33:26.278000`, `2026-03-23`, WMI `20260323213326.278000+060`, epoch ms/s numbers.
 */
export function parseNcTimestamp(value: unknown, timeZone = 'UTC'): string | undefined {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value <= 0) return undefined;
    const d = new Date(value < 1e11 ? value * 1000 : value);
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
  }
  const text = toText(value);
  if (text === undefined) return undefined;
  const iso = ISO.exec(text);
  if (iso) {
    const [, y, mo, d, h, mi, s, frac, zone] = iso;
    return build(y!, mo!, d!, h, mi, s, frac ?? '', offsetOf(zone), timeZone);
  }
  const cim = CIM.exec(text);
  if (cim) {
    const [, y, mo, d, h, mi, s, frac, off] = cim;
    return build(y!, mo!, d!, h, mi, s, frac ?? '', off === undefined ? undefined : Number(off), timeZone);
  }
  return undefined;
}
