/**
 * The Example RMM plugin: what `definePlugin()` needs, and nothing else. `register()` only wires
 * objects — no network calls — so a broken server never stops the host from starting.
 */
import { definePlugin, HealthCheck, ListClients, ListComputers, PLUGIN_API_VERSION, RunScript } from '@rmm-hub/core/plugin';

import { ExampleConfig } from './config.js';
import { createExampleApi } from './example-api.js';
import { ExampleHealthCheck } from './health-check.js';
import { ExampleListClients } from './list-clients.js';
import { ExampleListComputers } from './list-computers.js';
import { ExampleRunScript } from './run-script.js';

/** The plugin definition the package default-exports. */
export const examplePlugin = definePlugin<ExampleConfig>({
  id: 'example',
  displayName: 'Example RMM',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  description: 'A minimal plugin for the made-up Example RMM REST API; docs/plugin-guide.md walks through it.',
  configSchema: ExampleConfig,
  capabilities: ['HealthCheck', 'ListClients', 'ListComputers', 'RunScript'],
  defaultSyncIntervalSeconds: 3600,
  register(_container, ctx) {
    const http = createExampleApi(ctx);
    ctx.provide(HealthCheck, { useValue: new ExampleHealthCheck(http) });
    ctx.provide(ListClients, { useValue: new ExampleListClients(http, ctx.config.pageSize) });
    ctx.provide(ListComputers, { useValue: new ExampleListComputers(http, ctx.config.pageSize) });
    ctx.provide(RunScript, { useValue: new ExampleRunScript(http, ctx.config.pollIntervalMs) });
  },
});
