/**
 * The zone of an RMM server's zone-less times. Both RMMs write some date-times without a zone
 * (N-central's `lastApplianceCheckinTime`, Automate's `RemoteAgentLastContact`, token expiry
 * dates) and neither publishes which zone it means: an integration says it (`serverTimeZone`,
 * an IANA name, UTC by default), and its health check compares a fresh record's time with the
 * server's clock to warn when the setting looks wrong.
 */
import { z } from 'zod';

/** An IANA time zone name this runtime knows (`Europe/Berlin`, `America/New_York`, `UTC`). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The `serverTimeZone` field of a plugin's config: an IANA name, UTC by default. */
export const ServerTimeZone = z
  .string()
  .trim()
  .refine(isTimeZone, 'must be an IANA time zone name such as "UTC", "Europe/Berlin" or "America/New_York"')
  .default('UTC')
  .describe('IANA zone of the times the RMM writes without a zone (last check-in, token expiry); the health check warns when it looks wrong');

const formatters = new Map<string, Intl.DateTimeFormat>();

/** How far `timeZone`'s wall clock is ahead of UTC at `instant` (ms; negative west of Greenwich). */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, format);
  }
  const p = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, Number(part.value)]));
  const wall = Date.UTC(p['year'] as number, (p['month'] as number) - 1, p['day'] as number, p['hour'] as number, p['minute'] as number, p['second'] as number);
  return wall - (instant - (((instant % 1000) + 1000) % 1000));
}

/**
 * The instant a zone-less wall-clock time denotes in `timeZone`. `wallClockMs` is that wall
 * clock read as if it were UTC (what `Date.UTC(...)` of its fields gives). In the hour a
 * clock is set back the earlier instant is taken; a time skipped by a clock set forward is
 * read with the offset before the change.
 */
export function wallClockToInstant(wallClockMs: number, timeZone: string): number {
  if (timeZone === 'UTC') return wallClockMs;
  const first = wallClockMs - zoneOffsetMs(wallClockMs, timeZone);
  const offset = zoneOffsetMs(first, timeZone);
  return wallClockMs - offset;
}

/**
 * What a health check says about the configured zone, from a zone-less time the server just
 * wrote (`wallClockMs`, read as if UTC) and the server's own clock at that moment
 * (`serverNowMs`, e.g. its `Date` header). Undefined when the setting fits within 30 minutes;
 * otherwise the offset the server seems to use and zones that have it now.
 */
export function checkServerTimeZone(wallClockMs: number, serverNowMs: number, configured: string): { observedOffsetMs: number; configuredOffsetMs: number; likelyZones: string[] } | undefined {
  const configuredOffsetMs = zoneOffsetMs(serverNowMs, configured);
  // A fresh record is a little older than "now"; round to the quarter hour zones are made of.
  const observedOffsetMs = Math.round((wallClockMs - serverNowMs) / 900_000) * 900_000;
  if (Math.abs(observedOffsetMs - configuredOffsetMs) <= 30 * 60_000) return undefined;
  // This machine's own zone first: a server is most often where the MSP is.
  const local = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const likelyZones = [...new Set([local, 'UTC', ...Intl.supportedValuesOf('timeZone')])].filter((zone) => zoneOffsetMs(serverNowMs, zone) === observedOffsetMs).slice(0, 3);
  return { observedOffsetMs, configuredOffsetMs, likelyZones };
}

/** `+02:00`-style text of an offset. */
export function formatOffset(offsetMs: number): string {
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  return `${offsetMs < 0 ? '-' : '+'}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

const MAX_ZONE_OFFSET_MS = 14 * 3600_000;

/** A health check's verdict on `serverTimeZone` (name and duration are the caller's). */
export interface TimeZoneVerdict {
  status: 'pass' | 'warn';
  message: string;
  hint?: string | undefined;
}

/**
 * The `server-time-zone` health check: the newest zone-less time among fresh records
 * (`newestWallClockMs`, read as if UTC; undefined when none was found) against the server's
 * clock (`serverNowMs`), for an RMM called `rmm`.
 */
export function judgeServerTimeZone(rmm: string, newestWallClockMs: number | undefined, serverNowMs: number, configured: string): TimeZoneVerdict {
  // Zones lie within UTC−12 … UTC+14: a newest time further off is no fresh record at all.
  const fresh = newestWallClockMs !== undefined && Math.abs(newestWallClockMs - serverNowMs) <= MAX_ZONE_OFFSET_MS;
  if (!fresh) return { status: 'pass', message: `No recent zone-less time to compare; serverTimeZone is ${configured}` };
  const off = checkServerTimeZone(newestWallClockMs, serverNowMs, configured);
  if (!off) return { status: 'pass', message: `Zone-less times fit serverTimeZone ${configured}` };
  const likely = off.likelyZones.length > 0 ? ` (e.g. ${off.likelyZones.join(', ')})` : '';
  return {
    status: 'warn',
    message: `${rmm} writes zone-less times that look like UTC${formatOffset(off.observedOffsetMs)}${likely}, but serverTimeZone is ${configured} (UTC${formatOffset(off.configuredOffsetMs)})`,
    hint: `Set serverTimeZone to the ${rmm} server's IANA zone${likely}, or last-seen times and online states will be off by the difference. (The newest record is compared with the server's clock: if no agent checked in recently, ignore this.)`,
  };
}
