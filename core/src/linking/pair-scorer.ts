/**
 * The engine's hot-loop twin of {@link scorePair}: the same score, bit for bit, for a pair
 * whose sides were prepared once per run, without the per-pair objects the explaining
 * version allocates. The engine scores every candidate pair with this and calls
 * {@link scorePair} only for the pairs it reports, to explain them.
 *
 * Why it is shaped this way:
 * - Tokens get an integer id per run ({@link TokenTable}), so "same token" is an integer
 *   compare and the token-similarity memo is keyed by integers, not by nested string maps.
 * - Each side's token weights are looked up once when the side is prepared, not per pair.
 * - Every float operation runs in the order {@link scorePair} runs it (name, legal form, PSA id,
 *   external id, domain, device overlap; token overlap summed per side), so the rounded
 *   scores are identical; scorer.test.ts checks this against {@link scorePair} on random pairs.
 */
import { jaroWinkler } from './jaro-winkler.js';
import type { LinkingConfig } from './linking.config.js';
import { JW_SHARE, TOKEN_MATCH, type NameSimilarity, type OverlapEvidence, type PartyFeatures, type TokenWeight } from './scorer.js';

/** One side of a pair, prepared once per run. */
export interface ScoringParty {
  features: PartyFeatures;
  /** Token ids from the run's {@link TokenTable}, in `features.name.tokens` order. */
  tokenIds: Int32Array;
  /** `weightOf(token)` for each token, in the same order. */
  weights: Float64Array;
}

/**
 * Integer ids for the tokens of one run, and a memo of Jaro-Winkler between two token ids.
 * Names reuse a small vocabulary, so a token pair recurs thousands of times per run; the memo
 * lives as long as the run (no global state, no unbounded growth across runs).
 */
export class TokenTable {
  readonly #ids = new Map<string, number>();
  readonly #tokens: string[] = [];
  /**
   * Similarities by one id, then the other, stored both ways round so the overlap loop can
   * fetch a client token's row once and probe it for each tenant token. Rows are created on first use.
   */
  readonly #rows: (Map<number, number> | undefined)[] = [];

  /** The id of `token`, assigned on first sight. */
  id(token: string): number {
    let id = this.#ids.get(token);
    if (id === undefined) {
      id = this.#tokens.length;
      this.#ids.set(token, id);
      this.#tokens.push(token);
    }
    return id;
  }

  /** Prepares one side of future pairs. */
  party(features: PartyFeatures, weightOf: TokenWeight): ScoringParty {
    const tokens = features.name.tokens;
    const tokenIds = new Int32Array(tokens.length);
    const weights = new Float64Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] as string;
      tokenIds[i] = this.id(token);
      weights[i] = weightOf(token);
    }
    return { features, tokenIds, weights };
  }

  /** The memo row of token `x`: similarities to the tokens it has been compared with. */
  row(x: number): Map<number, number> {
    let row = this.#rows[x];
    if (row === undefined) {
      row = new Map();
      this.#rows[x] = row;
    }
    return row;
  }

  /**
   * Jaro-Winkler of two distinct tokens (`row` is {@link row}(x)), computed as the scorer does:
   * the lexically smaller token first (Jaro's greedy matching is only symmetric in a fixed order).
   */
  similarity(x: number, y: number, row: Map<number, number>): number {
    let s = row.get(y);
    if (s === undefined) {
      const a = this.#tokens[x] as string;
      const b = this.#tokens[y] as string;
      s = a < b ? jaroWinkler(a, b) : jaroWinkler(b, a);
      row.set(y, s);
      this.row(y).set(x, s);
    }
    return s;
  }
}

/** Scratch space for the common case of short names: no allocation per pair. */
const SCRATCH = new Float64Array(8);

