/**
 * The N-central v2 (REST) plugin: one {@link NcentralApi} per integration — its own HTTP
 * client, token manager and endpoint limits — shared by every capability it provides.
 */
import {
  GetComputerIdentity,
  HealthCheck,
  ListActiveIssues,
  ListClients,
  ListComputers,
  PLUGIN_API_VERSION,
  RunScript,
  definePlugin,
} from '@rmm-hub/core/plugin';

import { NcentralApi } from './client.js';
import { NcentralConfig } from './config.schema.js';
import { NcentralGetComputerIdentity } from './device-identity.js';
import { NcentralHealthCheck } from './health-check.js';
import { NcentralListActiveIssues } from './list-active-issues.js';
import { NcentralListClients } from './list-clients.js';
import { NcentralListComputers } from './list-computers.js';
import { NcentralRunScript } from './run-script.js';

/** The plugin definition (the package's default export). */
export const ncentralPlugin = definePlugin<NcentralConfig>({
  id: 'ncentral',
  displayName: 'N-able N-central',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  description: 'N-able N-central through its REST API (2023.9 or later): customers, sites, devices with asset identity, scripts via an automation policy, active issues.',
  configSchema: NcentralConfig,
  capabilities: ['HealthCheck', 'ListClients', 'ListComputers', 'RunScript', 'GetComputerIdentity', 'ListActiveIssues'],
  defaultSyncIntervalSeconds: 3600,
  register(_container, ctx) {
    const api = new NcentralApi(ctx.config, ctx.logger, ctx.redactor);
    ctx.onDispose(() => api.close());
    ctx.provide(HealthCheck, { useValue: new NcentralHealthCheck(api) });
    ctx.provide(ListClients, { useValue: new NcentralListClients(api) });
    ctx.provide(ListComputers, { useValue: new NcentralListComputers(api) });
    ctx.provide(RunScript, { useValue: new NcentralRunScript(api) });
    ctx.provide(GetComputerIdentity, { useValue: new NcentralGetComputerIdentity(api) });
    ctx.provide(ListActiveIssues, { useValue: new NcentralListActiveIssues(api) });
  },
});
