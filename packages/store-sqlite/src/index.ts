export { BUSY_TIMEOUT_MS, SqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
export { storeErrorFromSqlite } from './sqlite-errors.js';
export { MIGRATIONS, type Migration } from './migrations/index.js';
export { migrate, type MigrationOutcome } from './migrator.js';
export { IDENTIFICATION_READS } from './repositories/agent-repository.js';
export { schemaStatus, type SchemaStatus } from './schema-status.js';
