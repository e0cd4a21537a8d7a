import type { Rng } from './prng.js';

/**
 * Company-name generation for platform tenants and the variants under which the RMMs know
 * them. Names are composed from word lists so thousands of distinct, plausible names exist.
 */

const PREFIXES = [
  'Northwind', 'Bluewater', 'Redwood', 'Silver Oak', 'Harbor', 'Summit', 'Pinecrest', 'Riverside', 'Lakeside',
  'Eastgate', 'Westfield', 'Highland', 'Granite', 'Cedar', 'Evergreen', 'Ironbridge', 'Meadowbrook', 'Stonegate',
  'Brightwater', 'Clearview', 'Oakridge', 'Fairview', 'Kingsway', 'Crescent', 'Maple Leaf', 'Coastal', 'Horizon',
  'Sterling', 'Beacon', 'Falcon', 'Orchard', 'Willow', 'Aspen', 'Copper', 'Atlas', 'Pioneer', 'Keystone', 'Sunrise',
  'Ashford', 'Thornbury', 'Greenfield', 'Silverline', 'Blackstone', 'Lighthouse', 'Red Kite', 'Bayview', 'Parkside',
  'Millbrook', 'Foxglove', 'Elmwood', 'Northgate', 'Southbank', 'Alpine', 'Prairie', 'Tidewater', 'Wolfe Creek',
];

const SURNAMES = [
  'Hartley', 'Baker', 'Moss', 'Fischer', 'Jansen', 'Patel', 'Nguyen', "O'Brien", 'Kowalski', 'Schmidt', 'Dubois',
  'Rossi', 'Andersen', 'Murphy', 'Campbell', 'Reid', 'Fletcher', 'Whitaker', 'Ellison', 'Morgan', 'Sullivan',
  'Brennan', 'Hayes', 'Lindqvist', 'van Dijk', 'Müller', 'Okafor', 'Tanaka', 'García', 'Novak', 'Bergström',
  'McAllister', 'Thornton', 'Kaur', 'Delgado', 'Whitfield', 'Chandler', 'Abernathy', 'Kingsley', 'Devereux',
];

const INDUSTRIES = [
  'Traders', 'Plumbing & Heating', 'Dental Group', 'Accountants', 'Law Group', 'Veterinary Clinic', 'Logistics',
  'Engineering', 'Construction', 'Insurance Brokers', 'Medical Centre', 'Physiotherapy', 'Architects',
  'Property Management', 'Motors', 'Electrical Services', 'Roofing', 'Landscaping', 'Bakery', 'Brewing Company',
  'Financial Advisors', 'Realty', 'Pharmacy', 'Dental Care', 'Family Practice', 'Solicitors', 'Manufacturing',
  'Printing', 'Freight', 'Travel', 'Marketing', 'Consulting', 'Builders', 'Joinery', 'Opticians', 'Hotel',
  'Schools Trust', 'Foundation', 'Heating & Cooling', 'Tax & Accounting', 'Health & Safety', 'Storage Solutions',
];

const MSP_NAMES = ['Cloudhaven IT Services', 'Bright Sparks Managed IT', 'Ironclad Technology Partners', 'Bluepeak Networks'];

/** Legal-form suffixes, as they appear after company names in RMM client records. */
export const LEGAL_SUFFIXES = [
  'Inc', 'Inc.', 'LLC', 'Ltd', 'Ltd.', 'Limited', 'GmbH', 'Pty Ltd', 'B.V.', 'S.A.', 'Co.', 'Corp', 'PLC', 'LLP', 'AG',
  'S.L.', 'SARL',
];

/** Names of RMM clients that belong to no tenant. */
const ORPHAN_NAMES = [
  'Internal', 'Internal IT', 'Demo Client', 'Demo', 'Test Client', 'TEST - Do Not Use', 'Do Not Use', 'Lab',
  'Lab Machines', 'Onboarding', 'Unassigned Devices', 'Z - Old Clients', 'Template Client', 'Staging', 'Sandbox',
  'Training Room',
];

