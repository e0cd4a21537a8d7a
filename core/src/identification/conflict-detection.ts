/**
 * Conflicts the engine surfaces instead of deciding: clones and identifier collisions within a
 * tenant (met while matching), and the same machine under two tenants (never merged).
 */
import type { PreparedAgent } from './agent-keys.js';
import { stableHash } from './computer-ids.js';
import type { ConflictResult } from './identification.types.js';
import { incompatibility, type SetClaims } from './tiers/cluster-sets.js';
import type { Collision } from './tiers/tier-matching.js';

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
 * What one tenant's run saw of a strong value that also occurs in another tenant: the computer
 * it ended in and what that computer claims about its hardware.
 */
export interface CrossTenantObservation {
  /** `kind=value` */
  key: string;
  /** 0 UUID, 1 serial, 2 board serial: conflicts are named by the strongest shared value. */
  rank: number;
  tenantId: string;
  computerId: string;
  /** The computer's claims without pin and online hostnames (per-tenant matters). */
  claims: SetClaims;
}

/**
 * The same strong identifier in several tenants on machines that would otherwise be one: a
 * mis-linked client or a moved machine. One conflict per group of computers, named by the
 * strongest identifier they share.
 */
export function crossTenantConflicts(observations: readonly CrossTenantObservation[]): ConflictResult[] {
  const byKey = new Map<string, CrossTenantObservation[]>();
  for (const o of observations) {
    const list = byKey.get(o.key);
    if (list === undefined) byKey.set(o.key, [o]);
    else list.push(o);
  }
  const ordered = [...byKey.values()].sort((a, b) => {
    const x = a[0] as CrossTenantObservation;
    const y = b[0] as CrossTenantObservation;
    return x.rank - y.rank || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0);
  });
  const out: ConflictResult[] = [];
  const seenGroups = new Set<string>();
  for (const entries of ordered) {
    const key = (entries[0] as CrossTenantObservation).key;
    const tenantOf = new Map<string, string>();
    const involved = new Set<string>();
    for (let a = 0; a < entries.length; a++) {
      const ea = entries[a] as CrossTenantObservation;
      tenantOf.set(ea.computerId, ea.tenantId);
      for (let b = a + 1; b < entries.length; b++) {
        const eb = entries[b] as CrossTenantObservation;
        if (ea.tenantId === eb.tenantId || ea.computerId === eb.computerId) continue;
        if (incompatibility(ea.claims, eb.claims) !== undefined) continue;
        involved.add(ea.computerId);
        involved.add(eb.computerId);
      }
    }
    if (involved.size < 2) continue;
    const computerIds = [...involved].sort();
    const group = computerIds.join(',');
    if (seenGroups.has(group)) continue;
    seenGroups.add(group);
    const tenantIds = [...new Set(computerIds.map((c) => tenantOf.get(c) as string))].sort();
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
