/**
 * `@rmm-hub/hub` — the front door for host applications:
 *
 * ```ts
 * const hub = await RmmHub.open({ configFile: 'rmm-hub.yaml' });
 * try {
 *   await hub.sync({ onProgress: (p) => console.log(p.integrationId, p.phase, p.done) });
 *   for (const computer of hub.computers.list()) console.log(computer.id, computer.name);
 * } finally {
 *   await hub.close();
 * }
 * ```
 */
export { RmmHub, type HubScriptOptions, type HubSyncOptions } from './rmm-hub.js';
export type { ConfigFileSource, ConfigObjectSource, HubAccess, HubConfigSource, HubRunOptions, LoadedConfigSource, RmmHubOptions } from './open-options.js';
export { findPlugins, type PluginSources } from './plugin-sources.js';
export { migrateStore, storeSchemaStatus, type StoreMigrationReport, type StoreSchemaReport } from './store-schema.js';
export { loadPostgresStore, postgresUrlArgument } from './store-settings.js';
export { copyStoreToPostgres, type StoreCopyReport, type StoreCopyRequest } from './store-copy.js';
export type { HubEventName, HubEvents, HubListener } from './hub-events.js';
export { HubComputers, type Decider } from './computers.js';
export { HubLinks } from './links.js';
export { HubAgents, type Actor } from './agents.js';
export type { HostConfigInput, IntegrationInfo, ScriptRunOutcome, ScriptSpec, SyncReport } from '@rmm-hub/core';
