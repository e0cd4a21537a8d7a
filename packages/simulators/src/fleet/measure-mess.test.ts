import { describe, expect, it } from 'vitest';

import { DEFAULT_MESS_RATES } from './defaults.js';
import type { MessRates } from './fleet.types.js';
import { generateFleet } from './generate-fleet.js';
import { measureMess } from './measure-mess.js';

/** Rates whose unit of randomness is larger than one item (so their variance is larger). */
const GRANULARITY: Partial<Record<keyof MessRates, number>> = { vmCloneUuid: 3, sharedUsbNic: 2 };

function expectWithinTolerance(configured: MessRates, devices: number, seed: number): void {
  const observed = measureMess(generateFleet({ seed, devices, rates: configured }));
  const report: string[] = [];
  for (const key of Object.keys(configured) as (keyof MessRates)[]) {
    const p = configured[key];
    const { rate, of } = observed[key];
    // Five standard deviations of a binomial share (scaled for grouped draws) plus a small floor.
    const g = GRANULARITY[key] ?? 1;
    const tolerance = 5 * Math.sqrt((p * (1 - p) * g) / Math.max(1, of)) + 0.003;
    if (Math.abs(rate - p) > tolerance) report.push(`${key}: configured ${p}, observed ${rate.toFixed(4)} over ${of} (±${tolerance.toFixed(4)})`);
  }
  expect(report).toEqual([]);
}

describe('mess rates', () => {
  it('default rates come out within tolerance on a 20,000-device fleet', () => {
    expectWithinTolerance({ ...DEFAULT_MESS_RATES }, 20_000, 11);
  });

  it('custom, heavier rates come out within tolerance too', () => {
    expectWithinTolerance(
      {
        inBothRmms: 0.7,
        placeholderSerial: 0.1,
        placeholderUuid: 0.08,
        vmCloneUuid: 0.06,
        reinstalledAgent: 0.1,
        wipedMachine: 0.05,
        sharedUsbNic: 0.04,
        crossTenantDisagreement: 0.05,
        renamedHost: 0.08,
        missingInventory: 0.05,
        missingSystemRow: 0.08,
        psaCompanyId: 0.3,
        orphanClient: 0.1,
        nameVariant: 0.9,
      },
      8_000,
      12,
    );
  });

  it('zero rates give a clean fleet', () => {
    const zero = Object.fromEntries(Object.keys(DEFAULT_MESS_RATES).map((k) => [k, 0])) as unknown as MessRates;
    const observed = measureMess(generateFleet({ seed: 13, devices: 3000, rates: zero }));
    for (const [key, { rate }] of Object.entries(observed)) expect([key, rate]).toEqual([key, 0]);
  });
});
