export { LOCK_TIMEOUT_MS, PostgresStore, type PostgresStoreOptions } from './postgres-store.js';
export { CONNECT_TIMEOUT_MS, DEFAULT_SCHEMA, SSL_MODES, type PostgresConnectionOptions, type SslMode } from './connection.js';
export { storeErrorFromPostgres } from './postgres-errors.js';
export { MIGRATIONS, type Migration } from './migrations/index.js';
export { migrate, schemaVersion, type MigrationOutcome } from './migrator.js';
export { schemaStatus, type SchemaStatus } from './schema-status.js';
export { copyFromSqlite, type CopyFromSqliteOptions, type CopyProgress, type CopyReport, type CopiedTableReport } from './copy/copy-from-sqlite.js';
export { dropStoreSchema } from './drop-schema.js';
export { startEmbeddedServer, type EmbeddedServer, type EmbeddedServerOptions } from './embedded-server.js';
