/**
 * Computer ids: deterministic, so the same agents give the same ids whatever the input order,
 * and stable, so a computer keeps its id across runs while most of its agents stay with it.
 */

/** A 52-bit hash of a string as 13 hex digits (two 32-bit FNV-1a style lanes). Not cryptographic. */
export function stableHash(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  }
  h1 ^= h1 >>> 13;
  h1 = Math.imul(h1, 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  return (h1 >>> 0).toString(16).padStart(8, '0') + ((h2 >>> 0) & 0xfffff).toString(16).padStart(5, '0');
}

/** A new computer's id: from its tenant and its founding (smallest-key) agent. */
export function newComputerId(tenantId: string, foundingAgentKey: string): string {
  return `c_${stableHash(`${tenantId}\u0000${foundingAgentKey}`)}`;
}

/** A cluster of agents about to become a computer. */
export interface ClusterForIds {
  tenantId: string;
  /** Agent indices in key order; the first founds the computer. */
  members: readonly number[];
}

/**
 * Gives each cluster (of one tenant) an id. A cluster inherits the previous computer id most
 * of its agents were linked to (or pinned to); when two clusters claim one old id, the one
 * with more of its agents wins and the other gets a new id. Ties are broken by the founding
 * agent's key, so the outcome depends only on the clusters and the prior links, never on
 * order. `taken` holds the ids already given in this run (to other tenants) and receives
 * these; `reserved` says which ids existed before the run, which a new id must not reuse.
 */
export function assignComputerIds(
  clusters: readonly ClusterForIds[],
  keyOf: (agentIndex: number) => string,
  previous: (agentKey: string) => string | undefined,
  reserved: (computerId: string) => boolean,
  taken: Set<string>,
): string[] {
  const firstKey = (index: number): string => keyOf((clusters[index] as ClusterForIds).members[0] as number);
  const ids = new Array<string | undefined>(clusters.length);
  const claims: { cluster: number; id: string; votes: number }[] = [];
  clusters.forEach((cluster, index) => {
    // Most clusters have one or two agents and one previous id: avoid a Map for them.
    let single: string | undefined;
    let votes: Map<string, number> | undefined;
    for (const member of cluster.members) {
      const id = previous(keyOf(member));
      if (id === undefined) continue;
      if (votes === undefined && (single === undefined || single === id)) {
        single = id;
        continue;
      }
      votes ??= new Map([[single as string, cluster.members.filter((m) => previous(keyOf(m)) === single).length]]);
      votes.set(id, (votes.get(id) ?? 0) + 1);
    }
    if (votes !== undefined) for (const [id, count] of votes) claims.push({ cluster: index, id, votes: count });
    else if (single !== undefined) claims.push({ cluster: index, id: single, votes: cluster.members.filter((m) => previous(keyOf(m)) === single).length });
  });
  claims.sort((a, b) => b.votes - a.votes || cmp(a.id, b.id) || cmp(firstKey(a.cluster), firstKey(b.cluster)));
  for (const claim of claims) {
    if (ids[claim.cluster] !== undefined || taken.has(claim.id)) continue;
    ids[claim.cluster] = claim.id;
    taken.add(claim.id);
  }
  // New ids: derived from the founding agent; on the rare clash (its old computer went to another
  // cluster, or a hash collision) a counter is mixed in, still deterministically.
  const order = clusters.map((_, i) => i).filter((i) => ids[i] === undefined);
  // Clusters come in key order of their founding agent already; the sort keeps that a guarantee.
  order.sort((a, b) => cmp(firstKey(a), firstKey(b)));
  for (const index of order) {
    const cluster = clusters[index] as ClusterForIds;
    const founder = firstKey(index);
    let id = newComputerId(cluster.tenantId, founder);
    for (let n = 2; taken.has(id) || reserved(id); n++) id = newComputerId(cluster.tenantId, `${founder}#${n}`);
    ids[index] = id;
    taken.add(id);
  }
  return ids as string[];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
