/**
 * The default, embedded Store: one SQLite file through better-sqlite3, in WAL mode so readers
 * (the CLI's `status`) never block the sync, with foreign keys enforced. Several processes may
 * share the file: write transactions take the write lock up front and wait up to
 * {@link BUSY_TIMEOUT_MS} for it, and SQLite's own failures surface as coded errors. Within
 * one process, units of work take turns on the connection (see {@link UnitsOfWork}).
 */
import Database from 'better-sqlite3';

import {
  ErrorCodes,
  StoreError,
  type AgentRepository,
  type ApiTokenRepository,
  type AuditLog,
  type ClientRepository,
  type ComputerRepository,
  type IntegrationRepository,
  type IntegrationStateRepository,
  type LinkRepository,
  type ProcessLockRepository,
  type RmmError,
  type ScriptRunRepository,
  type Store,
  type SyncRunRepository,
  type TenantRepository,
} from '@rmm-hub/core';

import { gate } from './gated-repository.js';
import { MIGRATIONS } from './migrations/index.js';
import { migrate, refuseNewer, schemaVersion, type MigrationOutcome } from './migrator.js';
import { createPrivateDatabaseFile } from './private-database-file.js';
import { SqliteApiTokenRepository } from './repositories/api-token-repository.js';
import { SqliteAgentRepository } from './repositories/agent-repository.js';
import { SqliteAuditLog } from './repositories/audit-log.js';
import { SqliteClientRepository } from './repositories/client-repository.js';
import { SqliteComputerRepository } from './repositories/computer-repository.js';
import { SqliteIntegrationRepository } from './repositories/integration-repository.js';
import { SqliteIntegrationStateRepository } from './repositories/integration-state-repository.js';
import { SqliteLinkRepository } from './repositories/link-repository.js';
import { SqliteProcessLockRepository } from './repositories/process-lock-repository.js';
import { SqliteScriptRunRepository } from './repositories/script-run-repository.js';
import { SqliteSyncRunRepository } from './repositories/sync-run-repository.js';
import { SqliteTenantRepository } from './repositories/tenant-repository.js';
import { storeErrorFromSqlite } from './sqlite-errors.js';
import { UnitsOfWork } from './units-of-work.js';

/** How long a write waits for another process's write transaction to end before failing. */
export const BUSY_TIMEOUT_MS = 5000;

export interface SqliteStoreOptions {
  /** A file path, or `:memory:` for tests. */
  path: string;
  /**
   * Open for reading only (the file must exist and be at this rmm-hub's schema): works on a
   * read-only file or folder; every write fails with RMM_ERR_STORE_READ_ONLY.
   */
  readonly?: boolean;
  /** @default BUSY_TIMEOUT_MS */
  busyTimeoutMs?: number;
}

export class SqliteStore implements Store {
  readonly db: Database.Database;
  readonly migration: MigrationOutcome;
  readonly integrations: IntegrationRepository;
  readonly tenants: TenantRepository;
  readonly clients: ClientRepository;
  readonly agents: AgentRepository;
  readonly links: LinkRepository;
  readonly computers: ComputerRepository;
  readonly syncRuns: SyncRunRepository;
  readonly scriptRuns: ScriptRunRepository;
  readonly audit: AuditLog;
  readonly locks: ProcessLockRepository;
  readonly integrationState: IntegrationStateRepository;
  readonly apiTokens: ApiTokenRepository;
  readonly readOnly: boolean;
  readonly path: string;
  private readonly units: UnitsOfWork;

  private constructor(db: Database.Database, options: SqliteStoreOptions) {
    this.db = db;
    this.path = options.path;
    this.readOnly = options.readonly ?? false;
    this.migration = this.readOnly ? schemaForReading(db, options.path) : migrate(db, MIGRATIONS);
    this.units = new UnitsOfWork(db);
    const units = this.units;
    this.integrations = gate<IntegrationRepository>(new SqliteIntegrationRepository(db), units);
    this.tenants = gate<TenantRepository>(new SqliteTenantRepository(db), units);
    this.clients = gate<ClientRepository>(new SqliteClientRepository(db), units);
    this.agents = gate<AgentRepository>(new SqliteAgentRepository(db), units, ['iterate', 'iterateLinked']);
    this.links = gate<LinkRepository>(new SqliteLinkRepository(db), units);
    this.computers = gate<ComputerRepository>(new SqliteComputerRepository(db, units), units);
    this.syncRuns = gate<SyncRunRepository>(new SqliteSyncRunRepository(db), units);
    this.scriptRuns = gate<ScriptRunRepository>(new SqliteScriptRunRepository(db), units);
    this.audit = gate<AuditLog>(new SqliteAuditLog(db), units);
    this.locks = gate<ProcessLockRepository>(new SqliteProcessLockRepository(db), units);
    this.integrationState = gate<IntegrationStateRepository>(new SqliteIntegrationStateRepository(db), units);
    this.apiTokens = gate<ApiTokenRepository>(new SqliteApiTokenRepository(db), units);
  }

  static open(options: SqliteStoreOptions): SqliteStore {
    let db: Database.Database | undefined;
    try {
      const readonly = options.readonly ?? false;
      if (!readonly) createPrivateDatabaseFile(options.path);
      // The busy timeout is set at open, before the first statement: switching a new file to WAL
      // and migrating it take the write lock, which another process may hold at that moment.
      db = new Database(options.path, { readonly, fileMustExist: readonly, timeout: options.busyTimeoutMs ?? BUSY_TIMEOUT_MS });
      if (options.path !== ':memory:' && !readonly) db.pragma('journal_mode = WAL');
      // NORMAL is durable across application crashes in WAL mode; only an OS crash can lose the last commit.
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      return new SqliteStore(db, options);
    } catch (cause) {
      db?.close();
      throw storeErrorFromSqlite(cause, options.path) ?? cause;
    }
  }

  transaction<T>(work: () => Promise<T>): Promise<T> {
    return this.units.transaction(work);
  }

  explain(error: unknown): RmmError | undefined {
    return storeErrorFromSqlite(error, this.path);
  }

  async stats(): Promise<Record<string, number>> {
    return this.units.run(() => this.#stats());
  }

  #stats(): Record<string, number> {
    const tables = this.db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY name`)
      .all() as { name: string }[];
    const out: Record<string, number> = {};
    for (const { name } of tables) out[name] = (this.db.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get() as { n: number }).n;
    return out;
  }

  async changes(): Promise<number> {
    return this.units.run(() => (this.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n);
  }

  /** Closes the connection once the units of work under way are done. */
  async close(): Promise<void> {
    await this.units.run(() => {
      if (this.db.open) this.db.close();
    });
  }
}

/**
 * A read-only open cannot migrate: the schema must already be this rmm-hub's. An older (or
 * empty) file is refused with the way out; a newer one as a writable open refuses it.
 */
function schemaForReading(db: Database.Database, path: string): MigrationOutcome {
  const latest = MIGRATIONS.at(-1)?.version ?? 0;
  const current = schemaVersion(db);
  refuseNewer(current, latest);
  if (current < latest) {
    throw new StoreError(`The database (${path}) is at schema version ${current} and must be upgraded to ${latest}, which needs write access.`, {
      code: ErrorCodes.storeReadOnly,
      context: { path, current, latest },
      hint: 'Run `rmm-hub sync` once as a user who may write the database file and its folder; it upgrades the schema.',
    });
  }
  return { from: current, to: current, applied: [] };
}
