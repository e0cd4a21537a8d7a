/**
 * Company-name normalisation: turns "Müller & Söhne GmbH & Co. KG - Main" into the core
 * tokens `müller söhne` → `muller sohne` that scoring compares, and keeps what it removed
 * (legal forms, noise words, decorations, an initials token, expanded abbreviations) as
 * features, because "Acme Inc" versus "Acme GmbH" is itself weak evidence.
 *
 * Pipeline: Unicode NFKC, diacritics folded (NFKD minus combining marks, plus the letters
 * that do not decompose: ß, æ, ø, œ, ł, đ, þ), lower case, "&" → "and", apostrophes and dots
 * dropped (so "S.A." is one token, "O'Brien" stays one word), any other punctuation a space;
 * then, on the tokens and repeated until nothing changes (which is what makes it idempotent):
 * abbreviations expanded, trailing legal forms and decorations stripped, leading legal forms
 * stripped, noise words removed, and a token spelling the initials of the others removed.
 * A step that would leave no token, or only noise words, is skipped: "The Limited" becomes
 * "limited" rather than vanishing.
 */
import { ABBREVIATIONS, DECORATION_WORDS, LEADING_LEGAL_FORMS, LEGAL_FORMS, NOISE_WORDS } from './name-terms.js';

/** A normalised company name. */
export interface NormalisedName {
  /** The input, untouched. */
  original: string;
  /** The core tokens, space-joined: what names are compared on. */
  core: string;
  tokens: readonly string[];
  /** `core` without spaces, so "Nor Tech" meets "Nortech". */
  compact: string;
  /** The first letters of the core tokens ("harbor plumbing heating" → "hph"). */
  initials: string;
  /** Removed legal forms, folded (e.g. `["gmbh and co kg"]`), in the order they were removed. */
  legalForms: readonly string[];
  /** The removed legal forms sorted and joined with `+`, for comparing two names' forms ('' when none). */
  legalKey: string;
  /** Removed noise words and decorations. */
  noise: readonly string[];
  /** An initials token removed because it spelled the other tokens ("HPH - Harbor Plumbing & Heating"). */
  initialsToken?: string | undefined;
  /** Abbreviations expanded, as `short→long`. */
  expanded: readonly string[];
}

const SPECIAL_FOLDS: Readonly<Record<string, string>> = {
  ß: 'ss', æ: 'ae', ø: 'o', œ: 'oe', ł: 'l', đ: 'd', þ: 'th', ð: 'd', ı: 'i', ħ: 'h', ŧ: 't',
};
const SPECIAL_FOLD_RE = new RegExp(`[${Object.keys(SPECIAL_FOLDS).join('')}]`, 'gu');
// eslint-disable-next-line no-control-regex -- the whole ASCII range, control characters included
const ASCII = /^[\u0000-\u007f]*$/;

/**
 * Folds text to the comparable alphabet: NFKC, diacritics removed, lower case, `&` → ` and `,
 * apostrophes and dots removed, other punctuation and whitespace collapsed to single spaces.
 */
