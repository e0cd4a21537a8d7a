/**
 * Tiered matching within a tenant, strongest key first: SMBIOS UUID; manufacturer + serial
 * (trusted vendors' groups before the others); board serial; then hostname + MAC, which only
 * ever attaches agents without a usable strong key, or sets whose strong keys cannot collide.
 *
 * Key groups are built while walking agents in key order, so a group's members and the order
 * groups are visited in depend only on the input set, never on its order.
 */
import type { PreparedAgent, PreparedAgents } from '../agent-keys.js';
import type { MatchTier } from '../identification.types.js';
import { type ClusterSets, combineClaims, incompatibility, type SetClaims } from './cluster-sets.js';

/** Agents sharing a key that turned out to be on different machines. */
export interface Collision {
  tier: MatchTier;
  tenantId: string;
  /** `kind=value` */
  key: string;
  /** One agent index per machine the key was found on. */
  representatives: number[];
  /** Agents compatible with more than one of those machines: left unmatched on this key. */
  ambiguous: number[];
}

/** Runs every tier over the sets and returns the collisions met on the way. */
export function matchTiers(
  prepared: PreparedAgents,
  sets: ClusterSets,
  trustedVendors: ReadonlySet<string>,
): { collisions: Collision[] } {
  const { agents, groups } = prepared;
  const collisions: Collision[] = [];
  const valueOf = {
    uuid: (i: number) => (agents[i] as PreparedAgent).uuid as string,
    serial: (i: number) => (agents[i] as PreparedAgent).serial as string,
    board: (i: number) => (agents[i] as PreparedAgent).board as string,
  };
  const run = (kind: 'uuid' | 'serial' | 'board', tier: MatchTier, only?: (members: readonly number[]) => boolean): void => {
    for (const entry of groups[kind]) {
      if (entry === undefined || typeof entry === 'number') continue;
      if (only !== undefined && !only(entry)) continue;
      const first = agents[entry[0] as number] as PreparedAgent;
      let single = true;
      for (const i of entry) if ((agents[i] as PreparedAgent).tenant !== first.tenant) single = false;
      const perTenant: number[][] = single ? [entry] : splitByTenant(entry, agents);
      for (const members of perTenant) {
        if (members.length < 2) continue;
        const collision = matchGroup(members, sets);
        if (collision !== undefined) {
          const tenantId = (agents[members[0] as number] as PreparedAgent).tenantId;
          collisions.push({ tier, tenantId, key: `${kind}=${valueOf[kind](members[0] as number)}`, ...collision });
        }
      }
    }
  };
  const trusted = (members: readonly number[]): boolean => members.some((i) => trustedVendors.has((agents[i] as PreparedAgent).vendor ?? ''));
  run('uuid', 1);
  run('serial', 2, trusted);
  run('serial', 2, (members) => !trusted(members));
  run('board', 3);
  for (const entry of groups.mac) if (entry !== undefined && typeof entry !== 'number') attachByHost(entry, agents, sets);
  return { collisions };
}

function splitByTenant(members: readonly number[], agents: readonly PreparedAgent[]): number[][] {
  const byTenant = new Map<number, number[]>();
  for (const i of members) {
    const t = (agents[i] as PreparedAgent).tenant;
    const list = byTenant.get(t);
    if (list === undefined) byTenant.set(t, [i]);
    else list.push(i);
  }
  return [...byTenant.values()];
}

/** Agents sharing a MAC: those also sharing tenant and hostname are tier-4 candidates. */
function attachByHost(members: readonly number[], agents: readonly PreparedAgent[], sets: ClusterSets): void {
  // MAC groups are small (quarantine caps them), so a linear scan beats building a map.
  const subgroups: { tenant: number; host: string; members: number[] }[] = [];
  for (const i of members) {
    const agent = agents[i] as PreparedAgent;
    const group = subgroups.find((g) => g.tenant === agent.tenant && g.host === agent.host);
    if (group === undefined) subgroups.push({ tenant: agent.tenant, host: agent.host, members: [i] });
    else group.members.push(i);
  }
  for (const group of subgroups) if (group.members.length > 1) attachWeak(group.members, sets);
}

/**
 * Joins the sets holding one key. When they cannot all be one machine, sorts them into
 * machines (most specific sets first, so anchors form the buckets) and leaves out any set
 * that would fit more than one bucket — guessing there is how clones get merged.
 */
