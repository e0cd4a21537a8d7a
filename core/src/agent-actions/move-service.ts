/**
 * Moving misfiled agents: the plan comes from the open cross-tenant conflicts (see
 * {@link planMoves}), or from a person's choice of tenant for one conflict; applying it goes
 * through the host's MoveAgent, then lists the target client to confirm the agent is there,
 * stores what the RMM now reports and identifies again — which closes the conflict when the
 * move was right. Each move is audited and written to the computer's timeline, and can be
 * moved back with {@link AgentMoveService.undo}. A move the RMM refused or did not carry out
 * is recorded as failed, never as done.
 *
 * | command | method |
 * |---|---|
 * | `rmm-hub agents move [--conflict <id> --to-tenant <t>] [--json]` (preview) | {@link AgentMoveService.plan}, {@link AgentMoveService.planFor} |
 * | `rmm-hub agents move … --apply` | {@link AgentMoveService.apply} |
 * | `rmm-hub agents move-undo <actionId>` | {@link AgentMoveService.undo} |
 */
import type { RmmAgent } from '../capabilities/agent.schema.js';
import { NotFoundError } from '../errors/index.js';
import { LinkFlags } from '../identification/evidence-codec.js';
import type { AgentRef } from '../identification/model/agent-records.js';
import type { Store } from '../store/store.js';
import { errorText, newActionId, recordDone, type AgentActionOutcomeStatus } from './agent-action.js';
import { namingStem, planMoves, stepsFor, type ConflictSide, type CrossTenantConflict, type MovePlan, type MoveStep } from './move-planner.js';

/** The host's MoveAgent, routed to the agent's own integration. */
export type MoveAgentCall = (agent: AgentRef, targetClientId: string) => Promise<void>;
/** Lists `clientId` in the agent's integration and returns the agent if it is there. */
export type FindAgentCall = (agent: AgentRef, clientId: string) => Promise<RmmAgent | undefined>;

export interface AgentMoveOptions {
  store: Store;
  moveAgent: MoveAgentCall;
  findAgent: FindAgentCall;
  canMove: (integrationId: string) => boolean;
  /** Identifies again after moves (the identification service's `run`). */
  reidentify: () => Promise<unknown>;
  now?: () => Date;
}

export interface MoveOutcome {
  step: MoveStep;
  status: AgentActionOutcomeStatus;
  message: string;
  actionId?: string | undefined;
}

export interface MoveReport {
  outcomes: MoveOutcome[];
  /** Whether identification ran again after the moves. */
  reidentified: boolean;
}

/** The default: a naming stem shared by at least three machines of the other tenant. */
export const DEFAULT_MIN_PEERS = 3;

export class AgentMoveService {
  private readonly store: Store;
  private readonly options: AgentMoveOptions;
  private readonly now: () => Date;

  constructor(options: AgentMoveOptions) {
    this.store = options.store;
    this.options = options;
    this.now = options.now ?? (() => new Date());
  }

  /** Moves the evidence supports, and conflicts held for a person. Changes nothing. */
  async plan(options: { minPeers?: number } = {}): Promise<MovePlan> {
    const stems = await this.stemCounts();
    const { usesIntegration, clientsOf } = await this.tenantClients();
    return planMoves(await this.conflicts(), {
      now: this.now().toISOString(),
      minPeers: options.minPeers ?? DEFAULT_MIN_PEERS,
      namesWithStem: (tenantId, stem) => stems.get(tenantId)?.get(stem) ?? 0,
      usesIntegration,
      clientsOf,
      canMove: this.options.canMove,
    });
  }

