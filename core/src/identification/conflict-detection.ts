/**
 * Conflicts the engine surfaces instead of deciding: clones and identifier collisions within a
 * tenant (met while matching), and the same machine under two tenants (never merged).
 */
import type { PreparedAgent } from './agent-keys.js';
import { stableHash } from './computer-ids.js';
import type { ConflictResult } from './identification.types.js';
import { incompatibility, type ClusterSets } from './tiers/cluster-sets.js';
import type { Collision, CrossTenantCandidate } from './tiers/tier-matching.js';

/** Conflict ids depend on what conflicts, not on computer ids, so a resolution sticks across runs. */
export function conflictId(kind: string, tenantIds: readonly string[], key: string): string {
  return `k_${stableHash(`${kind}\u0000${[...tenantIds].sort().join(',')}\u0000${key}`)}`;
}

/** Collisions met while matching, as conflicts between the computers they ended in. */
export function collisionConflicts(collisions: readonly Collision[], agents: readonly PreparedAgent[], computerOf: readonly string[]): ConflictResult[] {
  const out: ConflictResult[] = [];
  const seen = new Set<string>();
  for (const collision of collisions) {
    const computerIds = [...new Set(collision.representatives.map((i) => computerOf[i] as string))].sort();
    if (computerIds.length < 2) continue;
    const kind = collision.tier === 1 ? 'clone' : 'identifier-collision';
    const id = conflictId(kind, [collision.tenantId], collision.key);
    if (seen.has(id)) continue;
    seen.add(id);
    out.push({
      id,
      kind,
      tenantIds: [collision.tenantId],
      key: collision.key,
      computerIds,
      ambiguousAgents: collision.ambiguous.map((i) => {
        const source = (agents[i] as PreparedAgent).source;
        return { integrationId: source.integrationId, agentId: source.agentId };
      }),
      detail:
        kind === 'clone'
          ? `${computerIds.length} machines share ${collision.key} but differ by serial or are online under two hostnames at once: kept apart`
          : `${computerIds.length} machines share ${collision.key} but a stronger identifier tells them apart (board swap or reused serial?)`,
    });
  }
  return out;
}

/**
 * The same strong identifier in several tenants on machines that would otherwise be one: a
 * mis-linked client or a moved machine. One conflict per group of computers, named by the
 * strongest identifier they share.
 */
export function crossTenantConflicts(
  candidates: readonly CrossTenantCandidate[],
  agents: readonly PreparedAgent[],
  sets: ClusterSets,
  computerOf: readonly string[],
): ConflictResult[] {
  const out: ConflictResult[] = [];
  const seenGroups = new Set<string>();
  const ordered = [...candidates].sort((a, b) => a.rank - b.rank || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const { key, members } of ordered) {
    const byComputer = new Map<string, number>();
    for (const i of members) if (!byComputer.has(computerOf[i] as string)) byComputer.set(computerOf[i] as string, i);
    const entries = [...byComputer.entries()];
    const involved = new Set<string>();
    for (let a = 0; a < entries.length; a++) {
      for (let b = a + 1; b < entries.length; b++) {
        const [ca, ia] = entries[a] as [string, number];
        const [cb, ib] = entries[b] as [string, number];
        if ((agents[ia] as PreparedAgent).tenant === (agents[ib] as PreparedAgent).tenant) continue;
        // Pins and online hostnames are per-tenant matters; hardware claims decide "same machine".
        const claimsA = { ...sets.claimsOf(sets.find(ia)), pin: undefined, online: [] };
        const claimsB = { ...sets.claimsOf(sets.find(ib)), pin: undefined, online: [] };
        if (incompatibility(claimsA, claimsB) !== undefined) continue;
        involved.add(ca);
        involved.add(cb);
      }
    }
    if (involved.size < 2) continue;
    const computerIds = [...involved].sort();
    const group = computerIds.join(',');
    if (seenGroups.has(group)) continue;
    seenGroups.add(group);
    const tenantIds = [...new Set(computerIds.map((c) => (agents[byComputer.get(c) as number] as PreparedAgent).tenantId))].sort();
    out.push({
      id: conflictId('cross-tenant', tenantIds, key),
      kind: 'cross-tenant',
      tenantIds,
      key,
      computerIds,
      ambiguousAgents: [],
      detail: `${key} is seen under ${tenantIds.length} tenants (${tenantIds.join(', ')}): a mis-linked client or a moved machine; never merged`,
    });
  }
  return out;
}
