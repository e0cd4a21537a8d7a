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
 * clamped to [0, 1] and rounded to 4 decimals.
 */
import type { LinkReason } from '../store/link-repository.js';
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
const TOKEN_MATCH = 0.88;
/** Share of the name score taken by the whole-string Jaro-Winkler; the rest is token overlap. */
const JW_SHARE = 0.35;

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
  const [matchedA, totalA] = directedOverlap(a, b, weightOf);
  const [matchedB, totalB] = directedOverlap(b, a, weightOf);
  // Each side is summed on its own, then combined with commutative additions: exactly symmetric.
  const total = totalA + totalB;
  return total === 0 ? 0 : (matchedA + matchedB) / total;
}

/** Σ weight × best similarity of each token of `from` in `to`, and Σ weight. */
function directedOverlap(from: readonly string[], to: readonly string[], weightOf: TokenWeight): [number, number] {
  let matched = 0;
  let total = 0;
  for (const t of from) {
    const w = weightOf(t);
    total += w;
    let best = 0;
    for (const u of to) {
      if (t === u) {
        best = 1;
        break;
      }
      const s = jaroWinkler(t, u);
      if (s >= TOKEN_MATCH && s > best) best = s;
    }
    matched += w * best;
  }
  return [matched, total];
}

/** Device-overlap evidence for one pair: agents in the tenant, out of all identified agents of the client. */
export interface OverlapEvidence {
  agents: number;
  totalIdentified: number;
}

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

/** Scores one pair and explains the score. */
export function scorePair(
  client: PartyFeatures,
  tenant: PartyFeatures,
  weightOf: TokenWeight,
  config: LinkingConfig,
  overlap?: OverlapEvidence,
): { score: number; reasons: LinkReason[] } {
  const w = config.weights;
  const reasons: LinkReason[] = [];
  const name = nameSimilarity(client.name, tenant.name, weightOf);
  let score = w.name * name.similarity;
  if (name.similarity > 0) {
    reasons.push({
      kind: 'name',
      weight: round4(w.name * name.similarity),
      detail: `${name.how} name match ${round4(name.similarity)}: "${client.name.core}" ~ "${tenant.name.core}"`,
    });
  }
  const lfClient = [...client.name.legalForms].sort().join('+');
  const lfTenant = [...tenant.name.legalForms].sort().join('+');
  if (lfClient !== '' && lfTenant !== '') {
    const same = lfClient === lfTenant;
    score += same ? w.legalForm : -w.legalForm;
    reasons.push({
      kind: same ? 'legal-form' : 'legal-form-differs',
      weight: same ? w.legalForm : -w.legalForm,
      detail: same ? `same legal form "${lfClient}"` : `legal forms differ: "${lfClient}" vs "${lfTenant}"`,
    });
  }
  if (client.psaCompanyId !== undefined && tenant.psaCompanyId !== undefined) {
    if (client.psaCompanyId === tenant.psaCompanyId) {
      score += w.psaCompanyId;
      reasons.push({ kind: 'psa-company-id', weight: w.psaCompanyId, detail: `PSA company id ${client.psaCompanyId} on both` });
    } else {
      score -= w.psaCompanyIdConflict;
      reasons.push({
        kind: 'psa-company-id-differs',
        weight: -w.psaCompanyIdConflict,
        detail: `PSA company ids differ: ${client.psaCompanyId} vs ${tenant.psaCompanyId}`,
      });
    }
  }
  const viaExternal =
    (tenant.psaCompanyId !== undefined && client.psaCompanyId !== tenant.psaCompanyId && client.externalIds.includes(tenant.psaCompanyId)) ||
    (client.psaCompanyId !== undefined && tenant.psaCompanyId !== client.psaCompanyId && tenant.externalIds.includes(client.psaCompanyId));
  if (viaExternal) {
    score += w.externalId;
    reasons.push({ kind: 'external-id', weight: w.externalId, detail: `an external id equals the PSA company id ${tenant.psaCompanyId ?? client.psaCompanyId}` });
  }
  const shared = client.domains.filter((d) => tenant.domains.includes(d));
  if (shared.length > 0) {
    score += w.domain;
    reasons.push({ kind: 'domain', weight: w.domain, detail: `shared domain ${shared.join(', ')}` });
  }
  if (overlap && overlap.agents >= config.minDeviceOverlap && overlap.totalIdentified > 0) {
    const share = overlap.agents / overlap.totalIdentified;
    score += w.deviceOverlap * share;
    reasons.push({
      kind: 'device-overlap',
      weight: round4(w.deviceOverlap * share),
      detail: `${overlap.agents} of ${overlap.totalIdentified} identified agents are computers of this tenant`,
    });
  }
  return { score: round4(Math.min(1, Math.max(0, score))), reasons };
}
