import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';

import { DEFAULT_LINKING_CONFIG } from './linking.config.js';
import { normaliseName } from './name-normaliser.js';
import { lastPair, preparedNameSimilarity, scoreCandidate, TokenTable } from './pair-scorer.js';
import { nameSimilarity, scorePair, scoreWithName, type PartyFeatures } from './scorer.js';

// Words that collide in every way the scorer cares about: typos, abbreviations, legal forms,
// initials, noise words, compact spellings, and tokens long enough to overflow the scratch buffer.
const WORDS = ['harbor', 'harbour', 'dental', 'dnetal', 'group', 'grp', 'baker', 'bakr', '&', 'ltd', 'gmbh', 'inc', 'hdg', 'x', 'nor', 'tech', 'nortech', 'the', 'main'];
const name = fc.array(fc.constantFrom(...WORDS), { minLength: 0, maxLength: 10 }).map((w) => w.join(' '));
const id = fc.option(fc.constantFrom('1', '2', '3'), { nil: undefined });
const ids = fc.uniqueArray(fc.constantFrom('1', '2', '3'), { maxLength: 2 });
const domains = fc.uniqueArray(fc.constantFrom('a.com', 'b.com'), { maxLength: 2 }).map((d) => d.sort());
const party = fc.record({ name, psaCompanyId: id, domains, externalIds: ids }).map(
  (p): PartyFeatures => ({ name: normaliseName(p.name), psaCompanyId: p.psaCompanyId, domains: p.domains, externalIds: p.externalIds }),
);
const overlap = fc.option(fc.record({ agents: fc.integer({ min: 0, max: 9 }), totalIdentified: fc.integer({ min: 0, max: 12 }) }), { nil: undefined });

describe('scoreCandidate', () => {
  test.prop([fc.array(fc.tuple(party, party, overlap), { minLength: 1, maxLength: 8 })])(
    'gives exactly the score, evidence and explanation of scorePair, whatever pairs share the run',
    (pairs) => {
      // One table for all pairs, as in a run: ids and memoised similarities are shared.
      const table = new TokenTable();
      const weightOf = (t: string): number => 1 + (t.length % 4) / 3;
      for (const [a, b, o] of pairs) {
        const expected = scorePair(a, b, weightOf, DEFAULT_LINKING_CONFIG, o);
        const pa = table.party(a, weightOf);
        const pb = table.party(b, weightOf);
        const score = scoreCandidate(pa, pb, table, DEFAULT_LINKING_CONFIG, o);
        expect(score).toBe(expected.score);
        expect(lastPair.evidence).toBe(expected.evidence);
        // The explanation the engine reports goes through the prepared name similarity too.
        const name = preparedNameSimilarity(pa, pb, table);
        expect(name).toEqual(nameSimilarity(a.name, b.name, weightOf));
        expect(scoreWithName(a, b, name, DEFAULT_LINKING_CONFIG, o)).toEqual(expected);
      }
    },
  );
});
