/**
 * `hub.agents`: the actions that fix, in the RMMs themselves, what identification found —
 * retiring stale duplicate agents, moving misfiled ones, issuing installers. Each change is
 * planned first (a preview that changes nothing) and applied only on request.
 */
import type { AgentInstaller, AgentInstallerService, AgentMoveService, AgentPlatform, AgentRetirementService, MoveOutcome, MovePlan, MoveReport, RetirementOutcome, RetirementPlan } from '@rmm-hub/core';

/** Who acts, for the audit log. */
export interface Actor {
  /** A user name, or `system:...` for automation. */
  actor: string;
}

/** Agent actions: retire, move, undo a move, issue an installer. */
export class HubAgents {
  /** @internal Built by RmmHub. */
  constructor(private readonly services: { retirement: AgentRetirementService; moves: AgentMoveService; installers: AgentInstallerService }) {}

  /** The stale agents of reinstalled machines that {@link HubAgents.retire} would delete. Changes nothing. */
  planRetirement(options: { minOfflineDays?: number; integrationId?: string } = {}): RetirementPlan {
    return this.services.retirement.plan(options);
  }

  /** Deletes each planned agent in its RMM; each outcome says done, skipped or failed, and why. */
  retire(plan: RetirementPlan, by: Actor): Promise<RetirementOutcome[]> {
    return this.services.retirement.apply(plan, by);
  }

  /** The misfiled agents of cross-tenant conflicts that {@link HubAgents.move} would move. Changes nothing. */
  planMoves(options: { minPeers?: number } = {}): MovePlan {
    return this.services.moves.plan(options);
  }

  /** The move that settles one conflict as a person decided: its machine belongs to `toTenant`. */
  planMove(conflictId: string, toTenant: string, by: Actor): MovePlan {
    return this.services.moves.planFor(conflictId, toTenant, by.actor);
  }

  /** Moves each planned agent to its client, then identifies computers again. */
  move(plan: MovePlan, by: Actor): Promise<MoveReport> {
    return this.services.moves.apply(plan, by);
  }

  /** Moves an agent back where a move found it (the action id is in the computer's timeline). */
  undoMove(actionId: string, by: Actor): Promise<MoveOutcome> {
    return this.services.moves.undo(actionId, by);
  }

  /** An installer (download URL or registration token) for the RMM's agent, joining the given client. */
  installer(integrationId: string, clientId: string, platform: AgentPlatform, by: Actor): Promise<AgentInstaller> {
    return this.services.installers.issue(integrationId, clientId, platform, by);
  }
}