  /** A person's decision: every side of the conflict not under `toTenant` moves there. */
  async planFor(conflictId: string, toTenant: string, actor: string): Promise<MovePlan> {
    const conflict = (await this.conflicts()).find((c) => c.id === conflictId);
    if (conflict === undefined) {
      throw new NotFoundError(`no open cross-tenant conflict "${conflictId}"`, { hint: 'List them with `rmm-hub computers --conflicts`.' });
    }
    if (!conflict.sides.some((s) => s.tenantId === toTenant)) {
      throw new NotFoundError(`tenant "${toTenant}" is not part of conflict ${conflictId}`, { hint: `Choose one of: ${[...new Set(conflict.sides.map((s) => s.tenantId))].join(', ')}.` });
    }
    const steps: MoveStep[] = [];
    const held: MovePlan['held'] = [];
    const { clientsOf } = await this.tenantClients();
    for (const side of conflict.sides) {
      if (side.tenantId === toTenant) continue;
      const planned = stepsFor(conflict, side, toTenant, `${actor} chose tenant ${toTenant}`, { clientsOf, canMove: this.options.canMove });
      if (typeof planned === 'string') held.push({ conflictId, reason: planned });
      else steps.push(...planned);
    }
    return { createdAt: this.now().toISOString(), steps, held };
  }

  /** Applies the `move-agent` steps, then identifies again if any move was done. */
  async apply(plan: MovePlan, options: { actor: string }): Promise<MoveReport> {
    const outcomes: MoveOutcome[] = [];
    for (const step of plan.steps) {
      if (step.action !== 'move-agent') {
        outcomes.push({ step, status: 'manual', message: `${step.agent.integrationId} cannot move agents through its API: move it in the RMM's console` });
        continue;
      }
      const stored = await this.store.agents.get(step.agent.integrationId, step.agent.agentId);
      if (stored === undefined || stored.goneAt !== undefined || stored.clientId !== step.from.clientId) {
        outcomes.push({ step, status: 'skipped', message: 'the agent is no longer where the plan found it' });
        continue;
      }
      outcomes.push(await this.move(step, options.actor));
    }
    const reidentified = outcomes.some((o) => o.status === 'done');
    if (reidentified) await this.options.reidentify();
    return { outcomes, reidentified };
  }

  /** Moves an agent back where a move found it, and identifies again. */
  async undo(actionId: string, options: { actor: string }): Promise<MoveOutcome> {
    const entry = (await this.store.audit.list({ action: 'agent:move' })).find((e) => e.details['actionId'] === actionId);
    if (entry === undefined) throw new NotFoundError(`no applied move "${actionId}"`, { hint: "Find the id in the computer's timeline (`rmm-hub computer <id> --timeline`)." });
    if ((await this.store.audit.list({ action: 'agent:move' })).some((e) => e.details['undoes'] === actionId)) {
      throw new NotFoundError(`move ${actionId} was already undone`, { hint: "See the computer's timeline." });
    }
    const done = entry.details['step'] as MoveStep;
    const back: MoveStep = {
      ...done,
      from: { tenantId: done.to.tenantId, clientId: done.to.clientId, siteId: undefined },
      // Back to the exact location or site it came from, where the RMM has one.
      to: { tenantId: done.from.tenantId, clientId: done.from.siteId ?? done.from.clientId },
      action: 'move-agent',
      reason: `undo of ${actionId}`,
    };
    const outcome = await this.move(back, options.actor, actionId);
    if (outcome.status === 'done') await this.options.reidentify();
    return outcome;
  }

  private async move(step: MoveStep, actor: string, undoes?: string): Promise<MoveOutcome> {
    const actionId = newActionId('move');
    const subject = `agent:${step.agent.integrationId}/${step.agent.agentId}`;
    const details = { actionId, computerId: step.computerId, conflictId: step.conflictId, step, ...(undoes ? { undoes } : {}) };
    try {
      await this.options.moveAgent(step.agent, step.to.clientId);
      const listed = await this.options.findAgent(step.agent, step.to.clientId);
      if (listed === undefined) throw new Error(`the RMM accepted the move but does not list the agent under ${step.to.clientId}`);
      // A move changes the client, not the hardware: keep the identity known when the listing leaves it out.
      const found = { ...listed, identity: listed.identity ?? (await this.store.agents.get(step.agent.integrationId, step.agent.agentId))?.identity ?? { macAddresses: [] } };
      const at = this.now().toISOString();
      await recordDone(
        this.store,
        { actor, at, action: 'agent:move', subject, reason: step.reason, details },
        {
          computerId: step.computerId,
          kind: 'agent-moved',
          opId: actionId,
          summary: `moved ${step.agent.integrationId}/${step.agent.agentId} (${step.agent.hostname}) from client ${step.from.clientId} to ${step.to.clientId} (tenant ${step.to.tenantId}) by ${actor}`,
          details: { ...details, undo: `rmm-hub agents move-undo ${actionId}` },
        },
        async () => await this.store.agents.upsertMany(step.agent.integrationId, [found], at),
      );
      return { step, status: 'done', message: `moved to ${step.to.clientId}`, actionId };
    } catch (cause) {
      const message = errorText(cause);
      await this.store.audit.append({ actor, action: 'agent:move-failed', subject, reason: step.reason, details: { ...details, error: message } });
      return { step, status: 'failed', message, actionId };
    }
  }