/** {@link softTokenOverlap} over prepared sides. */
function tokenOverlap(a: ScoringParty, b: ScoringParty, table: TokenTable): number {
  const ia = a.tokenIds;
  const ib = b.tokenIds;
  const nb = ib.length;
  const bestB = nb <= 8 ? SCRATCH.fill(0, 0, nb) : new Float64Array(nb);
  let matchedA = 0;
  let totalA = 0;
  for (let i = 0; i < ia.length; i++) {
    const t = ia[i] as number;
    const row = table.row(t);
    let best = 0;
    for (let j = 0; j < nb; j++) {
      const u = ib[j] as number;
      const s = t === u ? 1 : table.similarity(t, u, row);
      if (s >= TOKEN_MATCH) {
        if (s > best) best = s;
        if (s > (bestB[j] as number)) bestB[j] = s;
      }
    }
    const w = a.weights[i] as number;
    totalA += w;
    matchedA += w * best;
  }
  let matchedB = 0;
  let totalB = 0;
  for (let j = 0; j < nb; j++) {
    const w = b.weights[j] as number;
    totalB += w;
    matchedB += w * (bestB[j] as number);
  }
  const total = totalA + totalB;
  return total === 0 ? 0 : (matchedA + matchedB) / total;
}

/** {@link nameSimilarity}'s number over prepared sides; how it was found is left in `lastPair.how`. */
function nameScore(a: ScoringParty, b: ScoringParty, table: TokenTable): number {
  const na = a.features.name;
  const nb = b.features.name;
  if (na.core === '' || nb.core === '') {
    lastPair.how = 'none';
    return 0;
  }
  if (na.core === nb.core) {
    lastPair.how = 'exact';
    return 1;
  }
  if (na.compact === nb.compact) {
    lastPair.how = 'compact';
    return 0.97;
  }
  const jw = jaroWinkler(na.core, nb.core);
  const token = tokenOverlap(a, b, table);
  let similarity = JW_SHARE * jw + (1 - JW_SHARE) * token;
  lastPair.how = 'fuzzy';
  const acronym =
    (na.tokens.length === 1 && nb.tokens.length >= 2 && na.core === nb.initials) ||
    (nb.tokens.length === 1 && na.tokens.length >= 2 && nb.core === na.initials);
  if (acronym && similarity < 0.8) {
    similarity = 0.8;
    lastPair.how = 'initials';
  }
  return similarity;
}

/** {@link nameSimilarity} over prepared sides, for explaining a pair with {@link scoreWithName}. */
export function preparedNameSimilarity(a: ScoringParty, b: ScoringParty, table: TokenTable): NameSimilarity {
  const similarity = nameScore(a, b, table);
  return { similarity, how: lastPair.how };
}

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

/** What the last {@link scoreCandidate} found besides the score (read right after the call): evidence beyond the name, and how the names matched. */
export const lastPair: { evidence: boolean; how: NameSimilarity['how'] } = { evidence: false, how: 'none' };

/**
 * The score {@link scorePair} gives the pair, without reasons. Whether evidence beyond the name
 * spoke for it is left in {@link lastPair}, so no result object is allocated per pair.
 */
export function scoreCandidate(client: ScoringParty, tenant: ScoringParty, table: TokenTable, config: LinkingConfig, overlap: OverlapEvidence | undefined): number {
  const w = config.weights;
  const c = client.features;
  const t = tenant.features;
  let evidence = false;
  let score = w.name * nameScore(client, tenant, table);
  const lfClient = c.name.legalKey;
  const lfTenant = t.name.legalKey;
  if (lfClient !== '' && lfTenant !== '') score += lfClient === lfTenant ? w.legalForm : -w.legalForm;
  if (c.psaCompanyId !== undefined && t.psaCompanyId !== undefined) {
    if (c.psaCompanyId === t.psaCompanyId) {
      score += w.psaCompanyId;
      evidence = true;
    } else {
      score -= w.psaCompanyIdConflict;
    }
  }
  const viaExternal =
    (c.externalIds.length > 0 || t.externalIds.length > 0) &&
    ((t.psaCompanyId !== undefined && c.psaCompanyId !== t.psaCompanyId && c.externalIds.includes(t.psaCompanyId)) ||
      (c.psaCompanyId !== undefined && t.psaCompanyId !== c.psaCompanyId && t.externalIds.includes(c.psaCompanyId)));
  if (viaExternal) {
    score += w.externalId;
    evidence = true;
  }
  if (c.domains.length > 0 && t.domains.length > 0 && c.domains.some((d) => t.domains.includes(d))) {
    score += w.domain;
    evidence = true;
  }
  if (overlap && overlap.agents >= config.minDeviceOverlap && overlap.totalIdentified > 0) {
    score += w.deviceOverlap * (overlap.agents / overlap.totalIdentified);
    evidence = true;
  }
  lastPair.evidence = evidence;
  return round4(Math.min(1, Math.max(0, score)));
}
