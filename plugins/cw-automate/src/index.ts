/**
 * `@rmm-hub/plugin-cw-automate` — the ConnectWise Automate integration (Automate REST API v1,
 * built against reference/cw-automate-rest-api.md).
 */
import {
  AgentUrl,
  DeleteAgent,
  GetAgentInstaller,
  HealthCheck,
  ListClients,
  ListComputers,
  MaintenanceMode,
  MoveAgent,
  PLUGIN_API_VERSION,
  RunScript,
  definePlugin,
} from '@rmm-hub/core/plugin';

import { AutomateConfig } from './config.js';
import { createAutomateIntegration, type AutomateDeps } from './integration.js';

export { AutomateConfig, MfaConfig, apiBaseUrl, type AutomateConfigInput } from './config.js';
export { createAutomateIntegration, type AutomateDeps, type AutomateIntegration } from './integration.js';
export { literal as conditionLiteral, anyOf as conditionAnyOf } from './condition-builder.js';

/**
 * The plugin definition, optionally on another clock: tests that cross 30-second TOTP steps
 * pass a virtual `now` and a `sleep` that advances it, instead of waiting for real time.
 */
export function defineAutomatePlugin(clock: Pick<AutomateDeps, 'now' | 'sleep'> = {}) {
  return definePlugin<AutomateConfig>({
    id: 'cw-automate',
    displayName: 'ConnectWise Automate',
    version: '0.1.0',
    apiVersion: PLUGIN_API_VERSION,
    description: 'ConnectWise Automate (LabTech) through its REST API: clients, locations, computers with SMBIOS identity, CommandExecute scripts, retire and move, agent installer tokens, console links, maintenance mode.',
    configSchema: AutomateConfig,
    capabilities: ['HealthCheck', 'ListClients', 'ListComputers', 'RunScript', 'DeleteAgent', 'MoveAgent', 'GetAgentInstaller', 'AgentUrl', 'MaintenanceMode'],
    defaultSyncIntervalSeconds: 3600,
    register(_container, ctx) {
      const integration = createAutomateIntegration(ctx.config, {
        logger: ctx.logger,
        redactor: ctx.redactor,
        state: ctx.state,
        skipRecord: (capability, record, reason, id) => ctx.skipRecord(capability, record, reason, id),
        ...clock,
      });
      ctx.provide(HealthCheck, { useValue: integration.health });
      ctx.provide(ListClients, { useValue: integration.clients });
      ctx.provide(ListComputers, { useValue: integration.computers });
      ctx.provide(RunScript, { useValue: integration.scripts });
      ctx.provide(DeleteAgent, { useValue: integration.admin });
      ctx.provide(MoveAgent, { useValue: integration.admin });
      ctx.provide(GetAgentInstaller, { useValue: integration.installers });
      ctx.provide(AgentUrl, { useValue: integration.links });
      ctx.provide(MaintenanceMode, { useValue: integration.maintenance });
      ctx.onDispose(() => integration.close());
    },
  });
}

/** The plugin definition the host discovers. */
export default defineAutomatePlugin();
