/**
 * The shared Store: PostgreSQL through a node-postgres pool, the store's tables in a schema of
 * its own (created when missing, migrated under an advisory lock when opened), units of work as
 * transactions that take the store's write lock up front (see `database.ts`). Failures a person
 * can act on surface as coded errors with a hint, never with the password.

 */
import pg from 'pg';

import { SecretRedactor, type RmmError, type Store } from '@rmm-hub/core';

import { CONNECT_TIMEOUT_MS, resolveConnection, type PostgresConnectionOptions, type ServerRef } from './connection.js';
import { Database, TYPES } from './database.js';
import { MIGRATIONS } from './migrations/index.js';
import { migrate, type MigrationOutcome } from './migrator.js';
import { storeErrorFromPostgres } from './postgres-errors.js';
import { PgAgentRepository } from './repositories/agent-repository.js';
import { PgApiTokenRepository } from './repositories/api-token-repository.js';
import { PgAuditLog } from './repositories/audit-log.js';
import { PgClientRepository } from './repositories/client-repository.js';
import { PgComputerRepository } from './repositories/computer-repository.js';
import { PgIntegrationRepository } from './repositories/integration-repository.js';
import { PgIntegrationStateRepository } from './repositories/integration-state-repository.js';
import { PgLinkRepository } from './repositories/link-repository.js';
import { PgProcessLockRepository } from './repositories/process-lock-repository.js';
import { PgScriptRunRepository } from './repositories/script-run-repository.js';
import { PgSyncRunRepository } from './repositories/sync-run-repository.js';
import { PgTenantRepository } from './repositories/tenant-repository.js';

/** How long a unit of work waits for another process's to end before failing, as on SQLite. */
export const LOCK_TIMEOUT_MS = 5000;

export interface PostgresStoreOptions extends PostgresConnectionOptions {
  /** @default LOCK_TIMEOUT_MS */
  lockTimeoutMs?: number;
  /** Connections the pool opens at most. @default 10 */
  maxConnections?: number;
  /** How long connecting may take before the server counts as unreachable. @default CONNECT_TIMEOUT_MS */
  connectTimeoutMs?: number;
}

export class PostgresStore implements Store {
  readonly migration: MigrationOutcome;
  readonly schema: string;
  readonly server: ServerRef;
  readonly integrations: PgIntegrationRepository;
  readonly tenants: PgTenantRepository;
  readonly clients: PgClientRepository;
  readonly agents: PgAgentRepository;
  readonly links: PgLinkRepository;
  readonly computers: PgComputerRepository;
  readonly syncRuns: PgSyncRunRepository;
  readonly scriptRuns: PgScriptRunRepository;
  readonly audit: PgAuditLog;
  readonly locks: PgProcessLockRepository;
  readonly integrationState: PgIntegrationStateRepository;
  readonly apiTokens: PgApiTokenRepository;
  readonly readOnly = false;
  readonly #db: Database;
  readonly #redactor: SecretRedactor;

  private constructor(db: Database, connection: { schema: string; server: ServerRef; redactor: SecretRedactor }, migration: MigrationOutcome) {
    this.#db = db;
    this.#redactor = connection.redactor;
    this.schema = connection.schema;
    this.server = connection.server;
    this.migration = migration;
    this.integrations = new PgIntegrationRepository(db);
    this.tenants = new PgTenantRepository(db);
    this.clients = new PgClientRepository(db);
    this.agents = new PgAgentRepository(db);
    this.links = new PgLinkRepository(db);
    this.computers = new PgComputerRepository(db);
    this.syncRuns = new PgSyncRunRepository(db);
    this.scriptRuns = new PgScriptRunRepository(db);
    this.audit = new PgAuditLog(db);
    this.locks = new PgProcessLockRepository(db);
    this.integrationState = new PgIntegrationStateRepository(db);
    this.apiTokens = new PgApiTokenRepository(db);
  }

  /** Connects, creates the schema when missing and brings it to this rmm-hub's version. */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const connection = resolveConnection(options);
    const redactor = new SecretRedactor();
    redactor.add(connection.password);
    const pool = new pg.Pool({ ...connection.pool, types: TYPES, max: options.maxConnections ?? 10, connectionTimeoutMillis: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS });
    // An idle connection the server drops (a restart) must not take the process down; the
    // next statement on the pool reconnects or fails with a coded error.
    pool.on('error', () => undefined);
    try {
      const migration = await migrate(pool, connection.schema, MIGRATIONS);
      const db = new Database(pool, connection.schema, options.lockTimeoutMs ?? LOCK_TIMEOUT_MS);
      return new PostgresStore(db, { schema: connection.schema, server: connection.server, redactor }, migration);
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw storeErrorFromPostgres(error, connection.server, (text) => redactor.redact(text)) ?? error;
    }
  }

  transaction<T>(work: () => Promise<T>): Promise<T> {
    return this.#db.transaction(work);
  }

  explain(error: unknown): RmmError | undefined {
    return storeErrorFromPostgres(error, this.server, (text) => this.#redactor.redact(text));
  }

  async stats(): Promise<Record<string, number>> {
    const tables = await this.#db.rows<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
       WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name <> 'schema_migrations' ORDER BY table_name COLLATE "C"`,
      [this.schema],
    );
    const out: Record<string, number> = {};
    for (const { name } of tables) out[name] = (await this.#db.rows<{ n: number }>(`SELECT COUNT(*) AS n FROM "${name}"`))[0]?.n ?? 0;
    return out;
  }

  async changes(): Promise<number> {
    return this.#db.changes();
  }

  async close(): Promise<void> {
    if (!this.#db.pool.ended) await this.#db.close();
  }
}
