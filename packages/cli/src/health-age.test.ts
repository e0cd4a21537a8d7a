import { describe, expect, it } from 'vitest';

import { healthView, humanAge } from './health-age.js';

const report = (checkedAt: string) => ({
  status: 'healthy' as const,
  checks: [{ name: 'token-exchange', status: 'pass' as const, message: 'ok' }, { name: 'clock', status: 'warn' as const, message: 'skew 3 min' }],
  checkedAt,
});

describe('healthView', () => {
  const now = new Date('2026-01-02T12:00:00Z');

  it('gives the age of the last check and marks it stale past two sync intervals', () => {
    expect(healthView(report('2026-01-02T11:00:00Z'), 3600, now)).toMatchObject({ ageSeconds: 3600, stale: false, problems: ['clock: skew 3 min'] });
    expect(healthView(report('2026-01-02T09:59:59Z'), 3600, now)).toMatchObject({ ageSeconds: 7201, stale: true });
  });

  it('without a sync interval, a check older than an hour is stale', () => {
    expect(healthView(report('2026-01-02T11:30:00Z'), undefined, now).stale).toBe(false);
    expect(healthView(report('2026-01-02T10:59:00Z'), undefined, now).stale).toBe(true);
  });

  it('says ages the way people do', () => {
    expect([humanAge(42), humanAge(300), humanAge(3 * 3600), humanAge(3 * 86400)]).toEqual(['42 s', '5 min', '3 h', '3 d']);
  });
});
