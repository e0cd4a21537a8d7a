export { SqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
export { MIGRATIONS, type Migration } from './migrations/index.js';
export { migrate, type MigrationOutcome } from './migrator.js';
export { IDENTIFICATION_READS } from './repositories/agent-repository.js';
