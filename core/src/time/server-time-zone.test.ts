import { describe, expect, it } from 'vitest';

import { judgeServerTimeZone, ServerTimeZone, wallClockToInstant } from './server-time-zone.js';

describe('server time zone', () => {
  it('reads a wall clock in a zone, across daylight saving', () => {
    expect(new Date(wallClockToInstant(Date.UTC(2025, 0, 15, 12), 'Europe/Berlin')).toISOString()).toBe('2025-01-15T11:00:00.000Z');
    expect(new Date(wallClockToInstant(Date.UTC(2025, 6, 15, 12), 'Europe/Berlin')).toISOString()).toBe('2025-07-15T10:00:00.000Z');
    expect(new Date(wallClockToInstant(Date.UTC(2025, 6, 15, 12), 'America/New_York')).toISOString()).toBe('2025-07-15T16:00:00.000Z');
    expect(wallClockToInstant(Date.UTC(2025, 6, 15, 12), 'UTC')).toBe(Date.UTC(2025, 6, 15, 12));
  });

  it('accepts IANA names only', () => {
    expect(ServerTimeZone.parse(undefined)).toBe('UTC');
    expect(ServerTimeZone.safeParse('Mars/Olympus').success).toBe(false);
  });

  it('warns only beyond 30 minutes, and not on records too old to be fresh', () => {
    const now = Date.UTC(2025, 6, 15, 12);
    expect(judgeServerTimeZone('X', now - 20 * 60_000, now, 'UTC').status).toBe('pass');
    expect(judgeServerTimeZone('X', now + 2 * 3600_000, now, 'UTC')).toMatchObject({ status: 'warn', message: expect.stringMatching(/UTC\+02:00/) });
    expect(judgeServerTimeZone('X', now + 2 * 3600_000, now, 'Europe/Berlin').status).toBe('pass');
    expect(judgeServerTimeZone('X', now - 30 * 86_400_000, now, 'UTC').status).toBe('pass');
  });
});
