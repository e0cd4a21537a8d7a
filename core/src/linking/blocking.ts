/**
 * Candidate generation ("blocking"): which tenants are worth scoring for a client, without
 * comparing every client with every tenant. Blocking only decides which pairs are scored;
 * it never changes a score.
 *
 * A tenant is a candidate when it shares a core token with the client (weighted by how rare
 * the token is), when a client token is a near-miss of a tenant token (typos: found through a
 * trigram index over the tenant vocabulary, which is far smaller than the tenants), when the
 * names have the same letters ("Nor Tech"/"Nortech"), when the client is the tenant's
 * initials, or on evidence: PSA company id, domain, device overlap. Tokens carried by more than
 * `maxPostings` tenants only rank tenants already found (unless the client has nothing rarer).
 * Name-based candidates are capped at the best `maxCandidates` per client; evidence-based ones
 * are always kept.
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
  /** Membership bitmaps of the tokens too common to open candidates: an O(1) "does tenant i have it". */
  readonly #commonMembers = new Map<string, Uint8Array>();
  readonly #weights = new Map<string, number>();
  #unseenWeight = 0;

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
    for (const [token, list] of this.#byToken) {
      if (list.length <= config.blocking.maxPostings) continue;
      const bits = new Uint8Array(tenants.length);
      for (const i of list) bits[i] = 1;
      this.#commonMembers.set(token, bits);
    }
    this.#unseenWeight = Math.log(1 + (this.size + 1));
    for (const [token, list] of this.#byToken) this.#weights.set(token, Math.log(1 + (this.size + 1) / (list.length + 1)));
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
  readonly weightOf = (token: string): number => this.#weights.get(token) ?? this.#unseenWeight;


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
    // Rare tokens (and near-misses of them) open candidates; tokens shared by more than
    // `maxPostings` tenants only add weight to tenants already opened, which keeps the work per
    // client bounded however common "dental" or "services" is.
    const common: (readonly [string, number, readonly number[]])[] = [];
    for (const token of new Set(client.name.tokens)) {
      const exact = this.#byToken.get(token);
      if (exact) {
        if (exact.length > maxPostings) common.push([token, 1, exact]);
        else add(exact, this.weightOf(token));
        continue;
      }
      for (const [hit, similarity] of this.nearTokens(token)) {
        const list = this.#byToken.get(hit) ?? [];
        if (list.length > maxPostings) common.push([hit, similarity, list]);
        else add(list, this.weightOf(hit) * similarity);
      }
    }
    if (touched.length === 0 && common.length > 0) {
      // Every token is common: the rarest of them still opens its tenants.
      let rarest = 0;
      common.forEach(([token, , list], i) => {
        const [bestToken, , bestList] = common[rarest] as (typeof common)[number];
        if (list.length < bestList.length || (list.length === bestList.length && token < bestToken)) rarest = i;
      });
      const [token, similarity, list] = common.splice(rarest, 1)[0] as (typeof common)[number];
      add(list, this.weightOf(token) * similarity);
    }
    for (const [token, similarity] of common) {
      const weight = this.weightOf(token) * similarity;
      const bits = this.#commonMembers.get(token) as Uint8Array;
      for (const i of touched) if (bits[i] === 1) acc[i] = (acc[i] as number) + weight;
    }
    const bonus = Math.log(2 + this.size) * 4;
    add(this.#byCompact.get(client.name.compact) ?? [], bonus);
    if (client.name.tokens.length === 1) add(this.#byInitials.get(client.name.core) ?? [], bonus / 2);

    const chosen = new Set(topK(touched, acc, maxCandidates));
    for (const i of touched) acc[i] = 0;

    if (client.psaCompanyId !== undefined) for (const i of this.#byPsa.get(client.psaCompanyId) ?? []) chosen.add(i);
    for (const id of client.externalIds) for (const i of this.#byPsa.get(id) ?? []) chosen.add(i);
    for (const d of client.domains) for (const i of this.#byDomain.get(d) ?? []) chosen.add(i);
    for (const i of extra) chosen.add(i);
    return [...chosen].sort((x, y) => x - y);
  }
}

/**
 * The `k` indices with the highest `acc` (ties: lower index first), without sorting them all:
 * a small sorted buffer, since k is tiny next to the touched tenants.
 */
function topK(indices: readonly number[], acc: Float64Array, k: number): number[] {
  const best: number[] = [];
  const better = (x: number, y: number): boolean => (acc[x] as number) > (acc[y] as number) || ((acc[x] as number) === (acc[y] as number) && x < y);
  for (const i of indices) {
    if (best.length === k && !better(i, best[k - 1] as number)) continue;
    let at = best.length === k ? k - 1 : best.length;
    while (at > 0 && better(i, best[at - 1] as number)) {
      best[at] = best[at - 1] as number;
      at--;
    }
    best[at] = i;
  }
  return best;
}
