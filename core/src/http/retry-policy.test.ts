import { describe, expect, it } from 'vitest';

import { ConfigError } from '../errors/index.js';
import { createRetryPolicy, isIdempotent, isRetryableStatus, parseRetryAfter, sleep } from './retry-policy.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter(['7'], now)).toBe(7000);
  });
  it('reads an HTTP-date relative to now, past dates as 0', () => {
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:12 GMT', now)).toBe(12_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
  });
  it('ignores absent or garbage values', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('createRetryPolicy', () => {
  it('expresses N-central’s 2 s / 5 s / 10 s schedule exactly when jitter draws 0', () => {
    const policy = createRetryPolicy({ schedule: [2000, 5000, 10000], random: () => 0 });
    expect(policy.limit).toBe(3);
    expect([0, 1, 2, 3].map((n) => policy.delayFor(n))).toEqual([2000, 5000, 10000, 10000]);
  });

  it('only adds jitter, never undercutting the schedule', () => {
    const policy = createRetryPolicy({ schedule: [2000], jitter: 0.5, random: () => 0.999 });
    const delay = policy.delayFor(0);
    expect(delay).toBeGreaterThan(2000);
    expect(delay).toBeLessThanOrEqual(3000);
  });

  it('backs off exponentially up to the cap', () => {
    const policy = createRetryPolicy({ baseDelayMs: 100, maxDelayMs: 1000, limit: 6, random: () => 0 });
    expect([0, 1, 2, 3, 4, 5].map((n) => policy.delayFor(n))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('honours Retry-After as a floor', () => {
    const policy = createRetryPolicy({ schedule: [2000], random: () => 0 });
    expect(policy.delayFor(0, 7000)).toBe(7000);
    expect(policy.delayFor(0, 500)).toBe(2000);
  });

  it('rejects nonsense with ConfigError', () => {
    expect(() => createRetryPolicy({ limit: -1 })).toThrow(ConfigError);
    expect(() => createRetryPolicy({ schedule: [] })).toThrow(ConfigError);
    expect(() => createRetryPolicy({ schedule: [1, Number.NaN] })).toThrow(ConfigError);
    expect(() => createRetryPolicy({ jitter: 2 })).toThrow(ConfigError);
  });
});

describe('rules', () => {
  it('retries 429 and gateway errors only', () => {
    expect([429, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 500, 501].some(isRetryableStatus)).toBe(false);
  });
  it('treats POST and PATCH as unsafe unless marked', () => {
    expect(isIdempotent('GET', undefined)).toBe(true);
    expect(isIdempotent('DELETE', undefined)).toBe(true);
    expect(isIdempotent('POST', undefined)).toBe(false);
    expect(isIdempotent('PATCH', undefined)).toBe(false);
    expect(isIdempotent('POST', true)).toBe(true);
    expect(isIdempotent('GET', false)).toBe(false);
  });
  it('the real sleep stops when aborted', async () => {
    const controller = new AbortController();
    const pending = sleep(60_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
  });
});
