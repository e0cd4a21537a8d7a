/**
 * `hub.agents`: the actions that fix, in the RMMs themselves, what identification found —
 * retiring stale duplicate agents, moving misfiled ones, deploying a computer's missing agent,
 * issuing installers — and links to an agent's page in its RMM's console. Each change is
 * planned first (a preview that changes nothing) and applied only on request.
 */
import type {
  AgentDeployService,
  AgentInstaller,
  AgentInstallerService,
  AgentLinkService,
  AgentMoveService,
  AgentPlatform,
  AgentRef,
  AgentRetirementService,
  ComputerAgentLink,
  DeployOutcome,
  DeployPlan,
  DeployPreview,
  MoveOutcome,
  MovePlan,
  MoveReport,
  RetirementOutcome,
  RetirementPlan,
} from '@rmm-hub/core';

/** Who acts, for the audit log. */
export interface Actor {
  /** A user name, or `system:...` for automation. */
  actor: string;
}

/** Agent actions: retire, move, undo a move, deploy, issue an installer, link to the RMM's page. */
export class HubAgents {
  /** @internal Built by RmmHub. */
  constructor(
    private readonly services: {
      retirement: AgentRetirementService;
      moves: AgentMoveService;
      installers: AgentInstallerService;
      deploys: AgentDeployService;
      agentLinks: AgentLinkService;
    },
  ) {}

  /** The stale agents of reinstalled machines that {@link HubAgents.retire} would delete. Changes nothing. */
  async planRetirement(options: { minOfflineDays?: number; integrationId?: string } = {}): Promise<RetirementPlan> {
    return this.services.retirement.plan(options);
  }

  /** Deletes each planned agent in its RMM; each outcome says done, skipped or failed, and why. */
  async retire(plan: RetirementPlan, by: Actor): Promise<RetirementOutcome[]> {
    return this.services.retirement.apply(plan, by);
  }

  /** The misfiled agents of cross-tenant conflicts that {@link HubAgents.move} would move. Changes nothing. */
  async planMoves(options: { minPeers?: number } = {}): Promise<MovePlan> {
    return this.services.moves.plan(options);
  }

  /** The move that settles one conflict as a person decided: its machine belongs to `toTenant`. */
  async planMove(conflictId: string, toTenant: string, by: Actor): Promise<MovePlan> {
    return this.services.moves.planFor(conflictId, toTenant, by.actor);
  }

  /** Moves each planned agent to its client, then identifies computers again. */
  async move(plan: MovePlan, by: Actor): Promise<MoveReport> {
    return this.services.moves.apply(plan, by);
  }

  /** Moves an agent back where a move found it (the action id is in the computer's timeline). */
  async undoMove(actionId: string, by: Actor): Promise<MoveOutcome> {
    return this.services.moves.undo(actionId, by);
  }

  /** An installer (download URL or registration token) for the RMM's agent, joining the given client. */
  async installer(integrationId: string, clientId: string, platform: AgentPlatform, by: Actor): Promise<AgentInstaller> {
    return this.services.installers.issue(integrationId, clientId, platform, by);
  }

  /** The computers missing the agent of an RMM their tenant uses, and how {@link HubAgents.deploy} would install it. Changes nothing. */
  async planDeploys(options: { integrationId?: string } = {}): Promise<DeployPlan> {
    return this.services.deploys.plan(options);
  }

  /** Each planned install as it would run: the installer issued, its install script shown with the token masked. */
  async previewDeploys(plan: DeployPlan, by: Actor): Promise<DeployPreview[]> {
    return this.services.deploys.preview(plan, by);
  }

  /** Runs each planned install script through the computer's own agent; done only when the RMM reports success. */
  async deploy(plan: DeployPlan, by: Actor): Promise<DeployOutcome[]> {
    return this.services.deploys.apply(plan, by);
  }

  /** The link to an agent's page in its RMM's web console (AgentUrl). */
  async url(agent: AgentRef): Promise<string> {
    return this.services.agentLinks.forAgent(agent);
  }

  /** A link for each agent of a computer; an agent whose RMM gives none carries the reason instead. */
  async urlsOf(computerId: string): Promise<ComputerAgentLink[]> {
    return this.services.agentLinks.forComputer(computerId);
  }
}
