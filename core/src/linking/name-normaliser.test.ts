import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';

import { foldText, normaliseName } from './name-normaliser.js';
import { LEGAL_FORMS } from './name-terms.js';

describe('normaliseName', () => {
  it.each([
    ['Müller & Söhne GmbH & Co. KG', 'muller sohne', ['gmbh and co kg']],
    ['Harbor Plumbing and Heating, LLC', 'harbor plumbing heating', ['llc']],
    ['Harbor Plumbing & Heating', 'harbor plumbing heating', []],
    ['ACME HOLDINGS PTY. LTD.', 'acme holdings', ['pty ltd']],
    ['Acme Co., Ltd.', 'acme', ['co ltd']],
    ['Société Générale S.A.', 'societe generale', ['sa']],
    ['Société Générale S. A.', 'societe generale', ['s a']],
    ['Nordic Fish ApS', 'nordic fish', ['aps']],
    ['Suomi Oy', 'suomi', ['oy']],
    ['Tokyo Trading K.K.', 'tokyo trading', ['kk']],
    ['Groot B.V.', 'groot', ['bv']],
    ['PT Maju Jaya', 'maju jaya', ['pt']],
    ["O'Brien Intl Svcs", 'obrien international services', []],
    ['The Limited', 'limited', []],
    ['Limited', 'limited', []],
    ['Straße Bau AG', 'strasse bau', ['ag']],
  ])('%s → %s', (input, core, legal) => {
    const n = normaliseName(input);
    expect(n.core).toBe(core);
    expect(n.legalForms).toEqual(legal);
  });

  it('keeps what it removed as features', () => {
    const n = normaliseName('HPH - The Harbor Plumbing & Heating Ltd (old)');
    expect(n.core).toBe('harbor plumbing heating');
    expect(n.initialsToken).toBe('hph');
    expect(n.legalForms).toEqual(['ltd']);
    expect(n.noise).toEqual(expect.arrayContaining(['old', 'the', 'and']));
    expect(normaliseName('Bluewater Med Ctr').expanded).toEqual(['med→medical', 'ctr→centre']);
  });

  it('never strips a name down to nothing', () => {
    expect(normaliseName('LLC').core).toBe('llc');
    expect(normaliseName('The').core).toBe('the');
    expect(normaliseName('!!!').core).toBe('');
  });

  it('folds Unicode compatibility forms, width and case', () => {
    expect(foldText('ＡＣＭＥ　Ｉｎｃ')).toBe('acme inc');
    expect(foldText('ﬁne Œuvre')).toBe('fine oeuvre');
  });

  const word = fc.constantFrom('Harbor', 'Dental', 'the', 'and', '&', 'Group', 'Müller', 'Svcs', 'Intl', 'HDG', 'Main', 'co', '-', '(old)', ...LEGAL_FORMS);
  test.prop([fc.array(word, { maxLength: 7 }).map((w) => w.join(' '))])('is idempotent on composed names', (name) => {
    const once = normaliseName(name).core;
    expect(normaliseName(once).core).toBe(once);
  });

  test.prop([fc.string({ unit: 'binary', maxLength: 40 })])('is idempotent on arbitrary Unicode', (name) => {
    const once = normaliseName(name).core;
    expect(normaliseName(once).core).toBe(once);
  });
});

describe('foldText', () => {
  // The full Unicode pipeline, as it stood before plain-ASCII names got a shortcut.
  const reference = (text: string): string =>
    text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[ßæøœłđþðıħŧ]/gu, (c) => ({ ß: 'ss', æ: 'ae', ø: 'o', œ: 'oe', ł: 'l', đ: 'd', þ: 'th', ð: 'd', ı: 'i', ħ: 'h', ŧ: 't' })[c] ?? c)
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .replace(/[&＆]/g, ' and ')
      .replace(/['’‘`´.]/g, '')
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();

  test.prop([fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((c) => String.fromCharCode(c)), maxLength: 40 })])(
    'takes the ASCII shortcut without changing the result',
    (text) => {
      expect(foldText(text)).toBe(reference(text));
    },
  );

  test.prop([fc.string({ unit: 'binary', maxLength: 40 })])('matches the full pipeline on arbitrary Unicode', (text) => {
    expect(foldText(text)).toBe(reference(text));
  });
});
