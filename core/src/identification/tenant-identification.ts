/**
 * Identification within one tenant — everything but the survey and the cross-tenant check,
 * which need the whole fleet: pins, tiered matching, clusters, computer ids, each link's
 * evidence, stale duplicates, wipes, and the conflicts met while matching. Matching never
 * crosses a tenant, so tenants can be identified one at a time, each in memory on its own.
 */
import { groupAgents, hasStrongKey, type PreparedAgent } from './agent-keys.js';
import { clusterDetails } from './cluster-details.js';
import { assignComputerIds } from './computer-ids.js';
import { collisionConflicts, type CrossTenantObservation } from './conflict-detection.js';
import type { IdentificationPlan } from './identifier-survey.js';
import type { AgentLinkResult, ComputerResult, ConflictResult, DuplicateAgents, LifecycleEvent, PriorComputer } from './identification.types.js';
import type { KnownBadRegistry } from './known-bad-registry.js';
import { ClusterSets } from './tiers/cluster-sets.js';
import { matchTiers } from './tiers/tier-matching.js';

/** What the previous run left, as a tenant's run asks for it (the service answers from the store). */
export interface PriorLookup {
  /** The computer the agent was linked to. */
  link(agentKey: string): string | undefined;
  /** The computer a person (or an undo) pinned the agent to. */
  pin(agentKey: string): string | undefined;
  computer(computerId: string): PriorComputer | undefined;
}

/** Shared by the tenants of one run. */
export interface RunContext {
  registry: KnownBadRegistry;
  trustedVendors: ReadonlySet<string>;
  /** From the survey (`IdentifierSurvey`) of every agent of the run. */
  plan: IdentificationPlan;
  prior: PriorLookup;
  /** Computer ids given so far in this run. */
  taken: Set<string>;
}

/** One tenant's part of a run. */
export interface TenantIdentification {
  tenantId: string;
  /** By id. */
  computers: ComputerResult[];
  /** In agent-key order. */
  links: AgentLinkResult[];
  conflicts: ConflictResult[];
  duplicates: DuplicateAgents[];
  lifecycle: LifecycleEvent[];
  crossTenant: CrossTenantObservation[];
}

const RANK = { uuid: 0, serial: 1, board: 2 } as const;

/**
 * Identifies the computers behind the agents of one tenant: `agents` normalised (see
 * `normaliseAgent`), in key order, one per key, all of `tenantId`.
 */
