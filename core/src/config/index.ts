export { HostConfig, IntegrationConfig, TenantConfig, INTEGRATION_ID_PATTERN, type HostConfigInput } from './host-config.schema.js';
export { PostgresStoreConfig, SqliteStoreConfig, StoreConfig } from './store-config.schema.js';
export { loadConfigFile, parseConfigText, validateConfig, type ConfigLocator, type LoadedConfig } from './load-config.js';
export { closedJsonSchema, findUnknownKeys, type UnknownKey } from './unknown-keys.js';
export { configErrorFromZod, formatPath } from './config-issues.js';
export { resolveSecretReferences, type SecretResolution } from './secret-references.js';
export { MAX_SECRET_FILE_BYTES, type ConfigWarning } from './secret-file.js';
export { configJsonSchema } from './json-schema.js';
export { isSecretSchema, secret, secretPaths } from './secret-field.js';
