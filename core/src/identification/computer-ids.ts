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
  /** Sorted agent keys; the first founds the computer. */
  agentKeys: readonly string[];
}

/**
 * Gives each cluster an id. A cluster inherits the previous computer id most of its agents
 * were linked to (or pinned to); when two clusters claim one old id, the one with more of its
 * agents wins and the other gets a new id. Ties are broken by the founding agent's key, so
 * the outcome depends only on the clusters and the prior links, never on order.
 */
export function assignComputerIds(
  clusters: readonly ClusterForIds[],
  previous: (agentKey: string) => string | undefined,
  reserved: (computerId: string) => boolean,
): string[] {
  const ids = new Array<string | undefined>(clusters.length);
  const claims: { cluster: number; id: string; votes: number }[] = [];
  clusters.forEach((cluster, index) => {
    const votes = new Map<string, number>();
    for (const key of cluster.agentKeys) {
      const id = previous(key);
      if (id !== undefined) votes.set(id, (votes.get(id) ?? 0) + 1);
    }
    for (const [id, count] of votes) claims.push({ cluster: index, id, votes: count });
  });
  claims.sort((a, b) => b.votes - a.votes || cmp(a.id, b.id) || cmp(firstKey(clusters, a.cluster), firstKey(clusters, b.cluster)));
  const taken = new Set<string>();
  for (const claim of claims) {
    if (ids[claim.cluster] !== undefined || taken.has(claim.id)) continue;
    ids[claim.cluster] = claim.id;
    taken.add(claim.id);
  }
  // New ids: derived from the founding agent; on the rare clash (its old computer went to another
  // cluster, or a hash collision) a counter is mixed in, still deterministically.
  const order = clusters.map((_, i) => i).filter((i) => ids[i] === undefined);
  order.sort((a, b) => cmp(firstKey(clusters, a), firstKey(clusters, b)));
  for (const index of order) {
    const cluster = clusters[index] as ClusterForIds;
    let id = newComputerId(cluster.tenantId, cluster.agentKeys[0] ?? '');
    for (let n = 2; taken.has(id) || (reserved(id) && !isOwnPrevious(cluster, id, previous)); n++) {
      id = newComputerId(cluster.tenantId, `${cluster.agentKeys[0] ?? ''}#${n}`);
    }
    ids[index] = id;
    taken.add(id);
  }
  return ids as string[];
}

function isOwnPrevious(cluster: ClusterForIds, id: string, previous: (agentKey: string) => string | undefined): boolean {
  return cluster.agentKeys.some((key) => previous(key) === id);
}

function firstKey(clusters: readonly ClusterForIds[], index: number): string {
  return (clusters[index] as ClusterForIds).agentKeys[0] ?? '';
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
