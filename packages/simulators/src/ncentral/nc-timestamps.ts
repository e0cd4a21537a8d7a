/**
 * The timestamp formats N-central mixes in one API (reference §1): zone-less ISO on most
 * records, `Z` or a numeric offset on some devices (which broke a production client), and
 * space-separated microsecond forms in assets and monitoring data. The simulator emits all of
 * them so the client's parser is exercised; every form denotes the same instant (zone-less
 * forms are the wall clock of the server's zone, UTC unless the simulator is told otherwise).
 */
import { toWallClock } from '../server/time-zone.js';

/** Which textual form to emit. */
export type NcTimestampStyle =
  /** `2026-03-23T21:33:26.278` — UTC wall clock, no zone (the common case). */
  | 'iso-local'
  /** `2026-03-23T21:33:26.278Z` */
  | 'iso-zulu'
  /** `2026-03-23T23:33:26.278+02:00` — the same instant in a +02:00 zone. */
  | 'iso-offset'
  /** `2026-03-23 21:33:26.278000 +0000` (assets `createdon`, `lastScanTime`). */
  | 'asset-offset'
  /** `2026-03-23 21:33:26.278000` (assets `lastbootuptime`, `transitionTime`). */
  | 'asset-local';

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function parts(ms: number): { date: string; time: string; millis: string } {
  const d = new Date(ms);
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
    millis: pad(d.getUTCMilliseconds(), 3),
  };
}

/**
 * Formats an instant (epoch ms or ISO text) in one of N-central's styles; the zone-less ones
 * show `timeZone`'s wall clock (the server's zone).
 */
export function formatNcTimestamp(instant: number | string, style: NcTimestampStyle, timeZone = 'UTC'): string {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  switch (style) {
    case 'iso-local': {
      const p = parts(toWallClock(ms, timeZone));
      return `${p.date}T${p.time}.${p.millis}`;
    }
    case 'iso-zulu': {
      const p = parts(ms);
      return `${p.date}T${p.time}.${p.millis}Z`;
    }
    case 'iso-offset': {
      const p = parts(ms + 2 * 3600_000);
      return `${p.date}T${p.time}.${p.millis}+02:00`;
    }
    case 'asset-offset': {
      const p = parts(ms);
      return `${p.date} ${p.time}.${p.millis}000 +0000`;
    }
    case 'asset-local': {
      const p = parts(toWallClock(ms, timeZone));
      return `${p.date} ${p.time}.${p.millis}000`;
    }
  }
}

/**
 * The style a device's record timestamps use: zone-less for most, `Z` or an offset for a
 * share `zonedRate` of devices, chosen stably from the device id.
 */
export function deviceTimestampStyle(deviceId: number, zonedRate: number): NcTimestampStyle {
  const bucket = (Math.imul((deviceId % 0x7fff_ffff) | 0, 0x9e3779b1) >>> 0) / 0x1_0000_0000;
  if (bucket >= zonedRate) return 'iso-local';
  return bucket < zonedRate / 2 ? 'iso-zulu' : 'iso-offset';
}