  /** Open cross-tenant conflicts, each side with its live, current agents. */
  private async conflicts(): Promise<CrossTenantConflict[]> {
    const conflicts: CrossTenantConflict[] = [];
    for (const c of await this.store.computers.listConflicts({ status: 'open' })) {
      if (c.kind !== 'cross-tenant') continue;
      const sides: ConflictSide[] = [];
      for (const id of c.computerIds) {
        const side = await this.side(id);
        if (side !== undefined) sides.push(side);
      }
      conflicts.push({ id: c.id, key: c.key, sides });
    }
    return conflicts;
  }

  private async side(computerId: string): Promise<ConflictSide | undefined> {
    const computer = await this.store.computers.get(computerId);
    if (computer === undefined) return undefined;
    const agents: ConflictSide['agents'][number][] = [];
    for (const link of await this.store.computers.linksOf(computerId)) {
      // A stale agent of a reinstall is retired, not moved: only the live ones follow the machine.
      if ((link.flags & LinkFlags.stale) !== 0) continue;
      const agent = await this.store.agents.get(link.integrationId, link.agentId);
      if (agent === undefined || agent.goneAt !== undefined) continue;
      agents.push({ integrationId: link.integrationId, agentId: link.agentId, clientId: agent.clientId, siteId: agent.siteId, hostname: agent.hostname, online: agent.online, lastSeen: agent.lastSeen });
    }
    return { computerId, tenantId: computer.tenantId, name: computer.name, agents };
  }

  /** Per tenant, how many active computers carry each naming stem. */
  private async stemCounts(): Promise<Map<string, Map<string, number>>> {
    const counts = new Map<string, Map<string, number>>();
    for (const computer of await this.store.computers.list()) {
      const stem = namingStem(computer.name);
      if (stem === '') continue;
      const perTenant = counts.get(computer.tenantId) ?? new Map<string, number>();
      perTenant.set(stem, (perTenant.get(stem) ?? 0) + 1);
      counts.set(computer.tenantId, perTenant);
    }
    return counts;
  }

  /**
   * Which integrations each tenant uses, and the clients of an integration linked to a tenant
   * (whole clients before sites, then by id): read once, for the planner to look up as it goes.
   */
  private async tenantClients(): Promise<{ usesIntegration: (tenantId: string, integrationId: string) => boolean; clientsOf: (integrationId: string, tenantId: string) => string[] }> {
    const links = await this.store.links.listLinks();
    const kindOf = new Map((await this.store.clients.list({ includeGone: true })).map((c) => [`${c.integrationId}\u0000${c.id}`, c.kind]));
    return {
      usesIntegration: (tenantId, integrationId) => links.some((l) => l.tenantId === tenantId && l.integrationId === integrationId),
      clientsOf: (integrationId, tenantId) => {
        const rankOf = (clientId: string): number => (['site', 'location'].includes(kindOf.get(`${integrationId}\u0000${clientId}`) ?? '') ? 1 : 0);
        return links
          .filter((l) => l.integrationId === integrationId && l.tenantId === tenantId)
          .map((l) => l.clientId)
          .sort((a, b) => rankOf(a) - rankOf(b) || (a < b ? -1 : a > b ? 1 : 0));
      },
    };
  }
}
