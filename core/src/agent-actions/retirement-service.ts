/**
 * Retiring stale duplicate agents: the plan comes from the stored identification (see
 * {@link planRetirement}); applying it goes through the host's DeleteAgent, a dry run first,
 * then the deletion. Each step is audited; a retirement the RMM confirmed is also written to
 * the computer's timeline. A failed delete is recorded as failed, never as done.
 *
 * | command | method |
 * |---|---|
 * | `rmm-hub agents retire [--json]` (preview) | {@link AgentRetirementService.plan} |
 * | `rmm-hub agents retire --apply` | {@link AgentRetirementService.apply} |
 */
import type { DeleteAgentResult } from '../capabilities/delete-agent.js';
import { LinkFlags } from '../identification/evidence-codec.js';
import type { AgentRef } from '../identification/model/agent-records.js';
import type { Store } from '../store/store.js';
import { errorText, newActionId, recordDone, type AgentActionOutcomeStatus } from './agent-action.js';
import { planRetirement, type AgentState, type ComputerAgents, type RetirementPlan, type RetirementStep } from './retirement-planner.js';

/** The host's DeleteAgent, routed to the agent's own integration. */
export type DeleteAgentCall = (agent: AgentRef, options: { dryRun: boolean }) => Promise<DeleteAgentResult>;

export interface AgentRetirementOptions {
  store: Store;
  deleteAgent: DeleteAgentCall;
  /** Whether an integration offers DeleteAgent. */
  canDelete: (integrationId: string) => boolean;
  now?: () => Date;
}

export interface RetirementOutcome {
  step: RetirementStep;
  status: AgentActionOutcomeStatus;
  /** What the RMM said (dry run, then deletion), or why nothing was done. */
  message: string;
  /** The action id in the audit log and the timeline. */
  actionId?: string | undefined;
}

/** The default: a month offline before a reinstalled agent is retired. */
export const DEFAULT_MIN_OFFLINE_DAYS = 30;

export class AgentRetirementService {
  private readonly store: Store;
  private readonly deleteAgent: DeleteAgentCall;
  private readonly canDelete: (integrationId: string) => boolean;
  private readonly now: () => Date;

  constructor(options: AgentRetirementOptions) {
    this.store = options.store;
    this.deleteAgent = options.deleteAgent;
    this.canDelete = options.canDelete;
    this.now = options.now ?? (() => new Date());
  }

  /** The agents to retire and the stale agents held back, with reasons. Changes nothing. */
  async plan(options: { minOfflineDays?: number; integrationId?: string } = {}): Promise<RetirementPlan> {
    const plan = planRetirement(await this.computersWithStaleAgents(), {
      now: this.now().toISOString(),
      minOfflineDays: options.minOfflineDays ?? DEFAULT_MIN_OFFLINE_DAYS,
      canDelete: this.canDelete,
    });
    if (options.integrationId === undefined) return plan;
    const only = options.integrationId;
    return { ...plan, steps: plan.steps.filter((s) => s.agent.integrationId === only), held: plan.held.filter((h) => h.agent.integrationId === only) };
  }

  /**
   * Applies the `delete-agent` steps of a reviewed plan. Each step is checked again against a
   * fresh plan first (an agent that came back online since the preview is skipped), then
   * dry-run, then deleted.
   */
  async apply(plan: RetirementPlan, options: { actor: string }): Promise<RetirementOutcome[]> {
    const fresh = await this.plan({ minOfflineDays: plan.minOfflineDays });
    const stillSafe = new Set(fresh.steps.filter((s) => s.action === 'delete-agent').map((s) => keyOf(s.agent)));
    const heldNow = new Map(fresh.held.map((h) => [keyOf(h.agent), h.reason]));
    const outcomes: RetirementOutcome[] = [];
    for (const step of plan.steps) {
      if (step.action !== 'delete-agent') {
        outcomes.push({ step, status: 'manual', message: `${step.agent.integrationId} cannot delete agents through its API: retire it in the RMM's console` });
        continue;
      }
      if (!stillSafe.has(keyOf(step.agent))) {
        outcomes.push({ step, status: 'skipped', message: `no longer safe to retire: ${heldNow.get(keyOf(step.agent)) ?? 'it is gone or no longer stale'}` });
        continue;
      }
      outcomes.push(await this.retire(step, options.actor));
    }
    return outcomes;
  }

