import { describe, expect, it } from 'vitest';

import { scoreLinks, scorePairs } from './scoring.js';

describe('scoring against ground truth', () => {
  it('scores links: wrong auto-links cost precision, missed clients cost recall, manual links count for neither', () => {
    const truth = new Map<string, string | null>([['a', 't1'], ['b', 't2'], ['c', null], ['d', 't4'], ['m', 'msp']]);
    const score = scoreLinks(
      [{ key: 'a', tenantId: 't1', source: 'auto' }, { key: 'c', tenantId: 't3', source: 'auto' }, { key: 'm', tenantId: 'msp', source: 'manual' }],
      [{ key: 'b', tenantId: 't2' }],
      truth,
    );
    expect(score).toEqual({ autoLinks: 2, wrongAutoLinks: 1, precision: 0.5, belonging: 3, found: 2, recall: 2 / 3 });
  });

  it('scores pairs: a wrong merge costs precision, a missed merge costs recall, tenants split pairs', () => {
    const score = scorePairs([
      { computer: 'c1', machine: 'm1', tenantId: 't' },
      { computer: 'c1', machine: 'm1', tenantId: 't' },
      { computer: 'c1', machine: 'm2', tenantId: 't' }, // wrongly merged
      { computer: 'c2', machine: 'm3', tenantId: 't' },
      { computer: 'c3', machine: 'm3', tenantId: 't' }, // missed merge
      { computer: 'c4', machine: 'm4', tenantId: 't' },
      { computer: 'c5', machine: 'm4', tenantId: 'u' }, // across tenants: not expected to merge
    ]);
    expect(score.predictedPairs).toBe(3);
    expect(score.precision).toBeCloseTo(1 / 3);
    expect(score.recall).toBeCloseTo(1 / 2);
    expect(score.recallAllPairs).toBeCloseTo(1 / 3);
    expect(score.crossTenantMerges).toBe(0);
  });

  it('scores identified agents apart from those flagged as lacking an identity', () => {
    const score = scorePairs([
      { computer: 'c1', machine: 'm1', tenantId: 't' },
      { computer: 'c1', machine: 'm1', tenantId: 't' },
      { computer: 'c2', machine: 'm1', tenantId: 't', identified: false }, // a probe: no identity, kept apart
    ]);
    expect(score.recall).toBeCloseTo(1 / 3);
    expect(score.recallIdentified).toBe(1);
    expect(score.unidentifiedAgents).toBe(1);
  });

  it('flags a computer that spans tenants', () => {
    expect(scorePairs([{ computer: 'c', machine: 'm', tenantId: 't' }, { computer: 'c', machine: 'm', tenantId: 'u' }]).crossTenantMerges).toBe(1);
  });
});
