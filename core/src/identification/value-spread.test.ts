/**
 * `ValueSpread` answers the survey's two questions from fingerprints; a plain map of string
 * sets answers them exactly. On random observations (values drawn from a small pool so they
 * repeat, and from a large one so the tables grow several times) both must agree.
 */
import { fc, test } from '@fast-check/vitest';
import { expect, it } from 'vitest';

import { fingerprint32 } from './string-hash.js';
import { ValueSpread } from './value-spread.js';

interface Observation {
  value: string;
  host: string;
  tenant: number;
}

function exactly(observations: readonly Observation[], threshold: number): { onMachines: string[]; inTenants: string[] } {
  const seen = new Map<string, { hosts: Set<string>; tenants: Set<number> }>();
  for (const o of observations) {
    const entry = seen.get(o.value) ?? { hosts: new Set(), tenants: new Set() };
    entry.hosts.add(o.host);
    entry.tenants.add(o.tenant);
    seen.set(o.value, entry);
  }
  const values = [...seen];
  return {
    onMachines: values.filter(([, e]) => e.hosts.size >= threshold).map(([v]) => v).sort(),
    inTenants: values.filter(([, e]) => e.tenants.size >= 2).map(([v]) => v).sort(),
  };
}

function spread(observations: readonly Observation[], threshold: number): { onMachines: string[]; inTenants: string[] } {
  const s = new ValueSpread();
  for (const o of observations) s.add(o.value, fingerprint32(o.host), o.tenant);
  return { onMachines: s.onMachines(threshold).sort(), inTenants: s.inTenants().sort() };
}

const observation = (values: fc.Arbitrary<string>): fc.Arbitrary<Observation> =>
  fc.record({ value: values, host: fc.constantFrom('', 'PC1', 'PC2', 'PC3', 'SRV', 'LAPTOP'), tenant: fc.integer({ min: 0, max: 3 }) });

test.prop([fc.array(observation(fc.constantFrom('A', 'B', 'C', 'D', 'SN-1', '6F9619FF-8B86-D011-B42D-00C04FC964FF')), { maxLength: 80 }), fc.integer({ min: 2, max: 6 })])(
  'agrees with an exact count on values that repeat',
  (observations, threshold) => {
    expect(spread(observations, threshold)).toEqual(exactly(observations, threshold));
  },
);

test.prop([fc.array(observation(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('X', 'Y'))), { minLength: 200, maxLength: 2000 }), fc.integer({ min: 2, max: 4 })])(
  'agrees with an exact count while its tables grow',
  (observations, threshold) => {
    expect(spread(observations, threshold)).toEqual(exactly(observations, threshold));
  },
);

it('counts 100,000 distinct values, each once, without naming any', () => {
  const s = new ValueSpread();
  for (let i = 0; i < 100_000; i++) s.add(`SERIAL-${i}`, fingerprint32(`PC-${i}`), i % 7);
  expect(s.size).toBe(100_000);
  expect(s.onMachines(2)).toEqual([]);
  expect(s.inTenants()).toEqual([]);
  s.add('SERIAL-42', fingerprint32('PC-43'), 42 % 7);
  s.add('SERIAL-7', fingerprint32('PC-7'), 1);
  expect(s.size).toBe(100_000);
  expect(s.onMachines(2)).toEqual(['SERIAL-42']);
  expect(s.inTenants()).toEqual(['SERIAL-7']);
});
