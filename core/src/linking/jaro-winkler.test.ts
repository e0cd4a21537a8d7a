import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';

import { jaro, jaroWinkler } from './jaro-winkler.js';

describe('jaroWinkler', () => {
  it.each([
    ['martha', 'marhta', 0.9611],
    ['dwayne', 'duane', 0.84],
    ['dixon', 'dicksonx', 0.8133],
    ['abc', 'xyz', 0],
  ])('%s ~ %s = %d', (a, b, expected) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(expected, 3);
  });

  it('is 1 only for equal strings', () => {
    expect(jaroWinkler('acme', 'acme')).toBe(1);
    expect(jaroWinkler('acme', 'acmee')).toBeLessThan(1);
    expect(jaro('', '')).toBe(1);
    expect(jaro('', 'a')).toBe(0);
  });

  test.prop([fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 })])('is symmetric and within [0, 1]', (a, b) => {
    const ab = jaroWinkler(a, b);
    expect(ab).toBe(jaroWinkler(b, a));
    expect(ab).toBeGreaterThanOrEqual(0);
    expect(ab).toBeLessThanOrEqual(1);
    expect(ab === 1).toBe(a === b);
  });
});
