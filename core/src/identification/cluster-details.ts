/**
 * What one cluster of agents says about its computer: each link's evidence, which agents are
 * stale duplicates of a reinstall, the display name, and whether the machine was wiped.
 */
import type { PreparedAgent } from './agent-keys.js';
import { ALONE_EVIDENCE } from './evidence-codec.js';
import { normaliseHostname } from './identifier-normaliser.js';
import type { ComputerResult, DuplicateAgents, LifecycleEvent, LinkEvidence, MatchTier, PriorComputer } from './identification.types.js';

/** The details of one computer; `evidence[k]` belongs to the k-th member. */
export interface ClusterDetails {
  computer: ComputerResult;
  evidence: LinkEvidence[];
  stale: ReadonlySet<number>;
  duplicates: readonly DuplicateAgents[];
  lifecycle: LifecycleEvent | undefined;
}

/** Shared by every one-agent computer (most of them): it has no stale agents and no duplicates. */
const NO_STALE: ReadonlySet<number> = new Set();
const NO_DUPLICATES: readonly DuplicateAgents[] = [];

const TIER_SCORE: Record<MatchTier, number> = { 0: 0, 1: 1, 2: 0.9, 3: 0.85, 4: 0.6 };

export function clusterDetails(
  id: string,
  members: readonly number[],
  agents: readonly PreparedAgent[],
  pins: readonly (string | undefined)[],
  trustedVendors: ReadonlySet<string>,
  prior: PriorComputer | undefined,
): ClusterDetails {
  if (members.length === 1) {
    // The common case, without the sorting and grouping a cluster of several agents needs.
    const agent = agents[members[0] as number] as PreparedAgent;
    const alone = [agent];
    const computer: ComputerResult = { id, tenantId: agent.tenantId, name: agent.source.hostname, osInstallDate: agent.source.osInstallDate, agentKeys: [agent.key] };
    return { computer, evidence: [aloneEvidence(agent, pins)], stale: NO_STALE, duplicates: NO_DUPLICATES, lifecycle: wipe(id, alone, prior) };
  }
  const list = members.map((i) => agents[i] as PreparedAgent);
  const recent = list.length === 1 ? list : [...list].sort(byRecency);
  const newest = recent[0] as PreparedAgent;
  let osInstallDate: string | undefined;
  for (const agent of list) {
    const date = agent.source.osInstallDate;
    if (date !== undefined && (osInstallDate === undefined || date > osInstallDate)) osInstallDate = date;
  }
  const computer: ComputerResult = { id, tenantId: newest.tenantId, name: newest.source.hostname, osInstallDate, agentKeys: list.map((a) => a.key) };
  const evidence = list.length === 1 ? [aloneEvidence(list[0] as PreparedAgent, pins)] : sharedEvidence(list, pins, trustedVendors);

  const stale = new Set<number>();
  const duplicates: DuplicateAgents[] = [];
  if (list.length > 1) {
    const byIntegration = new Map<string, PreparedAgent[]>();
    for (const agent of recent) {
      const group = byIntegration.get(agent.source.integrationId);
      if (group === undefined) byIntegration.set(agent.source.integrationId, [agent]);
      else group.push(agent);
    }
    for (const [integrationId, group] of byIntegration) {
      if (group.length < 2) continue;
      const [keep, ...retire] = group as [PreparedAgent, ...PreparedAgent[]];
      for (const agent of retire) stale.add(agent.index);
      duplicates.push({ computerId: id, integrationId, keep: ref(keep), retire: retire.map(ref) });
    }
    duplicates.sort((a, b) => (a.integrationId < b.integrationId ? -1 : 1));
  }
  return { computer, evidence, stale, duplicates, lifecycle: wipe(id, recent, prior) };
}

