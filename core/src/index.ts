/**
 * `@rmm-hub/core` — the runtime: contract, host, config, engines and sync. Plugin authors
 * should import `@rmm-hub/core/plugin` instead.
 */
import 'reflect-metadata';

export * from './plugin-api.js';
export * from './store/index.js';
export { MemoryStore } from './memory-store/index.js';
export { createLogger, memorySink, silentLogger, stderrSink, type LogLevel, type LogSink, type LoggerOptions } from './logging/logger.js';
export { PluginManifestSchema, describeIssues } from './plugin/manifest.schema.js';
export { PLUGIN_BRAND } from './plugin/define-plugin.js';
export * from './host/index.js';
export * from './config/index.js';
export { discoverPlugins, nearestPackageJson, type DiscoveryOptions, type DiscoveryResult, type RefusedPlugin } from './plugin/discovery.js';
export { loadPluginPackage, checkDefinition, type LoadedPlugin } from './plugin/plugin-loader.js';
export { PluginPackageField, RMM_HUB_PACKAGE_KEY } from './plugin/package-manifest.js';
export * from './sync/index.js';
export * from './scripts/index.js';
export * from './linking/index.js';
export * from './identification/index.js';
export * from './agent-actions/index.js';