const SITE_NAMES = [
  'Main Office', 'Head Office', 'Warehouse', 'Branch Office', 'Downtown', 'North Campus', 'Remote Workers',
  'Datacenter', 'Clinic 2', 'Showroom', 'Factory Floor', 'Annex', 'Leeds', 'Manchester', 'Denver', 'Austin',
  'Rotterdam', 'Munich', 'Brisbane', 'Toronto',
];

/** The MSP's own name for a seed. */
export function mspName(rng: Rng): string {
  return rng.pick(MSP_NAMES);
}

/** A fresh tenant company name, distinct from every name in `taken` (which it joins). */
export function companyName(rng: Rng, taken: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    let name = composeName(rng);
    // Past a few hundred tries the lists are exhausted for this pattern mix; a place
    // qualifier keeps names unique and still plausible ("Harbor Logistics Toronto").
    if (attempt > 20) name = `${name} ${rng.pick(SITE_NAMES.slice(12))}`;
    if (attempt > 40) name = `${name} ${attempt}`;
    if (!taken.has(name.toLowerCase())) {
      taken.add(name.toLowerCase());
      return name;
    }
  }
}

function composeName(rng: Rng): string {
  const pattern = rng.weighted([
    ['prefix-industry', 5],
    ['surname-industry', 4],
    ['surname-surname', 2],
    ['prefix-surname', 1],
  ] as const);
  let base: string;
  switch (pattern) {
    case 'prefix-industry':
      base = `${rng.pick(PREFIXES)} ${rng.pick(INDUSTRIES)}`;
      break;
    case 'surname-industry':
      base = `${rng.pick(SURNAMES)} ${rng.pick(INDUSTRIES)}`;
      break;
    case 'surname-surname': {
      const a = rng.pick(SURNAMES);
      let b = rng.pick(SURNAMES);
      if (b === a) b = rng.pick(SURNAMES);
      base = rng.chance(0.5) ? `${a} & ${b}` : `${a} & ${b} ${rng.pick(INDUSTRIES)}`;
      break;
    }
    default:
      base = `${rng.pick(PREFIXES)} ${rng.pick(SURNAMES)} ${rng.pick(INDUSTRIES)}`;
  }
  // Some platform tenants were entered with their legal form already.
  return rng.chance(0.15) ? `${base} ${rng.pick(['Ltd', 'LLC', 'Inc', 'GmbH'])}` : base;
}

/** The kinds of name drift between a tenant and its RMM clients. */
export type NameVariantKind = 'suffix' | 'ampersand' | 'abbreviation' | 'typo' | 'case' | 'decorated';

const SUFFIX_RE = new RegExp(`\\s+(?:${LEGAL_SUFFIXES.map((s) => s.replace(/\./g, '\\.')).join('|')})$`);

/**
 * A variant of `name` that is guaranteed to differ from it: a legal suffix added or dropped,
 * "&" ↔ "and", an abbreviation, a typo, a case change, or decoration (" - Main", "(ABC)").
 */
export function nameVariant(rng: Rng, name: string): string {
  const kind = rng.weighted<NameVariantKind>([
    ['suffix', 4],
    ['ampersand', 2],
    ['abbreviation', 2],
    ['typo', 2],
    ['case', 1],
    ['decorated', 1],
  ]);
  let out = applyVariant(rng, kind, name);
  // A second, compounding change now and then ("BLUEWATER DENTAL GROUP LTD").
  if (rng.chance(0.2)) out = applyVariant(rng, rng.pick(['suffix', 'case', 'typo'] as const), out);
  return out === name ? `${name} ${rng.pick(LEGAL_SUFFIXES)}` : out;
}

function applyVariant(rng: Rng, kind: NameVariantKind, name: string): string {
  switch (kind) {
    case 'suffix':
      return SUFFIX_RE.test(name) ? name.replace(SUFFIX_RE, '') : `${name}${rng.chance(0.3) ? ',' : ''} ${rng.pick(LEGAL_SUFFIXES)}`;
    case 'ampersand':
      if (name.includes(' & ')) return name.replace(' & ', rng.chance(0.8) ? ' and ' : ' And ');
      if (/ and /i.test(name)) return name.replace(/ and /i, ' & ');
      return applyVariant(rng, 'suffix', name);
    case 'abbreviation':
      return abbreviate(rng, name);
    case 'typo':
      return typo(rng, name);
    case 'case':
      return rng.chance(0.6) ? name.toUpperCase() : name.toLowerCase();
    default: {
      const initials = initialsOf(name);
      return rng.pick([`${name} - Main`, `${name} (${initials})`, `${initials} - ${name}`, `The ${name}`]);
    }
  }
}