export function foldText(text: string): string {
  // Most names are plain ASCII, where Unicode normalisation and diacritic folding change
  // nothing: skip them (two normalize() passes and three Unicode-aware regexps per name).
  if (ASCII.test(text)) {
    return text
      .toLowerCase()
      .replace(/&/g, ' and ')
      .replace(/['`.]/g, '')
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  }
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(SPECIAL_FOLD_RE, (c) => SPECIAL_FOLDS[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[&＆]/g, ' and ')
    .replace(/['’‘`´.]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Splits folded text into tokens. */
export function tokenise(text: string): string[] {
  const folded = foldText(text);
  return folded === '' ? [] : folded.split(' ');
}

/** Phrase lists as folded token sequences, longest first so "pty ltd" wins over "ltd". */
function phrases(list: readonly string[]): readonly (readonly string[])[] {
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const entry of list) {
    const tokens = tokenise(entry);
    const key = tokens.join(' ');
    if (tokens.length === 0 || seen.has(key)) continue;
    seen.add(key);
    out.push(tokens);
  }
  return out.sort((a, b) => b.length - a.length || (a.join(' ') < b.join(' ') ? -1 : 1));
}

/** Phrases by their last token, so matching a name's end is one map look-up, not a scan of the list. */
function byLastToken(list: readonly (readonly string[])[]): ReadonlyMap<string, readonly (readonly string[])[]> {
  const map = new Map<string, (readonly string[])[]>();
  for (const p of list) {
    const last = p[p.length - 1] as string;
    map.set(last, [...(map.get(last) ?? []), p]);
  }
  return map;
}

const LEGAL = byLastToken(phrases(LEGAL_FORMS));
const LEADING = phrases(LEADING_LEGAL_FORMS);
const DECORATIONS = byLastToken(phrases(DECORATION_WORDS));
const NOISE = new Set(NOISE_WORDS.flatMap((w) => tokenise(w)));

/** Whether `phrase` ends `tokens` with something left that is not noise: "The Limited" keeps "limited". */
function endsWith(tokens: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length >= tokens.length) return false; // never strip the whole name
  if (tokens.slice(0, tokens.length - phrase.length).every((t) => NOISE.has(t))) return false;
  const offset = tokens.length - phrase.length;
  return phrase.every((p, i) => tokens[offset + i] === p);
}

function startsWith(tokens: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length >= tokens.length) return false;
  if (tokens.slice(phrase.length).every((t) => NOISE.has(t))) return false;
  return phrase.every((p, i) => tokens[i] === p);
}

/** One pass of the token steps; the caller repeats it until the tokens stop changing. */
function pass(tokens: string[], features: { legal: string[]; noise: string[]; expanded: string[]; initials?: string }): string[] {
  let out = tokens.map((t) => {
    const long = ABBREVIATIONS[t];
    if (long === undefined) return t;
    features.expanded.push(`${t}→${long}`);
    return long;
  });
  // Trailing legal forms and decorations, interleaved: "Acme Ltd - Main" and "Acme Main Ltd".
  for (let stripped = true; stripped; ) {
    stripped = false;
    for (const [list, sink] of [[LEGAL, features.legal], [DECORATIONS, features.noise]] as const) {
      const hit = list.get(out[out.length - 1] ?? '')?.find((p) => endsWith(out, p));
      if (hit) {
        sink.push(hit.join(' '));
        out = out.slice(0, out.length - hit.length);
        stripped = true;
      }
    }
  }
  const lead = LEADING.find((p) => startsWith(out, p));
  if (lead) {
    features.legal.push(lead.join(' '));
    out = out.slice(lead.length);
  }
  const kept = out.filter((t) => !NOISE.has(t));
  if (kept.length > 0 && kept.length < out.length) {
    for (const t of out) if (NOISE.has(t)) features.noise.push(t);
    out = kept;
  }
  if (out.length >= 3) {
    // "HPH - Harbor Plumbing Heating" or "Harbor Plumbing Heating (HPH)": the initials token repeats the rest.
    for (const at of [0, out.length - 1]) {
      const candidate = out[at] as string;
      if (candidate.length !== out.length - 1) continue;
      const rest = out.filter((_, i) => i !== at);
      if (candidate.length >= 2 && candidate === rest.map((t) => t[0]).join('')) {
        features.initials = candidate;
        out = rest;
        break;
      }
    }
  }
  return out;
}

/** Normalises a company name; see the module comment for the pipeline. Idempotent on `core`. */
export function normaliseName(name: string): NormalisedName {
  const features: { legal: string[]; noise: string[]; expanded: string[]; initials?: string } = { legal: [], noise: [], expanded: [] };
  let tokens = tokenise(name);
  for (let i = 0; i < 32; i++) {
    const next = pass(tokens, features);
    if (next.length === tokens.length && next.every((t, j) => t === tokens[j])) break;
    tokens = next;
  }
  const core = tokens.join(' ');
  return {
    original: name,
    core,
    tokens,
    compact: tokens.join(''),
    initials: tokens.map((t) => t[0] ?? '').join(''),
    legalForms: features.legal,
    legalKey: [...features.legal].sort().join('+'),
    noise: features.noise,
    initialsToken: features.initials,
    expanded: features.expanded,
  };
}
