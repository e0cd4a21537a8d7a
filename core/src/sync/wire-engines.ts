/**
 * The one place the engines are wired onto a started host and its store: the linking and
 * identification services, the script router (which identity scripts go through too) and the
 * sync orchestrator. The CLI and every test that wants the real product use this, so they
 * cannot drift apart.
 */
import { AgentLinkService } from '../agent-actions/agent-link-service.js';
import { AgentDeployService } from '../agent-actions/deploy-service.js';
import { AgentInstallerService } from '../agent-actions/installer-service.js';
import { AgentMoveService } from '../agent-actions/move-service.js';
import { AgentRetirementService } from '../agent-actions/retirement-service.js';
import type { HostConfig } from '../config/host-config.schema.js';
import type { Host } from '../host/host.js';
import { ComputerQueries } from '../identification/computer-queries.js';
import { IdentificationService } from '../identification/identification-service.js';
import { LinkingService } from '../linking/linking-service.js';
import { ScriptRouter } from '../scripts/script-router.js';
import type { Store } from '../store/store.js';
import { identificationStep, linkingStep } from './engine-steps.js';
import { SyncOrchestrator } from './sync-orchestrator.js';

export interface Engines {
  linking: LinkingService;
  identification: IdentificationService;
  /** What people read of identification's results: computers, conflicts, one computer's evidence and timeline. */
  computers: ComputerQueries;
  scripts: ScriptRouter;
  sync: SyncOrchestrator;
  /** Retiring stale duplicate agents through DeleteAgent. */
  retirement: AgentRetirementService;
  /** Moving misfiled agents through MoveAgent. */
  moves: AgentMoveService;
  /** Agent installers (URL or registration token) through GetAgentInstaller. */
  installers: AgentInstallerService;
  /** Installing a computer's missing agent through the agent it has (GetAgentInstaller, RunScript). */
  deploys: AgentDeployService;
  /** Console links to agents (AgentUrl). */
  agentLinks: AgentLinkService;
}

/** Writes the config's tenants into the store, which linking reads; a read-only store shows them as last written. */
export async function storeConfigTenants(store: Store, tenants: HostConfig['tenants']): Promise<void> {
  if (store.readOnly) return;
  await store.transaction(async () => {
    for (const tenant of tenants) await store.tenants.upsert(tenant);
  });
}

/** The engines over the host and the store; the config's tenants must be stored first ({@link storeConfigTenants}). */
export function wireEngines(host: Host, store: Store, config: Pick<HostConfig, 'linking' | 'identification'>): Engines {
  const emit = host.emit.bind(host);
  const scripts = new ScriptRouter(host, store);
  const canRunScripts = host.integrations().some((i) => host.supports(i.id, 'RunScript'));
  const linking = new LinkingService(store, { config: config.linking, emit });
  const identification = new IdentificationService({
    store,
    config: config.identification,
    emit,
    runIdentityScript: (agent, request) =>
      scripts.runOnAgent(agent, { language: request.language, body: request.body, ...(request.timeoutMs ? { timeoutMs: request.timeoutMs } : {}) }, { actor: 'system:identification' }),
  });
  const computers = new ComputerQueries(store);
  const sync = new SyncOrchestrator({
    host,
    store,
    linking: linkingStep(linking, { fingerprint: () => linking.inputFingerprint() }),
    identification: identificationStep(identification, computers, { gatherIdentities: canRunScripts && identification.config.identityScript.enabled, memos: store.computers, store }),
    identityRefreshDays: config.identification.identityRefreshDays,
  });
  const retirement = new AgentRetirementService({
    store,
    canDelete: (integrationId) => host.supports(integrationId, 'DeleteAgent'),
    deleteAgent: (agent, options) => host.call(agent.integrationId, 'DeleteAgent', agent.agentId, options),
  });
  const moves = new AgentMoveService({
    store,
    canMove: (integrationId) => host.supports(integrationId, 'MoveAgent'),
    moveAgent: (agent, targetClientId) => host.call(agent.integrationId, 'MoveAgent', agent.agentId, targetClientId),
    findAgent: async (agent, clientId) => {
      for await (const listed of host.call(agent.integrationId, 'ListComputers', { clientIds: [clientId] })) if (listed.id === agent.agentId) return listed;
      return undefined;
    },
    reidentify: () => identification.run(undefined, { actor: 'system:agent-actions' }),
  });
  const installers = new AgentInstallerService({
    store,
    canIssue: (integrationId) => host.supports(integrationId, 'GetAgentInstaller'),
    getInstaller: (integrationId, request) => host.call(integrationId, 'GetAgentInstaller', request),
  });
  const deploys = new AgentDeployService({
    store,
    canIssue: (integrationId) => host.supports(integrationId, 'GetAgentInstaller'),
    canRunScripts: (integrationId) => host.supports(integrationId, 'RunScript'),
    issueInstaller: (integrationId, clientId, platform, context) => installers.issue(integrationId, clientId, platform, context),
    runOnAgent: (agent, script, context) => scripts.runOnAgent(agent, script, context),
    protect: (secret) => host.redactor.addReceived(secret),
  });
  const agentLinks = new AgentLinkService({
    store,
    canLink: (integrationId) => host.supports(integrationId, 'AgentUrl'),
    agentUrl: (agent) => host.call(agent.integrationId, 'AgentUrl', agent.agentId),
  });
  return { linking, identification, computers, scripts, sync, retirement, moves, installers, deploys, agentLinks };
}
