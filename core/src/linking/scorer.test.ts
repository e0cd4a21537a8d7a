import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';

import { DEFAULT_LINKING_CONFIG } from './linking.config.js';
import { normaliseName } from './name-normaliser.js';
import { nameSimilarity, scorePair, type PartyFeatures } from './scorer.js';

const flat = (): number => 1;
const party = (name: string, extra: Partial<PartyFeatures> = {}): PartyFeatures => ({ name: normaliseName(name), domains: [], externalIds: [], ...extra });

describe('nameSimilarity', () => {
  it('scores the fleet generator’s kinds of drift high, and different companies low', () => {
    const sim = (a: string, b: string): number => nameSimilarity(normaliseName(a), normaliseName(b), flat).similarity;
    expect(sim('Harbor Plumbing & Heating', 'HARBOR PLUMBING AND HEATING LTD')).toBe(1);
    expect(sim('Bluewater Dental Group', 'Bluewater Dental Grp')).toBe(1);
    expect(sim('Bluewater Dental Group', 'Bluewater Dnetal Group')).toBeGreaterThan(0.9);
    expect(sim('Nortech Solutions', 'Nor Tech Solutions')).toBe(0.97);
    expect(sim('Bluewater Dental Group', 'BDG')).toBe(0.8);
    expect(sim('Bluewater Dental Group', 'Redwood Motors')).toBeLessThan(0.5);
  });

  const name = fc.array(fc.constantFrom('harbor', 'harbour', 'dental', 'group', 'grp', 'baker', 'bakr', '&', 'ltd', 'hdg', 'x'), { minLength: 1, maxLength: 5 }).map((w) => w.join(' '));
  test.prop([name, name])('is symmetric', (a, b) => {
    const weight = (t: string): number => 1 + t.length / 3;
    expect(nameSimilarity(normaliseName(a), normaliseName(b), weight)).toEqual(nameSimilarity(normaliseName(b), normaliseName(a), weight));
  });

  test.prop([name, name, fc.option(fc.constantFrom('1', '2')), fc.option(fc.constantFrom('1', '2')), fc.boolean()])(
    'whole pair scores are symmetric when the evidence is',
    (a, b, psaA, psaB, sharedDomain) => {
      const pa = party(a, { psaCompanyId: psaA ?? undefined, domains: sharedDomain ? ['x.com'] : [] });
      const pb = party(b, { psaCompanyId: psaB ?? undefined, domains: sharedDomain ? ['x.com'] : ['y.com'] });
      expect(scorePair(pa, pb, flat, DEFAULT_LINKING_CONFIG)).toEqual(
        expect.objectContaining({ score: scorePair(pb, pa, flat, DEFAULT_LINKING_CONFIG).score }),
      );
    },
  );
});

describe('scorePair', () => {
  it('explains every contribution', () => {
    const { score, reasons } = scorePair(
      party('Harbor Logistics Ltd', { psaCompanyId: '7', domains: ['harbor.com'] }),
      party('Harbor Logistics Ltd', { psaCompanyId: '7', domains: ['harbor.com'] }),
      flat,
      DEFAULT_LINKING_CONFIG,
      { agents: 4, totalIdentified: 4 },
    );
    expect(score).toBe(1);
    expect(reasons.map((r) => r.kind)).toEqual(['name', 'legal-form', 'psa-company-id', 'domain', 'device-overlap']);
  });

  it('counts a PSA id conflict against the pair and an N-central external id for it', () => {
    const w = DEFAULT_LINKING_CONFIG.weights;
    expect(scorePair(party('Acme', { psaCompanyId: '1' }), party('Acme', { psaCompanyId: '2' }), flat, DEFAULT_LINKING_CONFIG).score).toBeCloseTo(w.name - w.psaCompanyIdConflict, 4);
    expect(scorePair(party('Acme', { externalIds: ['2'] }), party('Acme', { psaCompanyId: '2' }), flat, DEFAULT_LINKING_CONFIG).score).toBeCloseTo(w.name + w.externalId, 4);
  });

  it('ignores device overlap below the minimum', () => {
    const r = scorePair(party('Acme'), party('Zenith'), flat, DEFAULT_LINKING_CONFIG, { agents: 1, totalIdentified: 1 });
    expect(r.reasons.map((x) => x.kind)).not.toContain('device-overlap');
  });
});
