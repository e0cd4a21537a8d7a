/**
 * Runs the linking benchmark small enough for CI, checking the quality figures (never the
 * time: timing belongs to the benchmark run, not to assertions). With RMM_BENCH=1 it runs
 * the full 10,000 × 10,000 benchmark and prints the figures.
 */
import { describe, expect, it } from 'vitest';

import { benchLinking } from './linking.js';

describe('linking benchmark', () => {
  it('2,000 clients × 2,000 tenants: precise, and finds more true tenants than the Dice baseline', () => {
    const r = benchLinking({ clients: 2_000, tenants: 2_000, runs: 1, baselineSample: 200 });
    expect(r.clients).toBe(2_000);
    expect(r.precision).toBe(1);
    expect(r.recall).toBeGreaterThanOrEqual(0.97);
    expect(r.recall).toBeGreaterThan(r.baseline.recall);
    // Blocking: far fewer pairs scored than clients × tenants.
    expect(r.candidatePairs).toBeLessThan((r.clients * r.tenants) / 20);
  });

  it.runIf(process.env['RMM_BENCH'] === '1')('full: 10,000 × 10,000', () => {
    const r = benchLinking();
    console.log(JSON.stringify(r, null, 2));
    expect(r.precision).toBe(1);
  }, 600_000);
});
