/**
 * Wall-clock time in a server's zone, for simulators that write zone-less times the way a
 * server configured for that zone would (`serverTimeZone` options).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** `instant` shifted so its UTC fields read as `timeZone`'s wall clock (UTC: unchanged). */
export function toWallClock(instant: number, timeZone: string): number {
  if (timeZone === 'UTC') return instant;
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, format);
  }
  const p = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, Number(part.value)]));
  const millis = ((instant % 1000) + 1000) % 1000;
  return Date.UTC(p['year'] as number, (p['month'] as number) - 1, p['day'] as number, p['hour'] as number, p['minute'] as number, p['second'] as number) + millis;
}
