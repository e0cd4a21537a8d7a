/**
 * The N-central v2 (REST) plugin: one {@link NcentralApi} per integration — its own HTTP
 * client, token manager and endpoint limits — shared by every capability it provides.
 */
import {
  AgentUrl,
  DeleteAgent,
  GetAgentInstaller,
  GetComputerIdentity,
  HealthCheck,
  ListActiveIssues,
  ListClients,
  ListComputers,
  PLUGIN_API_VERSION,
  RunScript,
  definePlugin,
  templateAgentUrl,
  type Logger,
  type SecretRedactor,
} from '@rmm-hub/core/plugin';

import { NcentralAgentInstaller } from './agent-installer.js';
import { NcentralApi } from './client.js';
import { NcentralConfig } from './config.schema.js';
import { NcentralDeleteAgent } from './delete-agent.js';
import { NcentralGetComputerIdentity } from './device-identity.js';
import { NcentralHealthCheck } from './health-check.js';
import { NcentralListActiveIssues } from './list-active-issues.js';
import { NcentralListClients } from './list-clients.js';
import { NcentralListComputers } from './list-computers.js';
import { NcentralRunScript } from './run-script.js';

/** The capability implementations of one integration, sharing one {@link NcentralApi}. */
export interface NcentralIntegration {
  api: NcentralApi;
  health: NcentralHealthCheck;
  clients: NcentralListClients;
  computers: NcentralListComputers;
  scripts: NcentralRunScript;
  identity: NcentralGetComputerIdentity;
  issues: NcentralListActiveIssues;
  devices: NcentralDeleteAgent;
  installers: NcentralAgentInstaller;
  links: AgentUrl;
  /** Closes the HTTP client's connections. */
  close(): void;
}

/**
 * Builds one integration's capabilities outside a host (benchmarks, scripts). The host path is
 * the plugin's `register`, which does exactly this.
 * @example
 * const nc = createNcentralIntegration(NcentralConfig.parse(raw), { logger, redactor });
 * for await (const agent of nc.computers.listComputers({ clientIds: ['237'] })) …
 */
export function createNcentralIntegration(
  config: NcentralConfig,
  deps: { logger: Logger; redactor: SecretRedactor; skipRecord?: NcentralApi['skipRecord'] | undefined },
): NcentralIntegration {
  const api = new NcentralApi(config, deps.logger, deps.redactor, deps.skipRecord);
  return {
    api,
    health: new NcentralHealthCheck(api),
    clients: new NcentralListClients(api),
    computers: new NcentralListComputers(api),
    scripts: new NcentralRunScript(api),
    identity: new NcentralGetComputerIdentity(api),
    issues: new NcentralListActiveIssues(api),
    devices: new NcentralDeleteAgent(api, config.features.deleteAgent),
    installers: new NcentralAgentInstaller(api),
    links: templateAgentUrl(config.agentUrl, config.serverUrl),
    close: () => api.close(),
  };
}

/** The plugin definition (the package's default export). */
export const ncentralPlugin = definePlugin<NcentralConfig>({
  id: 'ncentral',
  displayName: 'N-able N-central',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  description: 'N-able N-central through its REST API (2023.9 or later): customers, sites, devices with asset identity, scripts via an automation policy, active issues, deleting duplicate devices (2026.1 or later), agent registration tokens, console links.',
  configSchema: NcentralConfig,
  capabilities: ['HealthCheck', 'ListClients', 'ListComputers', 'RunScript', 'GetComputerIdentity', 'ListActiveIssues', 'DeleteAgent', 'GetAgentInstaller', 'AgentUrl'],
  defaultSyncIntervalSeconds: 3600,
  register(_container, ctx) {
    const nc = createNcentralIntegration(ctx.config, { logger: ctx.logger, redactor: ctx.redactor, skipRecord: (capability, record, reason, id) => ctx.skipRecord(capability, record, reason, id) });
    ctx.onDispose(() => nc.close());
    ctx.provide(HealthCheck, { useValue: nc.health });
    ctx.provide(ListClients, { useValue: nc.clients });
    ctx.provide(ListComputers, { useValue: nc.computers });
    ctx.provide(RunScript, { useValue: nc.scripts });
    ctx.provide(GetComputerIdentity, { useValue: nc.identity });
    ctx.provide(ListActiveIssues, { useValue: nc.issues });
    ctx.provide(DeleteAgent, { useValue: nc.devices });
    ctx.provide(GetAgentInstaller, { useValue: nc.installers });
    ctx.provide(AgentUrl, { useValue: nc.links });
  },
});
