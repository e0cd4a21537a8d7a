/**
 * The computer-identification engine: agents of linked clients in, computers out. Pure and
 * deterministic — the same agents (in any order) and the same prior state give the same
 * computers, ids, evidence and conflicts — so it can be property-tested and re-run freely;
 * the service around it does the persistence.
 */
import { hasStrongKey, prepareAgents, type PreparedAgent } from './agent-keys.js';
import { assignComputerIds } from './computer-ids.js';
import { crossTenantConflicts, collisionConflicts } from './conflict-detection.js';
import { clusterDetails } from './cluster-details.js';
import { IdentificationConfig, type IdentificationConfigInput } from './identification.config.js';
import type { AgentLinkResult, ComputerResult, DuplicateAgents, IdentificationAgent, IdentificationResult, LifecycleEvent, PriorState } from './identification.types.js';
import { KnownBadRegistry } from './known-bad-registry.js';
import { ClusterSets } from './tiers/cluster-sets.js';
import { matchTiers } from './tiers/tier-matching.js';

/** What the engine needs besides the agents. */
export interface IdentifyOptions {
  /** Defaults to the shipped catalogue with no override. */
  registry?: KnownBadRegistry;
  /** Only `quarantineThreshold` and `trustedVendors` matter to the engine. */
  config?: IdentificationConfigInput | IdentificationConfig;
  /** The previous run's links, computers and pins; omit for a first run. */
  prior?: PriorState;
}

const EMPTY_PRIOR: PriorState = { links: new Map(), computers: new Map(), pins: new Map() };

/**
 * Identifies the computers behind `agents`.
 *
 * @example
 * const result = identifyComputers(agents, { registry: KnownBadRegistry.load({ overrideFile }) });
 * for (const conflict of result.conflicts) console.log(conflict.kind, conflict.computerIds);
 */
export function identifyComputers(agents: readonly IdentificationAgent[], options: IdentifyOptions = {}): IdentificationResult {
  const registry = options.registry ?? KnownBadRegistry.create();
  const config = IdentificationConfig.parse(options.config ?? {});
  const prior = options.prior ?? EMPTY_PRIOR;
  const trustedVendors = new Set(config.trustedVendors.map((v) => v.toUpperCase()));

  const preparedAgents = prepareAgents(agents, registry, config.quarantineThreshold);
  const { agents: prepared, quarantined } = preparedAgents;

  // Pins first: a person's decision (or an undo) holds agents together and apart, within a tenant.
  const pins = prepared.map((agent) => {
    const pin = prior.pins.get(agent.key);
    if (pin === undefined) return undefined;
    const pinned = prior.computers.get(pin);
    return pinned === undefined || pinned.tenantId === agent.tenantId ? pin : undefined;
  });
  const sets = new ClusterSets(prepared, pins);
  const pinAnchors = new Map<string, number>();
  pins.forEach((pin, index) => {
    if (pin === undefined) return;
    const anchorKey = `${(prepared[index] as PreparedAgent).tenantId}\u0000${pin}`;
    const anchor = pinAnchors.get(anchorKey);
    if (anchor === undefined) pinAnchors.set(anchorKey, index);
    else sets.union(anchor, index);
  });

  const { collisions, crossTenant } = matchTiers(preparedAgents, sets, trustedVendors);

  // Clusters in the order of their first agent, which is agent-key order.
  // Roots are agent indices, so a typed array (-1: not seen yet) does what a Map would.
  const clusterOfRoot = new Int32Array(prepared.length).fill(-1);
  const members: number[][] = [];
  for (let i = 0; i < prepared.length; i++) {
    const root = sets.find(i);
    const cluster = clusterOfRoot[root] as number;
    if (cluster < 0) {
      clusterOfRoot[root] = members.length;
      // A literal sized for the one agent most clusters keep (push onto [] reserves 17 slots).
      members.push([i]);
    } else (members[cluster] as number[]).push(i);
  }
  const ids = assignComputerIds(
    members.map((list) => ({ tenantId: (prepared[list[0] as number] as PreparedAgent).tenantId, members: list })),
    (i) => (prepared[i] as PreparedAgent).key,
    (key) => prior.pins.get(key) ?? prior.links.get(key),
    (id) => prior.computers.has(id),
  );
  const computerOfAgent = new Array<string>(prepared.length);
  members.forEach((list, cluster) => {
    for (const i of list) computerOfAgent[i] = ids[cluster] as string;
  });

  const ambiguous = new Set<number>();
  for (const collision of collisions) for (const i of collision.ambiguous) ambiguous.add(i);

  const computers: ComputerResult[] = [];
  const links = new Array<AgentLinkResult>(prepared.length);
  const duplicates: DuplicateAgents[] = [];
  const lifecycle: LifecycleEvent[] = [];
  members.forEach((list, cluster) => {
    const id = ids[cluster] as string;
    const details = clusterDetails(id, list, prepared, pins, trustedVendors, prior.computers.get(id));
    computers.push(details.computer);
    duplicates.push(...details.duplicates);
    if (details.lifecycle !== undefined) lifecycle.push(details.lifecycle);
    list.forEach((i, position) => {
      const agent = prepared[i] as PreparedAgent;
      const evidence = details.evidence[position] as AgentLinkResult['evidence'];
      links[i] = {
        key: agent.key,
        integrationId: agent.source.integrationId,
        agentId: agent.source.agentId,
        tenantId: agent.tenantId,
        computerId: id,
        evidence,
        stale: details.stale.has(i),
        needsIdentity: !hasStrongKey(agent) || ambiguous.has(i) || evidence.tier === 4,
        canRunScripts: agent.source.canRunScripts,
      };
    });
  });
  computers.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const conflicts = [
    ...collisionConflicts(collisions, prepared, computerOfAgent),
    ...crossTenantConflicts(crossTenant, prepared, sets, computerOfAgent),
  ].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  return { registryVersion: registry.version, computers, links, conflicts, duplicates, lifecycle, quarantined };
}
