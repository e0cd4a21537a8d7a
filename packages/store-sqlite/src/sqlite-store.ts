/**
 * The default, embedded Store: one SQLite file through better-sqlite3, in WAL mode so readers
 * (the CLI's `status`) never block the sync, with foreign keys enforced.
 */
import Database from 'better-sqlite3';

import { StoreError, type Store } from '@rmm-hub/core';

import { MIGRATIONS } from './migrations/index.js';
import { migrate, type MigrationOutcome } from './migrator.js';
import { createPrivateDatabaseFile } from './private-database-file.js';
import { SqliteAgentRepository } from './repositories/agent-repository.js';
import { SqliteAuditLog } from './repositories/audit-log.js';
import { SqliteClientRepository } from './repositories/client-repository.js';
import { SqliteComputerRepository } from './repositories/computer-repository.js';
import { SqliteIntegrationRepository } from './repositories/integration-repository.js';
import { SqliteLinkRepository } from './repositories/link-repository.js';
import { SqliteScriptRunRepository } from './repositories/script-run-repository.js';
import { SqliteSyncRunRepository } from './repositories/sync-run-repository.js';
import { SqliteTenantRepository } from './repositories/tenant-repository.js';

export interface SqliteStoreOptions {
  /** A file path, or `:memory:` for tests. */
  path: string;
  readonly?: boolean;
}

export class SqliteStore implements Store {
  readonly db: Database.Database;
  readonly migration: MigrationOutcome;
  readonly integrations: SqliteIntegrationRepository;
  readonly tenants: SqliteTenantRepository;
  readonly clients: SqliteClientRepository;
  readonly agents: SqliteAgentRepository;
  readonly links: SqliteLinkRepository;
  readonly computers: SqliteComputerRepository;
  readonly syncRuns: SqliteSyncRunRepository;
  readonly scriptRuns: SqliteScriptRunRepository;
  readonly audit: SqliteAuditLog;

  private constructor(db: Database.Database) {
    this.db = db;
    this.migration = migrate(db, MIGRATIONS);
    this.integrations = new SqliteIntegrationRepository(db);
    this.tenants = new SqliteTenantRepository(db);
    this.clients = new SqliteClientRepository(db);
    this.agents = new SqliteAgentRepository(db);
    this.links = new SqliteLinkRepository(db);
    this.computers = new SqliteComputerRepository(db);
    this.syncRuns = new SqliteSyncRunRepository(db);
    this.scriptRuns = new SqliteScriptRunRepository(db);
    this.audit = new SqliteAuditLog(db);
  }

  static open(options: SqliteStoreOptions): SqliteStore {
    let db: Database.Database;
    if (!options.readonly) createPrivateDatabaseFile(options.path);
    try {
      db = new Database(options.path, { readonly: options.readonly ?? false });
    } catch (cause) {
      throw new StoreError(`Cannot open the database at ${options.path}: ${(cause as Error).message}`, {
        cause,
        hint: 'Check that store.path points at a writable location.',
        context: { path: options.path },
      });
    }
    if (options.path !== ':memory:') db.pragma('journal_mode = WAL');
    // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commit.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    return new SqliteStore(db);
  }

  transaction<T>(work: () => T): T {
    // better-sqlite3 turns nested transaction() calls into savepoints, so nesting joins the outer one.
    return this.db.transaction(work)();
  }

  stats(): Record<string, number> {
    const tables = this.db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name`)
      .all() as { name: string }[];
    const out: Record<string, number> = {};
    for (const { name } of tables) out[name] = (this.db.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get() as { n: number }).n;
    return out;
  }

  changes(): number {
    return (this.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