function matchGroup(members: readonly number[], sets: ClusterSets): Omit<Collision, 'tier' | 'tenantId' | 'key'> | undefined {
  const roots: number[] = [];
  for (const m of members) {
    const root = sets.find(m);
    if (!roots.includes(root)) roots.push(root);
  }
  if (roots.length < 2) return undefined;
  if (roots.length === 2) {
    const [a, b] = roots as [number, number];
    if (sets.tryUnion(a, b)) return undefined;
    return { representatives: [sets.firstOf(a), sets.firstOf(b)].sort((x, y) => x - y), ambiguous: [] };
  }

  const ordered = roots
    .map((root) => ({ root, claims: sets.claimsOf(root), weight: specificity(sets.claimsOf(root)), first: sets.firstOf(root) }))
    .sort((x, y) => y.weight - x.weight || x.first - y.first);
  const buckets: { claims: SetClaims; roots: number[] }[] = [];
  for (const entry of ordered) {
    const bucket = buckets.find((b) => incompatibility(b.claims, entry.claims) === undefined);
    if (bucket === undefined) buckets.push({ claims: entry.claims, roots: [entry.root] });
    else {
      bucket.claims = combineClaims(bucket.claims, entry.claims);
      bucket.roots.push(entry.root);
    }
  }
  if (buckets.length === 1) {
    const [head, ...rest] = (buckets[0] as { roots: number[] }).roots as [number, ...number[]];
    for (const root of rest) sets.union(head, root);
    return undefined;
  }

  const ambiguous: number[] = [];
  const representatives: number[] = [];
  for (const bucket of buckets) {
    const keep = bucket.roots.filter((root) => {
      const claims = sets.claimsOf(root);
      const fitsElsewhere = buckets.some((other) => other !== bucket && incompatibility(other.claims, claims) === undefined);
      if (fitsElsewhere) ambiguous.push(sets.firstOf(root));
      return !fitsElsewhere;
    });
    const [head, ...rest] = keep;
    if (head === undefined) continue;
    for (const root of rest) if (!sets.tryUnion(head, root)) ambiguous.push(sets.firstOf(root));
    representatives.push(sets.firstOf(sets.find(head)));
  }
  return { representatives: representatives.sort((x, y) => x - y), ambiguous: ambiguous.sort((x, y) => x - y) };
}

/** How much a set says about its machine: sets that say more anchor the buckets. */
function specificity(c: SetClaims): number {
  return (
    (c.pin !== undefined ? 8 : 0) +
    (c.uuid !== undefined ? 1 : 0) +
    (c.serial !== undefined ? 1 : 0) +
    (c.board !== undefined ? 1 : 0) +
    (c.vendor !== undefined ? 1 : 0) +
    Math.min(c.online.length, 2)
  );
}

/**
 * Hostname + MAC: supporting evidence only. It attaches sets to the one strong set of the group
 * when there is exactly one; with none, the weak sets join each other. Two strong sets never
 * merge on it, unless they hold no strong key of the same kind (one RMM saw the UUID, the other
 * only the serial) and agree on everything else — then this is the only evidence left.
 */
function attachWeak(members: readonly number[], sets: ClusterSets): void {
  const roots: number[] = [];
  for (const m of members) {
    const root = sets.find(m);
    if (!roots.includes(root)) roots.push(root);
  }
  if (roots.length < 2) return;
  const strong = roots.filter((root) => sets.isStrong(root));
  const weak = roots.filter((root) => !sets.isStrong(root));
  if (strong.length > 2) return;
  if (strong.length === 2) {
    const [a, b] = strong as [number, number];
    if (!disjointKinds(sets.claimsOf(a), sets.claimsOf(b))) return;
    if (!sets.tryUnion(a, b)) return;
  }
  const anchor = strong[0];
  if (anchor === undefined) {
    const [head, ...rest] = weak as [number, ...number[]];
    for (const root of rest) sets.tryUnion(head, root);
    return;
  }
  for (const root of weak) sets.tryUnion(anchor, root);
}

function disjointKinds(a: SetClaims, b: SetClaims): boolean {
  return !(
    (a.uuid !== undefined && b.uuid !== undefined) ||
    (a.serial !== undefined && b.serial !== undefined) ||
    (a.board !== undefined && b.board !== undefined)
  );
}