  private async retire(step: RetirementStep, actor: string): Promise<RetirementOutcome> {
    const actionId = newActionId('retire');
    const subject = `agent:${keyOf(step.agent)}`;
    const details = { actionId, computerId: step.computerId, keep: step.keep.agentId };
    let preview: DeleteAgentResult;
    try {
      preview = await this.deleteAgent(step.agent, { dryRun: true });
      await this.store.audit.append({ actor, action: 'agent:retire-preview', subject, reason: step.reason, details: { ...details, message: preview.message } });
      const result = await this.deleteAgent(step.agent, { dryRun: false });
      if (!result.applied) throw new Error(`the RMM did not delete it: ${result.message}`);
      const at = this.now().toISOString();
      await recordDone(this.store, { actor, at, action: 'agent:retire', subject, reason: step.reason, details: { ...details, message: result.message } }, {
        computerId: step.computerId,
        kind: 'agent-retired',
        opId: actionId,
        summary: `retired ${keyOf(step.agent)} (${step.agent.hostname}), a stale duplicate of ${step.keep.agentId}, by ${actor}`,
        details: { ...details, agent: step.agent, reason: step.reason, message: result.message },
      }, () => this.markRetired(step.agent, at));
      return { step, status: 'done', message: result.message, actionId };
    } catch (cause) {
      const message = errorText(cause);
      await this.store.audit.append({ actor, action: 'agent:retire-failed', subject, reason: step.reason, details: { ...details, error: message } });
      return { step, status: 'failed', message, actionId };
    }
  }

  /**
   * The RMM deleted the agent: it is gone now, not at the next sync, so the plan stops offering
   * it. (markGone after a listing of its client in which every other live agent was seen.)
   */
  private async markRetired(agent: AgentRef, at: string): Promise<void> {
    const stored = await this.store.agents.get(agent.integrationId, agent.agentId);
    if (stored === undefined || stored.goneAt !== undefined) return;
    const others = new Set<string>();
    for await (const a of this.store.agents.iterate({ integrationId: agent.integrationId, clientIds: [stored.clientId] })) if (a.id !== agent.agentId) others.add(a.id);
    await this.store.agents.markGone(agent.integrationId, [stored.clientId], others, at);
  }

  /** Computers with at least one stale link, each with every agent's state from the store. */
  private async computersWithStaleAgents(): Promise<ComputerAgents[]> {
    const { links } = await this.store.computers.loadAll();
    const staleComputers = new Set(links.filter((l) => (l.flags & LinkFlags.stale) !== 0).map((l) => l.computerId));
    const byComputer = new Map<string, AgentState[]>();
    for (const link of links) {
      if (!staleComputers.has(link.computerId)) continue;
      const agent = await this.store.agents.get(link.integrationId, link.agentId);
      const state: AgentState = {
        integrationId: link.integrationId,
        agentId: link.agentId,
        hostname: agent?.hostname ?? '?',
        online: agent?.online ?? false,
        lastSeen: agent?.lastSeen,
        stale: (link.flags & LinkFlags.stale) !== 0,
        gone: agent === undefined || agent.goneAt !== undefined,
      };
      const list = byComputer.get(link.computerId);
      if (list === undefined) byComputer.set(link.computerId, [state]);
      else list.push(state);
    }
    const computers: ComputerAgents[] = [];
    for (const [computerId, agents] of byComputer) {
      computers.push({ computerId, tenantId: (await this.store.computers.get(computerId))?.tenantId ?? '', agents });
    }
    return computers;
  }
}

function keyOf(agent: AgentRef): string {
  return `${agent.integrationId}/${agent.agentId}`;
}
