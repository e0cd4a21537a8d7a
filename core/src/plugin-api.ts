/**
 * `@rmm-hub/core/plugin` — the narrow entry a plugin author imports. It holds the contract
 * (capabilities, their schemas and tokens), `definePlugin`, the error catalogue, secret
 * marking, and the HTTP toolkit. Nothing here drags in the host, the engines or a store.
 */
import 'reflect-metadata';

export * from './capabilities/index.js';
export * from './errors/index.js';
export { definePlugin, PLUGIN_API_VERSION, SUPPORTED_PLUGIN_API_VERSIONS, type PluginDefinition, type PluginManifest } from './plugin/define-plugin.js';
export { PLUGIN_ID_PATTERN } from './plugin/manifest.schema.js';
export { PluginConfig, PluginContextToken, type CapabilityProvider, type PluginContext, type SkippableCapability } from './plugin/plugin-context.js';
export { memoryIntegrationState, type IntegrationState } from './plugin/integration-state.js';
export { secret, secretPaths } from './config/secret-field.js';
export { SecretRedactor, REDACTED } from './secrets/secret-redactor.js';
export type { Logger, LogRecord } from './logging/logger.js';
export * from './http/index.js';
export { checkServerTimeZone, formatOffset, isTimeZone, judgeServerTimeZone, ServerTimeZone, wallClockToInstant, zoneOffsetMs, type TimeZoneVerdict } from './time/server-time-zone.js';
