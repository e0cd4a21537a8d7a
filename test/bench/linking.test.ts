/**
 * The linking benchmark's fleet at a small size, for what a benchmark run would not catch as a
 * failure: blocking keeps the pairs scored far below clients × tenants, auto-links stay precise,
 * and the true tenant is found more often than by the Dice baseline. Timing and the full
 * 10,000 × 10,000 run belong to `pnpm bench` (docs/performance.md), not to tests.
 */
import { describe, expect, it } from 'vitest';

import { benchLinking } from './linking.js';

describe('linking benchmark fleet', () => {
  it('500 clients × 500 tenants: blocking scores few pairs, auto-links are precise, recall beats the Dice baseline', () => {
    const r = benchLinking({ clients: 500, tenants: 500, runs: 1, baselineSample: 50 });
    expect(r.clients).toBe(500);
    expect(r.precision).toBe(1);
    expect(r.recall).toBeGreaterThanOrEqual(0.97);
    expect(r.recall).toBeGreaterThan(r.baseline.recall);
    expect(r.candidatePairs).toBeLessThan((r.clients * r.tenants) / 20);
  });
});
