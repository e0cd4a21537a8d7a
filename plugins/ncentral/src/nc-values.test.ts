import { fc, test } from '@fast-check/vitest';
import { formatNcTimestamp, type NcTimestampStyle } from '@rmm-hub/simulators';
import { describe, expect, it } from 'vitest';

import { parseNcTimestamp, toBool, toId, toText } from './nc-values.js';

const STYLES: NcTimestampStyle[] = ['iso-local', 'iso-zulu', 'iso-offset', 'asset-offset', 'asset-local'];
const instant = fc.integer({ min: Date.parse('1990-01-01T00:00:00Z'), max: Date.parse('2099-12-31T23:59:59Z') });

describe('toId', () => {
  test.prop([fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })])('numbers and numeric strings give the same id', (n) => {
    expect(toId(n)).toBe(String(n));
    expect(toId(String(n))).toBe(String(n));
    expect(toId(` ${n} `)).toBe(String(n));
    expect(toId(BigInt(n))).toBe(String(n));
  });

  it('keeps ids above 2^31 exact and refuses non-ids', () => {
    expect(toId(526_898_132_189)).toBe('526898132189');
    expect(toId(2 ** 31)).toBe('2147483648');
    expect(toId('00237')).toBe('237');
    for (const bad of [null, undefined, -1, 1.5, 'abc', '', {}, [], Number.NaN, 2 ** 60]) expect(toId(bad)).toBeUndefined();
  });
});

describe('parseNcTimestamp', () => {
  test.prop([instant, fc.constantFrom(...STYLES)])('every N-central form of an instant parses back to it', (ms, style) => {
    expect(parseNcTimestamp(formatNcTimestamp(ms, style))).toBe(new Date(ms).toISOString());
  });

  test.prop([fc.string()])('never throws, and yields a valid ISO instant or undefined', (text) => {
    const out = parseNcTimestamp(text);
    if (out !== undefined) expect(new Date(out).toISOString()).toBe(out);
  });

  it('reads the documented forms, WMI dates and epoch numbers', () => {
    expect(parseNcTimestamp('2026-03-23T21:33:26.278')).toBe('2026-03-23T21:33:26.278Z');
    expect(parseNcTimestamp('2026-03-23T23:33:26.278+02:00')).toBe('2026-03-23T21:33:26.278Z');
    expect(parseNcTimestamp('2026-03-23T16:33:26-0500')).toBe('2026-03-23T21:33:26.000Z');
    expect(parseNcTimestamp('2026-03-23 21:33:26.278123 +0000')).toBe('2026-03-23T21:33:26.278Z');
    expect(parseNcTimestamp('2026-03-23 21:33:26.278123')).toBe('2026-03-23T21:33:26.278Z');
    expect(parseNcTimestamp('2026-03-23')).toBe('2026-03-23T00:00:00.000Z');
    expect(parseNcTimestamp('20240201103000.000000+060')).toBe('2024-02-01T09:30:00.000Z');
    expect(parseNcTimestamp(1_700_000_000_000)).toBe('2023-11-14T22:13:20.000Z');
    expect(parseNcTimestamp(1_700_000_000)).toBe('2023-11-14T22:13:20.000Z');
    for (const bad of ['', 'yesterday', '2024-02-31 10:00:00', '2024-13-01', null, {}, -5]) expect(parseNcTimestamp(bad)).toBeUndefined();
  });
});

describe('toText / toBool', () => {
  it('coerce the string-typed values of assets', () => {
    expect(toText(' x ')).toBe('x');
    expect(toText(8589934592)).toBe('8589934592');
    expect(toText('  ')).toBeUndefined();
    expect(toBool('true')).toBe(true);
    expect(toBool(false)).toBe(false);
    expect(toBool('maybe')).toBeUndefined();
  });
});
