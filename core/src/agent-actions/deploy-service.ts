/**
 * Deploying missing agents: the plan comes from the stored identification and the tenant links
 * (see {@link planDeploys}); the preview issues each installer the plan needs and shows its
 * install script with the token masked; applying runs that script through the computer's own
 * agent (the script router, so the run is recorded and audited by its hash, never its text).
 * A deployment is recorded as done — audited and on the computer's timeline — only when the
 * RMM reports the install script succeeded; anything else is recorded as failed.
 *
 * | command | method |
 * |---|---|
 * | `rmm-hub agents deploy [--json]` (preview) | {@link AgentDeployService.plan}, {@link AgentDeployService.preview} |
 * | `rmm-hub agents deploy --apply` | {@link AgentDeployService.apply} |
 */
import type { AgentInstaller, AgentPlatform } from '../capabilities/get-agent-installer.js';
import type { ScriptLanguage, ScriptResult } from '../capabilities/run-script.js';
import { LinkFlags } from '../identification/evidence-codec.js';
import type { AgentRef } from '../identification/model/agent-records.js';
import { tenantOfAgent, tenantsByClient } from '../linking/model/agent-tenant.js';
import type { Store } from '../store/store.js';
import { errorText, newActionId, recordDone, type AgentActionOutcomeStatus } from './agent-action.js';
import { planDeploys, type DeployComputer, type DeployPlan, type DeployStep } from './deploy-planner.js';
import { maskIn, maskInstaller, type MaskedInstaller } from './masked-installer.js';

/** Issues (and audits) an installer: the installer service's `issue`. */
export type IssueInstallerCall = (integrationId: string, clientId: string, platform: AgentPlatform, context: { actor: string }) => Promise<AgentInstaller>;
/** Runs a script on one agent through the script router. */
export type RunOnAgentCall = (agent: AgentRef, script: { language: ScriptLanguage; body: string; timeoutMs: number }, context: { actor: string }) => Promise<ScriptResult>;

export interface AgentDeployOptions {
  store: Store;
  issueInstaller: IssueInstallerCall;
  runOnAgent: RunOnAgentCall;
  canIssue: (integrationId: string) => boolean;
  canRunScripts: (integrationId: string) => boolean;
  /** Registers an issued token with the host's redactor, so no log or output carries it. */
  protect?: (secret: string) => void;
  now?: () => Date;
}

/** A planned step with the installer it will use, masked. */
export interface DeployPreview {
  step: DeployStep;
  installer?: MaskedInstaller | undefined;
  /** Why the installer could not be issued. */
  error?: string | undefined;
}

export interface DeployOutcome {
  step: DeployStep;
  status: AgentActionOutcomeStatus;
  message: string;
  actionId?: string | undefined;
}

/** How long an install script may run before the RMM's run is given up. */
const INSTALL_TIMEOUT_MS = 15 * 60_000;

export class AgentDeployService {
  private readonly store: Store;
  private readonly options: AgentDeployOptions;
  private readonly now: () => Date;

  constructor(options: AgentDeployOptions) {
    this.store = options.store;
    this.options = options;
    this.now = options.now ?? (() => new Date());
  }

  /** The computers that lack an agent, and those held back with reasons. Changes nothing. */
  async plan(options: { integrationId?: string } = {}): Promise<DeployPlan> {
    const conflicted = new Set((await this.store.computers.listConflicts({ status: 'open' })).flatMap((c) => c.computerIds));
    const computers = await this.computers();
    // The planner looks links and clients up synchronously: read them once, up front.
    const links = await this.store.links.listLinks();
    const kindOf = new Map((await this.store.clients.list({ includeGone: true })).map((c) => [`${c.integrationId}\u0000${c.id}`, c.kind]));
    const plan = planDeploys(computers, {
      now: this.now().toISOString(),
      integrationsOf: (tenantId) => [...new Set(links.filter((l) => l.tenantId === tenantId).map((l) => l.integrationId))],
      clientsOf: (integrationId, tenantId) =>
        links
          .filter((l) => l.integrationId === integrationId && l.tenantId === tenantId)
          .map((l) => ({ clientId: l.clientId, kind: kindOf.get(`${integrationId}\u0000${l.clientId}`) ?? 'customer' })),
      inConflict: (computerId) => conflicted.has(computerId),
      namesakes: await this.namesakes(),
      canRunScripts: this.options.canRunScripts,
      canIssue: this.options.canIssue,
    });
    if (options.integrationId === undefined) return plan;
    const only = options.integrationId;
    return { ...plan, steps: plan.steps.filter((s) => s.target.integrationId === only), held: plan.held.filter((h) => h.integrationId === only) };
  }

  /** Issues the installer each `deploy` step needs (audited), and shows it masked. */
  async preview(plan: DeployPlan, context: { actor: string }): Promise<DeployPreview[]> {
    const issue = this.issuer(context.actor);
    const previews: DeployPreview[] = [];
    for (const step of plan.steps) {
      if (step.action !== 'deploy') {
        previews.push({ step });
        continue;
      }
      try {
        previews.push({ step, installer: maskInstaller(await issue(step)) });
      } catch (cause) {
        previews.push({ step, error: errorText(cause) });
      }
    }
    return previews;
  }

