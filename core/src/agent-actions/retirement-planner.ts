/**
 * Which duplicate agents to retire — a pure function of what identification found and what
 * the store knows of each agent. Identification marks the older agents of a reinstall as
 * stale; the planner only proposes deleting one when every safety rule holds:
 *
 * - it is offline, and has been for at least `minOfflineDays`;
 * - the computer keeps a live agent of the same integration that was seen after it;
 * - so it is never the only agent of its computer, and never an online one.
 *
 * Stale agents that fail a rule are listed as `held`, with the rule, so a person sees why.
 */
import type { AgentRef } from '../identification/model/agent-records.js';

/** One agent of a computer as the planner sees it. */
export interface AgentState extends AgentRef {
  hostname: string;
  online: boolean;
  lastSeen: string | undefined;
  /** Identification's verdict: an older agent of a reinstall. */
  stale: boolean;
  /** No longer in its RMM's listing: there is nothing left to delete. */
  gone: boolean;
}

export interface ComputerAgents {
  computerId: string;
  tenantId: string;
  agents: readonly AgentState[];
}

export interface RetirementPolicy {
  now: string;
  /** A stale agent must have been offline at least this long. */
  minOfflineDays: number;
  /** Whether the integration offers DeleteAgent. */
  canDelete: (integrationId: string) => boolean;
}

/** One agent to retire; `manual` when its integration cannot delete agents through its API. */
export interface RetirementStep {
  computerId: string;
  tenantId: string;
  agent: AgentRef & { hostname: string; lastSeen: string | undefined };
  /** The agent of the same integration that stays. */
  keep: AgentRef & { hostname: string; online: boolean; lastSeen: string | undefined };
  action: 'delete-agent' | 'manual';
  reason: string;
}

/** A stale agent the planner will not retire, and the rule that holds it. */
export interface HeldAgent {
  computerId: string;
  agent: AgentRef;
  reason: string;
}

export interface RetirementPlan {
  createdAt: string;
  minOfflineDays: number;
  steps: RetirementStep[];
  held: HeldAgent[];
}

const DAY_MS = 86_400_000;

export function planRetirement(computers: Iterable<ComputerAgents>, policy: RetirementPolicy): RetirementPlan {
  const now = Date.parse(policy.now);
  const steps: RetirementStep[] = [];
  const held: HeldAgent[] = [];
  for (const { computerId, tenantId, agents } of computers) {
    for (const agent of agents) {
      if (!agent.stale || agent.gone) continue;
      const ref = { integrationId: agent.integrationId, agentId: agent.agentId };
      const hold = (reason: string): void => {
        held.push({ computerId, agent: ref, reason });
      };
      if (agent.online) {
        hold('online: an agent that still reports in is never retired');
        continue;
      }
      const keep = newestLiveAgent(agents, agent);
      if (keep === undefined) {
        hold(`no other live agent of this computer in ${agent.integrationId}: it would leave the computer without one`);
        continue;
      }
      if (agent.lastSeen === undefined) {
        hold('last contact unknown: cannot tell how long it has been offline');
        continue;
      }
      if (!keep.online && !(keep.lastSeen !== undefined && keep.lastSeen > agent.lastSeen)) {
        hold(`not older than ${keep.agentId}, the agent that would stay`);
        continue;
      }
      const offlineDays = Math.floor((now - Date.parse(agent.lastSeen)) / DAY_MS);
      if (offlineDays < policy.minOfflineDays) {
        hold(`offline for ${offlineDays} days, under the ${policy.minOfflineDays} required`);
        continue;
      }
      steps.push({
        computerId,
        tenantId,
        agent: { ...ref, hostname: agent.hostname, lastSeen: agent.lastSeen },
        keep: { integrationId: keep.integrationId, agentId: keep.agentId, hostname: keep.hostname, online: keep.online, lastSeen: keep.lastSeen },
        action: policy.canDelete(agent.integrationId) ? 'delete-agent' : 'manual',
        reason: `reinstalled: offline for ${offlineDays} days, superseded by ${keep.agentId} (${keep.online ? 'online' : `last seen ${keep.lastSeen}`})`,
      });
    }
  }
  const order = (a: { computerId: string; agent: AgentRef }, b: { computerId: string; agent: AgentRef }): number =>
    compare(a.computerId, b.computerId) || compare(a.agent.integrationId, b.agent.integrationId) || compare(a.agent.agentId, b.agent.agentId);
  return { createdAt: policy.now, minOfflineDays: policy.minOfflineDays, steps: steps.sort(order), held: held.sort(order) };
}

/** The live, non-stale agent of the same integration that speaks for the machine now. */
function newestLiveAgent(agents: readonly AgentState[], stale: AgentState): AgentState | undefined {
  let best: AgentState | undefined;
  for (const a of agents) {
    if (a === stale || a.stale || a.gone || a.integrationId !== stale.integrationId) continue;
    if (best === undefined || (a.online && !best.online) || (a.online === best.online && (a.lastSeen ?? '') > (best.lastSeen ?? ''))) best = a;
  }
  return best;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
