/**
 * The maintained word lists behind company-name normalisation. Every entry is written the
 * way people write it; {@link ../name-normaliser.js} folds entries through the same pipeline
 * as names, so "S.A.", "S. A." and "SA" need one entry each only where the folded token
 * sequences differ ("sa" versus "s a").
 *
 * To add a term: append it to the right list with the jurisdiction in a comment, and add a
 * case to name-normaliser.test.ts. Keep terms that are also common brand words ("Group",
 * "Holdings", "Services") OUT of these lists: they are discriminating, and the scorer's
 * term-frequency weighting already makes them count for little where they are common.
 */

/**
 * Legal forms, removed from the END of a name (stacked forms are removed one after another:
 * "Holdings Pty. Ltd." loses "ltd" then "pty"). Multi-word forms are matched longest first.
 */
export const LEGAL_FORMS: readonly string[] = [
  // English-speaking jurisdictions
  'Inc', 'Incorporated', 'Corp', 'Corporation', 'Co', 'Company', 'Cos', 'Companies', 'Ltd', 'Limited', 'LLC',
  'L.L.C.', 'LLP', 'L.L.P.', 'LP', 'L.P.', 'PLLC', 'P.L.L.C.', 'PC', 'P.C.', 'PA', 'P.A.', 'PLC', 'P.L.C.',
  'Pty', 'Pty Ltd', 'Proprietary Limited', 'Pte Ltd', 'Pvt Ltd', 'Private Limited', 'Public Limited Company',
  'Limited Liability Company', 'LTDA', 'Co Ltd', 'Company Limited', 'NL', 'CIC', 'Unlimited',
  // German-speaking
  'GmbH', 'gGmbH', 'AG', 'KG', 'KGaA', 'OHG', 'GbR', 'UG', 'UG (haftungsbeschränkt)', 'e.V.', 'e.K.', 'eG',
  'GmbH & Co. KG', 'GmbH & Co KG', 'AG & Co. KG', 'mbH',
  // French-speaking, Belgian
  'SA', 'S.A.', 'S. A.', 'SAS', 'S.A.S.', 'SASU', 'SARL', 'S.A.R.L.', 'EURL', 'SNC', 'SCS', 'SCA', 'SCI', 'SE',
  'BVBA', 'CVBA', 'SPRL', 'SRL', 'S.R.L.', 'Ltée', 'Limitée', 'Cie', '& Cie',
  // Dutch
  'B.V.', 'BV', 'N.V.', 'NV', 'V.O.F.', 'VOF', 'C.V.', 'CV',
  // Spanish, Portuguese, Italian, Latin America
  'S.L.', 'SL', 'S.L.U.', 'SLU', 'S.A.U.', 'S.A. de C.V.', 'SA de CV', 'S. de R.L.', 'Lda', 'Ltda', 'S.p.A.', 'SpA',
  'S.r.l.', 'S.a.s.', 'S.n.c.', 'EIRELI', 'ME', 'EPP',
  // Nordic
  'AB', 'Aktiebolag', 'publ', 'AB (publ)', 'AS', 'A/S', 'ASA', 'ApS', 'Oy', 'Oyj', 'Ab', 'Ky', 'HB', 'KB', 'IVS', 'hf', 'ehf',
  // Central and Eastern Europe
  'sp. z o.o.', 'sp z oo', 'S.A.', 's.r.o.', 'sro', 'a.s.', 'd.o.o.', 'doo', 'd.d.', 'Kft', 'Zrt', 'Nyrt', 'Bt',
  'OOO', 'ZAO', 'OAO', 'PAO', 'AO', 'EOOD', 'OOD', 'AD', 'SRL', 'OÜ', 'AS', 'UAB', 'SIA',
  // Asia-Pacific
  'K.K.', 'KK', 'Kabushiki Kaisha', 'G.K.', 'GK', 'Godo Kaisha', 'Y.K.', 'Sdn Bhd', 'Sdn. Bhd.', 'Bhd', 'Berhad',
  'Pte', 'Pvt', 'Tbk', 'PT', 'Co., Ltd.', 'Yugen Kaisha', 'Corp.',
];

/**
 * Legal forms that precede the name in some jurisdictions ("PT Maju Jaya", "OOO Romashka").
 * Only removed from the start, and only these: most of {@link LEGAL_FORMS} are real words
 * at the start of a name ("AS Roma" aside, "AB" and "Co" lead brand names).
 */
export const LEADING_LEGAL_FORMS: readonly string[] = ['PT', 'OOO', 'ZAO', 'OAO', 'PAO', 'CV'];

/**
 * Words that carry no identity anywhere in a name. "&" becomes "and" before this list
 * applies, so "Smith & Jones" and "Smith and Jones" meet as "smith jones".
 */
export const NOISE_WORDS: readonly string[] = [
  'the', 'a', 'an', 'and', 'of', 'for', 'at',
  // the same words in the languages the legal forms come from
  'und', 'der', 'die', 'das', 'et', 'le', 'la', 'les', 'du', 'des', 'y', 'e', 'og', 'och', 'en', 'het',
];

/**
 * Decorations people append to a client's name in an RMM; removed from the END only, where
 * they describe the record rather than the company ("Acme - Main", "Acme (old)").
 */
export const DECORATION_WORDS: readonly string[] = [
  'main', 'main office', 'head office', 'hq', 'old', 'new', 'legacy', 'primary', 'account', 'customer', 'client',
];

/**
 * Abbreviations expanded before comparison, so "Intl Svcs" meets "International Services".
 * Only unambiguous short forms; the expansion is kept as a feature of the name.
 */
export const ABBREVIATIONS: Readonly<Record<string, string>> = {
  svcs: 'services', svc: 'services', srvcs: 'services', serv: 'services',
  mgmt: 'management', mgt: 'management',
  eng: 'engineering', engg: 'engineering',
  constr: 'construction', const: 'construction',
  med: 'medical', ctr: 'centre', cntr: 'centre', center: 'centre',
  acctg: 'accounting', acct: 'accounting', accts: 'accountants',
  intl: 'international', int: 'international',
  assoc: 'associates', assocs: 'associates', assn: 'association',
  grp: 'group',
  bros: 'brothers',
  mfg: 'manufacturing', mfrs: 'manufacturers',
  natl: 'national', dept: 'department', univ: 'university', hosp: 'hospital',
  dist: 'distribution', distrib: 'distribution',
  sys: 'systems', sols: 'solutions', mktg: 'marketing', prop: 'property', props: 'properties',
  ins: 'insurance', fin: 'financial', govt: 'government', dev: 'development', elec: 'electrical',
  hldgs: 'holdings', inds: 'industries', ind: 'industries', labs: 'laboratories', lab: 'laboratory',
  phys: 'physiotherapy', physio: 'physiotherapy', vet: 'veterinary', pharm: 'pharmacy',
  mt: 'mount', st: 'saint', ste: 'sainte', ft: 'fort',
};