function initialsOf(name: string): string {
  return name
    .replace(SUFFIX_RE, '')
    .split(/[\s&]+/)
    .filter((w) => w.length > 0 && w.toLowerCase() !== 'and')
    .map((w) => w[0]?.toUpperCase() ?? '')
    .join('');
}

const ABBREVIATIONS: readonly (readonly [RegExp, string])[] = [
  [/\bCompany\b/, 'Co'], [/\bServices\b/, 'Svcs'], [/\bManagement\b/, 'Mgmt'], [/\bEngineering\b/, 'Eng.'],
  [/\bConstruction\b/, 'Constr.'], [/\bMedical Centre\b/, 'Med Ctr'], [/\bAccounting\b/, 'Acctg'],
  [/\bInternational\b/, 'Intl'], [/\bAssociates\b/, 'Assoc.'], [/\bGroup\b/, 'Grp'], [/\bBrothers\b/, 'Bros'],
];

function abbreviate(rng: Rng, name: string): string {
  for (const [re, short] of ABBREVIATIONS) if (re.test(name) && rng.chance(0.7)) return name.replace(re, short);
  const words = name.split(' ');
  // Either the initials ("BDG") or the name cut to its first words ("Bluewater Dental").
  if (words.length >= 3 && rng.chance(0.5)) return initialsOf(name);
  if (words.length >= 2) return words.slice(0, Math.max(1, words.length - 1)).join(' ');
  return `${name.slice(0, 4).toUpperCase()}`;
}

function typo(rng: Rng, name: string): string {
  const letters = [...name];
  const positions = letters.map((c, i) => (/\p{L}/u.test(c) ? i : -1)).filter((i) => i > 0);
  if (positions.length < 2) return `${name}s`;
  const at = rng.pick(positions);
  const op = rng.int(3);
  if (op === 0 && at + 1 < letters.length && letters[at + 1] !== letters[at] && /\p{L}/u.test(letters[at + 1] ?? '')) {
    [letters[at], letters[at + 1]] = [letters[at + 1] as string, letters[at] as string]; // transposition
  } else if (op === 1) {
    letters.splice(at, 1); // dropped letter
  } else {
    letters.splice(at, 0, letters[at] as string); // doubled letter
  }
  return letters.join('');
}

/** A unique name for an RMM client that belongs to no tenant. */
export function orphanName(rng: Rng, msp: string, taken: Set<string>): string {
  const pool = [...ORPHAN_NAMES, `${msp} Internal`, `${initialsOf(msp)} Lab`];
  const base = rng.pick(pool);
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base} ${n}`;
  taken.add(name.toLowerCase());
  return name;
}

/** A site / location name not yet in `taken`. */
export function siteName(rng: Rng, index: number, taken: Set<string>): string {
  let name = index === 0 && rng.chance(0.5) ? 'Main Office' : rng.pick(SITE_NAMES);
  for (let n = 2; taken.has(name); n++) name = `${name.replace(/ \d+$/, '')} ${n}`;
  taken.add(name);
  return name;
}

/** Internet domains of a tenant, derived from its name. */
export function domainsFor(rng: Rng, name: string): string[] {
  const core = name.replace(SUFFIX_RE, '');
  const slug = core
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '');
  const tld = rng.weighted([['com', 6], ['co.uk', 2], ['com.au', 1], ['de', 1], ['nl', 1], ['net', 1]] as const);
  const domains = [`${slug}.${tld}`];
  if (rng.chance(0.25)) domains.push(`${initialsOf(core).toLowerCase()}${rng.pick(['', 'group', 'mail'])}.${rng.pick(['com', 'net'])}`);
  return domains;
}