/** Online first, then most recently seen, then by key: the agent that speaks for the machine now. */
function byRecency(a: PreparedAgent, b: PreparedAgent): number {
  if (a.source.online !== b.source.online) return a.source.online ? -1 : 1;
  const al = a.source.lastSeen ?? '';
  const bl = b.source.lastSeen ?? '';
  if (al !== bl) return al > bl ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function ref(agent: PreparedAgent): { integrationId: string; agentId: string } {
  return { integrationId: agent.source.integrationId, agentId: agent.source.agentId };
}

function aloneEvidence(agent: PreparedAgent, pins: readonly (string | undefined)[]): LinkEvidence {
  const pinned = pins[agent.index] !== undefined;
  if (!pinned && agent.registryHits.length === 0) return ALONE_EVIDENCE;
  return { tier: 0, score: pinned ? 1 : 0, keys: [], support: [], registryHits: agent.registryHits, pinned };
}

const KEYS: string[] = [];
const SUPPORT: string[] = [];

function sharedEvidence(list: readonly PreparedAgent[], pins: readonly (string | undefined)[], trustedVendors: ReadonlySet<string>): LinkEvidence[] {
  // Clusters are small (two to a handful of agents): counting by scanning the others beats a Map.
  const shares = (test: (other: PreparedAgent) => boolean, self: PreparedAgent): boolean => {
    for (const other of list) if (other !== self && test(other)) return true;
    return false;
  };
  return list.map((agent) => {
    // Built in shared scratch arrays and copied out at their exact size: these survive the run
    // (they are the evidence), and an array grown by push() from [] reserves 17 slots.
    const keys = KEYS;
    keys.length = 0;
    if (agent.uuid !== undefined && shares((o) => o.uuidId === agent.uuidId, agent)) keys.push(`uuid=${agent.uuid}`);
    if (agent.serial !== undefined && shares((o) => o.serialId === agent.serialId, agent)) keys.push(`serial=${agent.serial}`);
    if (agent.board !== undefined && shares((o) => o.boardId === agent.boardId, agent)) keys.push(`board=${agent.board}`);
    const support = SUPPORT;
    support.length = 0;
    if (agent.host !== '' && shares((o) => o.host === agent.host, agent)) support.push(`hostname=${agent.host}`);
    agent.macIds.forEach((mac, k) => {
      if (shares((o) => o.macIds.includes(mac), agent)) support.push(`mac=${agent.macs[k] as string}`);
    });
    let tier: MatchTier = 0;
    if (keys.length > 0) {
      const first = keys[0] as string;
      tier = first.startsWith('uuid=') ? 1 : first.startsWith('serial=') ? 2 : 3;
    } else if (support.length > 1 && support[0]?.startsWith('hostname=')) tier = 4;
    const pinned = pins[agent.index] !== undefined;
    let score = TIER_SCORE[tier];
    if (tier === 2 && trustedVendors.has(agent.vendor ?? '')) score = 0.95;
    if (tier >= 2) score = Math.min(0.99, score + 0.02 * support.length);
    if (pinned) score = 1;
    return { tier, score: Math.round(score * 100) / 100, keys: keys.slice(), support: support.slice(), registryHits: agent.registryHits, pinned };
  });
}

/**
 * A wipe: the same hardware with a newer OS install date under another hostname — seen between
 * two agents of this run (the old one still listed) or against what the previous run recorded.
 */
function wipe(id: string, recent: readonly PreparedAgent[], prior: PriorComputer | undefined): LifecycleEvent | undefined {
  let current: PreparedAgent | undefined;
  for (const agent of recent) {
    const date = agent.source.osInstallDate;
    if (date !== undefined && (current === undefined || date > (current.source.osInstallDate as string))) current = agent;
  }
  if (current === undefined) return undefined;
  const date = current.source.osInstallDate as string;
  let before: PreparedAgent | undefined;
  for (const agent of recent) {
    const other = agent.source.osInstallDate;
    if (other === undefined || other >= date || agent.host === current.host) continue;
    if (before === undefined || other > (before.source.osInstallDate as string)) before = agent;
  }
  if (before !== undefined) {
    return {
      computerId: id,
      event: 'wiped',
      osInstallDate: date,
      hostname: current.source.hostname,
      previousOsInstallDate: before.source.osInstallDate,
      previousHostname: before.source.hostname,
    };
  }
  if (prior?.osInstallDate !== undefined && prior.osInstallDate < date && prior.hostname !== undefined && normaliseHostname(prior.hostname) !== current.host) {
    return { computerId: id, event: 'wiped', osInstallDate: date, hostname: current.source.hostname, previousOsInstallDate: prior.osInstallDate, previousHostname: prior.hostname };
  }
  return undefined;
}
