/**
 * Scoring of one (client, tenant) pair: name similarity on the normalised core, plus
 * evidence beyond the name. Every contribution is returned as a {@link LinkReason}, so a
 * person reviewing a suggestion sees exactly why it was made.
 *
 * score = weights.name × nameSimilarity
 *       ± legal form (same on both sides / different on both sides)
 *       + PSA company id equal, − PSA company ids differ
 *       + another external id of the client equals the tenant's PSA company id (N-central `externalId`)
 *       + a shared domain
 *       + device overlap × the share of the client's identified agents in the tenant
 * clamped to [0, 1] and rounded to 4 decimals. `evidence` says whether anything beyond the
 * name spoke for the pair.
 */
import type { LinkReason } from './model/link-records.js';
import { jaroWinkler } from './jaro-winkler.js';
import type { LinkingConfig } from './linking.config.js';
import type { NormalisedName } from './name-normaliser.js';

/** What the scorer knows about one side of a pair. */
export interface PartyFeatures {
  name: NormalisedName;
  psaCompanyId?: string | undefined;
  /** Lower-case, sorted, distinct. */
  domains: readonly string[];
  /** Other ids the RMM keeps for a client (N-central `externalId`, …), values only; empty for tenants. */
  externalIds: readonly string[];
}

/** How much a token says about identity; common tokens ("dental", "services") say little. */
export type TokenWeight = (token: string) => number;

/** Two tokens this similar count as the same word misspelt. */
export const TOKEN_MATCH = 0.88;
/** Share of the name score taken by the whole-string Jaro-Winkler; the rest is token overlap. */
export const JW_SHARE = 0.35;

export interface NameSimilarity {
  similarity: number;
  /** How the names were found similar: `exact`, `compact`, `initials` or `fuzzy`. */
  how: 'exact' | 'compact' | 'initials' | 'fuzzy' | 'none';
}

/**
 * Similarity of two normalised names in [0, 1]. Symmetric: `(a, b)` and `(b, a)` give the
 * same number exactly, which the property tests check.
 */
export function nameSimilarity(a: NormalisedName, b: NormalisedName, weightOf: TokenWeight): NameSimilarity {
  if (a.core === '' || b.core === '') return { similarity: 0, how: 'none' };
  if (a.core === b.core) return { similarity: 1, how: 'exact' };
  if (a.compact === b.compact) return { similarity: 0.97, how: 'compact' };
  const jw = jaroWinkler(a.core, b.core);
  const token = softTokenOverlap(a.tokens, b.tokens, weightOf);
  let similarity = JW_SHARE * jw + (1 - JW_SHARE) * token;
  let how: NameSimilarity['how'] = 'fuzzy';
  // An acronym client ("BDG") for "Bluewater Dental Group": plausible, never certain.
  const acronym =
    (a.tokens.length === 1 && b.tokens.length >= 2 && a.core === b.initials) ||
    (b.tokens.length === 1 && a.tokens.length >= 2 && b.core === a.initials);
  if (acronym && similarity < 0.8) {
    similarity = 0.8;
    how = 'initials';
  }
  return { similarity, how };
}

/**
 * Weighted overlap of token sets where near-identical tokens (typos) count for their
 * similarity: Σ matched weights of both sides / Σ all weights of both sides.
 */
export function softTokenOverlap(a: readonly string[], b: readonly string[], weightOf: TokenWeight): number {
  // Each token's best match on the other side, from one pass over the pairs; each side is then
  // summed on its own and combined with commutative additions, so the result is exactly symmetric.
  const bestB = b.length <= 8 ? SCRATCH.fill(0, 0, b.length) : new Float64Array(b.length);
  let matchedA = 0;
  let totalA = 0;
  for (const t of a) {
    let best = 0;
    for (let j = 0; j < b.length; j++) {
      const u = b[j] as string;
      const s = t === u ? 1 : tokenSimilarity(t, u);
      if (s >= TOKEN_MATCH) {
        if (s > best) best = s;
        if (s > (bestB[j] as number)) bestB[j] = s;
      }
    }
    const w = weightOf(t);
    totalA += w;
    matchedA += w * best;
  }
  let matchedB = 0;
  let totalB = 0;
  for (let j = 0; j < b.length; j++) {
    const w = weightOf(b[j] as string);
    totalB += w;
    matchedB += w * (bestB[j] as number);
  }
  const total = totalA + totalB;
  return total === 0 ? 0 : (matchedA + matchedB) / total;
}

/** Scratch space for the common case of short names: no allocation per pair. */
const SCRATCH = new Float64Array(8);

/**
 * Jaro-Winkler of two tokens, memoised: names reuse a small vocabulary, so most token pairs
 * recur thousands of times in a run. Bounded, and a cache of a pure function cannot change results.
 */