  /**
   * Applies the `deploy` steps of a reviewed plan. Each is checked against a fresh plan first
   * (a computer that gained the agent or lost its online agent since is skipped).
   */
  async apply(plan: DeployPlan, context: { actor: string }): Promise<DeployOutcome[]> {
    const fresh = new Set((await this.plan()).steps.filter((s) => s.action === 'deploy').map(keyOf));
    const issue = this.issuer(context.actor);
    const outcomes: DeployOutcome[] = [];
    for (const step of plan.steps) {
      if (step.action !== 'deploy') {
        outcomes.push({ step, status: 'manual', message: `${step.target.integrationId} offers no installers through its API: install its agent from its console` });
        continue;
      }
      if (!fresh.has(keyOf(step))) {
        outcomes.push({ step, status: 'skipped', message: 'no longer planned: the computer has the agent, is in a conflict, or no online agent can run the install' });
        continue;
      }
      outcomes.push(await this.deploy(step, () => issue(step), context.actor));
    }
    return outcomes;
  }

  private async deploy(step: DeployStep, issue: () => Promise<AgentInstaller>, actor: string): Promise<DeployOutcome> {
    const actionId = newActionId('deploy');
    const subject = `computer:${step.computerId}`;
    const details = { actionId, target: step.target, via: step.via, platform: step.platform };
    let token: string | undefined;
    try {
      const installer = await issue();
      token = installer.token;
      if (installer.installScript === undefined) {
        return { step, status: 'manual', message: `${step.target.integrationId} has no silent install for ${step.platform}: install it with \`rmm-hub agents installer ${step.target.integrationId} ${step.target.clientId} --platform ${step.platform}\``, actionId };
      }
      const result = await this.options.runOnAgent(step.via, { ...installer.installScript, timeoutMs: INSTALL_TIMEOUT_MS }, { actor });
      if (result.status !== 'success') {
        throw new Error(`the install script ended ${result.status}${result.exitCode === null ? '' : ` (exit code ${result.exitCode})`}${result.output.trim() ? `: ${result.output.trim().slice(0, 300)}` : ''}`);
      }
      await recordDone(this.store, { actor, at: this.now().toISOString(), action: 'agent:deploy', subject, reason: step.reason, details: { ...details, remoteId: result.remoteId } }, {
        computerId: step.computerId,
        kind: 'agent-deployed',
        opId: actionId,
        summary: `installed the ${step.target.integrationId} agent (client ${step.target.clientId}) through ${step.via.integrationId}/${step.via.agentId} by ${actor}`,
        details: { ...details, reason: step.reason },
      });
      return { step, status: 'done', message: `the install script succeeded through ${step.via.integrationId}; the agent shows after the next sync`, actionId };
    } catch (cause) {
      const message = maskIn(errorText(cause), token);
      await this.store.audit.append({ actor, action: 'agent:deploy-failed', subject, reason: step.reason, details: { ...details, error: message } });
      return { step, status: 'failed', message, actionId };
    }
  }

  /** Issues one installer per target client and platform, registering its token as a secret. */
  private issuer(actor: string): (step: DeployStep) => Promise<AgentInstaller> {
    const issued = new Map<string, Promise<AgentInstaller>>();
    return (step) => {
      const key = `${step.target.integrationId}\u0000${step.target.clientId}\u0000${step.platform}`;
      let installer = issued.get(key);
      if (installer === undefined) {
        installer = this.options.issueInstaller(step.target.integrationId, step.target.clientId, step.platform, { actor }).then((got) => {
          if (got.token !== undefined) this.options.protect?.(got.token);
          return got;
        });
        issued.set(key, installer);
      }
      return installer;
    };
  }

  /** Identified computers, each with its live, current agents. */
  private async computers(): Promise<DeployComputer[]> {
    const computers: DeployComputer[] = [];
    for (const computer of await this.store.computers.list()) {
      const agents: DeployComputer['agents'][number][] = [];
      for (const link of await this.store.computers.linksOf(computer.id)) {
        if ((link.flags & LinkFlags.stale) !== 0) continue;
        const agent = await this.store.agents.get(link.integrationId, link.agentId);
        if (agent === undefined || agent.goneAt !== undefined) continue;
        agents.push({ integrationId: link.integrationId, agentId: link.agentId, clientId: agent.clientId, hostname: agent.hostname, os: agent.os, online: agent.online, lastSeen: agent.lastSeen, canRunScripts: agent.canRunScripts });
      }
      computers.push({ computerId: computer.id, tenantId: computer.tenantId, name: computer.name, agents });
    }
    return computers;
  }

  /** Counts live agents by integration, tenant and hostname that belong to another computer or none. */
  private async namesakes(): Promise<(integrationId: string, tenantId: string, hostname: string, computerId: string) => number> {
    const tenantOfClient = tenantsByClient(await this.store.links.listLinks());
    const computerOf = new Map((await this.store.computers.loadAll()).links.map((l) => [`${l.integrationId}\u0000${l.agentId}`, l.computerId]));
    const byName = new Map<string, string[]>();
    for await (const agent of this.store.agents.iterate()) {
      const tenantId = tenantOfAgent(agent, tenantOfClient);
      if (tenantId === undefined) continue;
      const key = `${agent.integrationId}\u0000${tenantId}\u0000${agent.hostname.toUpperCase()}`;
      const owner = computerOf.get(`${agent.integrationId}\u0000${agent.id}`) ?? '';
      byName.set(key, [...(byName.get(key) ?? []), owner]);
    }
    return (integrationId, tenantId, hostname, computerId) => (byName.get(`${integrationId}\u0000${tenantId}\u0000${hostname.toUpperCase()}`) ?? []).filter((owner) => owner !== computerId).length;
  }
}

function keyOf(step: DeployStep): string {
  return `${step.computerId}\u0000${step.target.integrationId}`;
}
