/**
 * Retiring duplicate agents: when one machine has several agents in one RMM (a reinstall left
 * the old one behind), the older ones are recommended for deletion through the RMM's
 * DeleteAgent, where the integration offers it. A plan is a preview; applying it always asks
 * the RMM for a dry run first, and only then deletes.
 */
import type { DeleteAgentResult } from '../capabilities/delete-agent.js';
import type { AgentRef } from '../store/computer-repository.js';
import type { Store } from '../store/store.js';
import { LinkFlags } from './evidence-codec.js';

/** One agent to retire. `action` is `delete-agent` when the integration offers DeleteAgent. */
export interface RetirementStep {
  computerId: string;
  agent: AgentRef;
  /** The agent of the same RMM that stays. */
  keep: AgentRef | undefined;
  action: 'delete-agent' | 'manual';
  reason: string;
}

export interface RetirementPlan {
  createdAt: string;
  steps: RetirementStep[];
}

export interface RetirementOutcome {
  step: RetirementStep;
  preview?: DeleteAgentResult | undefined;
  result?: DeleteAgentResult | undefined;
  error?: string | undefined;
}

/** The host's DeleteAgent for one agent of one integration. */
export type DeleteAgentCall = (agent: AgentRef, options: { dryRun: boolean }) => Promise<DeleteAgentResult>;

/** Builds the plan from the stored links: every stale agent, with the agent that stays. */
export function planRetirement(store: Store, supportsDeleteAgent: (integrationId: string) => boolean, at: string): RetirementPlan {
  const { links } = store.computers.loadAll();
  const byComputer = new Map<string, typeof links>();
  for (const link of links) {
    const list = byComputer.get(link.computerId);
    if (list === undefined) byComputer.set(link.computerId, [link]);
    else list.push(link);
  }
  const steps: RetirementStep[] = [];
  for (const [computerId, list] of byComputer) {
    for (const link of list) {
      if ((link.flags & LinkFlags.stale) === 0) continue;
      const keep = list.find((l) => l.integrationId === link.integrationId && (l.flags & LinkFlags.stale) === 0);
      steps.push({
        computerId,
        agent: { integrationId: link.integrationId, agentId: link.agentId },
        keep: keep === undefined ? undefined : { integrationId: keep.integrationId, agentId: keep.agentId },
        action: supportsDeleteAgent(link.integrationId) ? 'delete-agent' : 'manual',
        reason: `older agent of ${computerId} in ${link.integrationId}${keep ? `, superseded by ${keep.agentId}` : ''}`,
      });
    }
  }
  steps.sort((a, b) => (a.computerId < b.computerId ? -1 : a.computerId > b.computerId ? 1 : a.agent.agentId < b.agent.agentId ? -1 : 1));
  return { createdAt: at, steps };
}

/**
 * Applies the `delete-agent` steps of a plan: a dry run per agent, then (unless `dryRun`) the
 * deletion, each audited. Steps whose preview fails are not applied.
 */
export async function applyRetirement(store: Store, plan: RetirementPlan, deleteAgent: DeleteAgentCall, options: { dryRun: boolean; actor: string }): Promise<RetirementOutcome[]> {
  const outcomes: RetirementOutcome[] = [];
  for (const step of plan.steps) {
    if (step.action !== 'delete-agent') continue;
    const subject = `agent:${step.agent.integrationId}/${step.agent.agentId}`;
    try {
      const preview = await deleteAgent(step.agent, { dryRun: true });
      store.audit.append({ actor: options.actor, action: 'agent:retire-preview', subject, details: { computerId: step.computerId, message: preview.message } });
      if (options.dryRun) {
        outcomes.push({ step, preview });
        continue;
      }
      const result = await deleteAgent(step.agent, { dryRun: false });
      store.audit.append({ actor: options.actor, action: 'agent:retire', subject, reason: step.reason, details: { computerId: step.computerId, applied: result.applied, message: result.message } });
      outcomes.push({ step, preview, result });
    } catch (cause) {
      const message = (cause as Error).message;
      store.audit.append({ actor: options.actor, action: 'agent:retire-failed', subject, details: { computerId: step.computerId, error: message } });
      outcomes.push({ step, error: message });
    }
  }
  return outcomes;
}