const tokenCache = new Map<string, Map<string, number>>();
const TOKEN_CACHE_LIMIT = 50_000;
function tokenSimilarity(x: string, y: string): number {
  const a = x < y ? x : y;
  const b = x < y ? y : x;
  let row = tokenCache.get(a);
  if (row === undefined) {
    if (tokenCache.size >= TOKEN_CACHE_LIMIT) tokenCache.clear();
    row = new Map();
    tokenCache.set(a, row);
  }
  let s = row.get(b);
  if (s === undefined) {
    s = jaroWinkler(a, b);
    if (row.size < TOKEN_CACHE_LIMIT) row.set(b, s);
  }
  return s;
}

/** Device-overlap evidence for one pair: agents in the tenant, out of all identified agents of the client. */
export interface OverlapEvidence {
  agents: number;
  totalIdentified: number;
}

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

/**
 * Scores one pair and explains the score. With `explain` false the reasons are left empty:
 * the engine scores every candidate but explains only the pairs it reports.
 */
export function scorePair(
  client: PartyFeatures,
  tenant: PartyFeatures,
  weightOf: TokenWeight,
  config: LinkingConfig,
  overlap?: OverlapEvidence,
  explain = true,
): { score: number; reasons: LinkReason[]; evidence: boolean } {
  return scoreWithName(client, tenant, nameSimilarity(client.name, tenant.name, weightOf), config, overlap, explain);
}

/**
 * {@link scorePair} once the names' similarity is known: the engine computes it with per-run
 * token ids (pair-scorer.ts) and explains its reported pairs through here, so the evidence
 * rules and their wording live in one place.
 */
export function scoreWithName(
  client: PartyFeatures,
  tenant: PartyFeatures,
  name: NameSimilarity,
  config: LinkingConfig,
  overlap?: OverlapEvidence,
  explain = true,
): { score: number; reasons: LinkReason[]; evidence: boolean } {
  const w = config.weights;
  let evidence = false;
  const reasons: LinkReason[] = [];
  let score = w.name * name.similarity;
  if (explain && name.similarity > 0) {
    reasons.push({
      kind: 'name',
      weight: round4(w.name * name.similarity),
      detail: `${name.how} name match ${round4(name.similarity)}: "${client.name.core}" ~ "${tenant.name.core}"`,
    });
  }
  const lfClient = client.name.legalKey;
  const lfTenant = tenant.name.legalKey;
  if (lfClient !== '' && lfTenant !== '') {
    const same = lfClient === lfTenant;
    score += same ? w.legalForm : -w.legalForm;
    if (explain) reasons.push({
      kind: same ? 'legal-form' : 'legal-form-differs',
      weight: same ? w.legalForm : -w.legalForm,
      detail: same ? `same legal form "${lfClient}"` : `legal forms differ: "${lfClient}" vs "${lfTenant}"`,
    });
  }
  if (client.psaCompanyId !== undefined && tenant.psaCompanyId !== undefined) {
    if (client.psaCompanyId === tenant.psaCompanyId) {
      score += w.psaCompanyId;
      evidence = true;
      if (explain) reasons.push({ kind: 'psa-company-id', weight: w.psaCompanyId, detail: `PSA company id ${client.psaCompanyId} on both` });
    } else {
      score -= w.psaCompanyIdConflict;
      if (explain) reasons.push({
        kind: 'psa-company-id-differs',
        weight: -w.psaCompanyIdConflict,
        detail: `PSA company ids differ: ${client.psaCompanyId} vs ${tenant.psaCompanyId}`,
      });
    }
  }
  const viaExternal =
    (client.externalIds.length > 0 || tenant.externalIds.length > 0) &&
    ((tenant.psaCompanyId !== undefined && client.psaCompanyId !== tenant.psaCompanyId && client.externalIds.includes(tenant.psaCompanyId)) ||
    (client.psaCompanyId !== undefined && tenant.psaCompanyId !== client.psaCompanyId && tenant.externalIds.includes(client.psaCompanyId)));
  if (viaExternal) {
    score += w.externalId;
    evidence = true;
    if (explain) reasons.push({ kind: 'external-id', weight: w.externalId, detail: `an external id equals the PSA company id ${tenant.psaCompanyId ?? client.psaCompanyId}` });
  }
  if (client.domains.length > 0 && tenant.domains.length > 0 && client.domains.some((d) => tenant.domains.includes(d))) {
    score += w.domain;
    evidence = true;
    if (explain) reasons.push({ kind: 'domain', weight: w.domain, detail: `shared domain ${client.domains.filter((d) => tenant.domains.includes(d)).join(', ')}` });
  }
  if (overlap && overlap.agents >= config.minDeviceOverlap && overlap.totalIdentified > 0) {
    const share = overlap.agents / overlap.totalIdentified;
    score += w.deviceOverlap * share;
    evidence = true;
    if (explain) reasons.push({
      kind: 'device-overlap',
      weight: round4(w.deviceOverlap * share),
      detail: `${overlap.agents} of ${overlap.totalIdentified} identified agents are computers of this tenant`,
    });
  }
  return { score: round4(Math.min(1, Math.max(0, score))), reasons, evidence };
}
