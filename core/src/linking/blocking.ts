/**
 * Candidate generation ("blocking"): which tenants are worth scoring for a client, without
 * comparing every client with every tenant. Blocking only decides which pairs are scored;
 * it never changes a score.
 *
 * A tenant is a candidate when it shares a core token with the client (weighted by how rare
 * the token is), when a client token is a near-miss of a tenant token (typos: found through a
 * trigram index over the tenant vocabulary, which is far smaller than the tenants), when the
 * names have the same letters ("Nor Tech"/"Nortech"), when the client is the tenant's
 * initials, or on evidence: PSA company id, domain, device overlap. Name-based candidates are
 * capped at the best `maxCandidates` per client; evidence-based ones are always kept.
 */
import { jaroWinkler } from './jaro-winkler.js';
import type { LinkingConfig } from './linking.config.js';
import type { PartyFeatures } from './scorer.js';

/** Near-miss tokens at least this similar block together. */
const FUZZY_TOKEN = 0.85;

function trigrams(token: string): string[] {
  const padded = ` ${token} `;
  const out: string[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) out.push(padded.slice(i, i + 3));
  return [...new Set(out)];
}

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list) {
    if (list[list.length - 1] !== value) list.push(value);
  } else map.set(key, [value]);
}

/** An index over the tenants (in a fixed order: callers sort them by id first). */
export class TenantIndex {
  readonly size: number;
  readonly #byToken = new Map<string, number[]>();
  readonly #vocabByTrigram = new Map<string, string[]>();
  readonly #byCompact = new Map<string, number[]>();
  readonly #byInitials = new Map<string, number[]>();
  readonly #byPsa = new Map<string, number[]>();
  readonly #byDomain = new Map<string, number[]>();
  readonly #fuzzyCache = new Map<string, readonly (readonly [string, number])[]>();
  readonly #acc: Float64Array;
  readonly #config: LinkingConfig;

  constructor(tenants: readonly PartyFeatures[], config: LinkingConfig) {
    this.size = tenants.length;
    this.#config = config;
    this.#acc = new Float64Array(tenants.length);
    tenants.forEach((t, i) => {
      for (const token of new Set(t.name.tokens)) push(this.#byToken, token, i);
      if (t.name.compact !== '') push(this.#byCompact, t.name.compact, i);
      if (t.name.tokens.length >= 2) push(this.#byInitials, t.name.initials, i);
      if (t.psaCompanyId !== undefined) push(this.#byPsa, t.psaCompanyId, i);
      for (const d of t.domains) push(this.#byDomain, d, i);
    });
    for (const token of [...this.#byToken.keys()].sort()) {
      if (token.length < 3) continue;
      for (const g of trigrams(token)) {
        const list = this.#vocabByTrigram.get(g);
        if (list) list.push(token);
        else this.#vocabByTrigram.set(g, [token]);
      }
    }
  }

  /** How many tenants carry the token in their core name. */
  documentFrequency(token: string): number {
    return this.#byToken.get(token)?.length ?? 0;
  }

  /**
   * The token's weight (inverse document frequency over the tenants). Shared by the scorer,
   * so a pair's score depends on the whole tenant set, never on which side a token is on.
   */
  readonly weightOf = (token: string): number => Math.log(1 + (this.size + 1) / (this.documentFrequency(token) + 1));

  /** Tenant tokens within typo distance of `token` (not the token itself), with their similarity. */
  nearTokens(token: string): readonly (readonly [string, number])[] {
    const cached = this.#fuzzyCache.get(token);
    if (cached) return cached;
    const out: [string, number][] = [];
    if (token.length >= 3) {
      const grams = trigrams(token);
      const shared = new Map<string, number>();
      for (const g of grams) for (const v of this.#vocabByTrigram.get(g) ?? []) shared.set(v, (shared.get(v) ?? 0) + 1);
      // A single edit destroys at most three trigrams; a near-miss shares at least a third of them.
      const need = Math.max(1, Math.floor(grams.length / 3));
      for (const [v, n] of shared) {
        if (n < need || v === token) continue;
        const s = jaroWinkler(token, v);
        if (s >= FUZZY_TOKEN) out.push([v, s]);
      }
      out.sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1));
    }
    this.#fuzzyCache.set(token, out);
    return out;
  }

  /** Indices of the tenants worth scoring for `client`, ascending. `extra` adds evidence-based ones. */
  candidates(client: PartyFeatures, extra: Iterable<number> = []): number[] {
    const { maxCandidates, maxPostings } = this.#config.blocking;
    const acc = this.#acc;
    const touched: number[] = [];
    const add = (list: readonly number[], weight: number): void => {
      for (const i of list) {
        if (acc[i] === 0) touched.push(i);
        acc[i] = (acc[i] as number) + weight;
      }
    };
    let rarestCommon: { token: string; list: number[] } | undefined;
    for (const token of new Set(client.name.tokens)) {
      const hits: (readonly [string, number])[] = this.#byToken.has(token) ? [[token, 1]] : [...this.nearTokens(token)];
      for (const [hit, similarity] of hits) {
        const list = this.#byToken.get(hit) ?? [];
        if (list.length > maxPostings) {
          if (!rarestCommon || list.length < rarestCommon.list.length || (list.length === rarestCommon.list.length && hit < rarestCommon.token)) {
            rarestCommon = { token: hit, list };
          }
          continue;
        }
        add(list, this.weightOf(hit) * similarity);
      }
    }
    // Every token too common to block on: the rarest of them is still better than nothing.
    if (touched.length === 0 && rarestCommon) add(rarestCommon.list, this.weightOf(rarestCommon.token));
    const bonus = Math.log(2 + this.size) * 4;
    add(this.#byCompact.get(client.name.compact) ?? [], bonus);
    if (client.name.tokens.length === 1) add(this.#byInitials.get(client.name.core) ?? [], bonus / 2);

    touched.sort((x, y) => (acc[y] as number) - (acc[x] as number) || x - y);
    const chosen = new Set(touched.slice(0, maxCandidates));
    for (const i of touched) acc[i] = 0;

    if (client.psaCompanyId !== undefined) for (const i of this.#byPsa.get(client.psaCompanyId) ?? []) chosen.add(i);
    for (const id of client.externalIds) for (const i of this.#byPsa.get(id) ?? []) chosen.add(i);
    for (const d of client.domains) for (const i of this.#byDomain.get(d) ?? []) chosen.add(i);
    for (const i of extra) chosen.add(i);
    return [...chosen].sort((x, y) => x - y);
  }
}
