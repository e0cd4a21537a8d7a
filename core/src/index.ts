/**
 * `@rmm-hub/core` — the runtime: contract, host, config, engines and sync. Plugin authors
 * should import `@rmm-hub/core/plugin` instead.
 */
import 'reflect-metadata';

export * from './plugin-api.js';
export * from './store/index.js';
export { createLogger, memorySink, silentLogger, stderrSink, type LogLevel, type LogSink, type LoggerOptions } from './logging/logger.js';
export { isSecretSchema } from './config/secret-field.js';
export { PluginManifestSchema, describeIssues } from './plugin/manifest.schema.js';
export { PLUGIN_BRAND } from './plugin/define-plugin.js';