export function identifyTenant(tenantId: string, agents: PreparedAgent[], ctx: RunContext): TenantIdentification {
  const prepared = groupAgents(agents, ctx.plan.quarantined);
  const list = prepared.agents;
  for (const agent of list) {
    if (agent.tenantId !== tenantId) throw new Error(`identifyTenant(${tenantId}) was given an agent of tenant ${agent.tenantId}`);
  }
  const { prior } = ctx;
  // A previous computer of another tenant is never inherited: computers belong to one tenant,
  // and a client re-linked elsewhere takes its agents to new computers there.
  const ours = (computerId: string | undefined): string | undefined => {
    if (computerId === undefined) return undefined;
    const owner = prior.computer(computerId)?.tenantId;
    return owner === undefined || owner === tenantId ? computerId : undefined;
  };

  // Pins first: a person's decision (or an undo) holds agents together and apart.
  const pins = list.map((agent) => ours(prior.pin(agent.key)));
  const sets = new ClusterSets(list, pins);
  const pinAnchors = new Map<string, number>();
  pins.forEach((pin, index) => {
    if (pin === undefined) return;
    const anchor = pinAnchors.get(pin);
    if (anchor === undefined) pinAnchors.set(pin, index);
    else sets.union(anchor, index);
  });

  const { collisions } = matchTiers(prepared, sets, ctx.trustedVendors);

  // Clusters in the order of their first agent, which is agent-key order. Roots are agent
  // indices, so a typed array (-1: not seen yet) does what a Map would.
  const clusterOfRoot = new Int32Array(list.length).fill(-1);
  const members: number[][] = [];
  for (let i = 0; i < list.length; i++) {
    const root = sets.find(i);
    const cluster = clusterOfRoot[root] as number;
    if (cluster < 0) {
      clusterOfRoot[root] = members.length;
      // A literal sized for the one agent most clusters keep (push onto [] reserves 17 slots).
      members.push([i]);
    } else (members[cluster] as number[]).push(i);
  }
  const ids = assignComputerIds(
    members.map((m) => ({ tenantId, members: m })),
    (i) => (list[i] as PreparedAgent).key,
    (key) => ours(prior.pin(key)) ?? ours(prior.link(key)),
    (id) => prior.computer(id) !== undefined,
    ctx.taken,
  );
  const computerOfAgent = new Array<string>(list.length);
  members.forEach((m, cluster) => {
    for (const i of m) computerOfAgent[i] = ids[cluster] as string;
  });

  const ambiguous = new Set<number>();
  for (const collision of collisions) for (const i of collision.ambiguous) ambiguous.add(i);

  const computers: ComputerResult[] = [];
  const links = new Array<AgentLinkResult>(list.length);
  const duplicates: DuplicateAgents[] = [];
  const lifecycle: LifecycleEvent[] = [];
  members.forEach((m, cluster) => {
    const id = ids[cluster] as string;
    const details = clusterDetails(id, m, list, pins, ctx.trustedVendors, prior.computer(id));
    computers.push(details.computer);
    duplicates.push(...details.duplicates);
    if (details.lifecycle !== undefined) lifecycle.push(details.lifecycle);
    m.forEach((i, position) => {
      const agent = list[i] as PreparedAgent;
      const evidence = details.evidence[position] as AgentLinkResult['evidence'];
      links[i] = {
        key: agent.key,
        integrationId: agent.source.integrationId,
        agentId: agent.source.agentId,
        tenantId,
        computerId: id,
        evidence,
        stale: details.stale.has(i),
        needsIdentity: !hasStrongKey(agent) || ambiguous.has(i) || evidence.tier === 4,
        canRunScripts: agent.source.canRunScripts,
      };
    });
  });

  computers.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    tenantId,
    computers,
    links,
    conflicts: collisionConflicts(collisions, list, computerOfAgent),
    duplicates,
    lifecycle,
    crossTenant: observeCrossTenant(list, sets, computerOfAgent, tenantId, ctx.plan.crossTenant),
  };
}

/** One observation per (cross-tenant key, computer) of this tenant. */
function observeCrossTenant(
  list: readonly PreparedAgent[],
  sets: ClusterSets,
  computerOf: readonly string[],
  tenantId: string,
  values: IdentificationPlan['crossTenant'],
): CrossTenantObservation[] {
  if (values.uuid.size + values.serial.size + values.board.size === 0) return [];
  const out: CrossTenantObservation[] = [];
  const seen = new Set<string>();
  const observe = (kind: keyof typeof RANK, value: string, i: number): void => {
    const key = `${kind}=${value}`;
    const computerId = computerOf[i] as string;
    if (seen.has(`${key}\u0000${computerId}`)) return;
    seen.add(`${key}\u0000${computerId}`);
    out.push({ key, rank: RANK[kind], tenantId, computerId, claims: { ...sets.claimsOf(sets.find(i)), pin: undefined, online: [] } });
  };
  // Plain checks per kind: this visits every agent of the fleet, where a loop over the kinds
  // with keyed property reads is a cost that grows with it.
  for (let i = 0; i < list.length; i++) {
    const agent = list[i] as PreparedAgent;
    if (agent.uuid !== undefined && values.uuid.has(agent.uuid)) observe('uuid', agent.uuid, i);
    if (agent.serial !== undefined && values.serial.has(agent.serial)) observe('serial', agent.serial, i);
    if (agent.board !== undefined && values.board.has(agent.board)) observe('board', agent.board, i);
  }
  return out;
}
