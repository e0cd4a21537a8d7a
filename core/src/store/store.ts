/**
 * The Store: everything rmm-hub persists, behind repository interfaces. Core never imports an
 * implementation; `@rmm-hub/store-sqlite` is the default one, and a PostgreSQL one could be
 * added without touching the engines.
 *
 * Writes are synchronous and grouped with {@link Store.transaction}; the sync writes each page
 * of a listing in one transaction, so a crash leaves whole pages or nothing.
 */
import type { RmmError } from '../errors/rmm-error.js';
import type { ApiTokenRepository } from './api-token-repository.js';
import type { ComputerRepository } from './computer-repository.js';
import type { LinkRepository } from './link-repository.js';
import type { IntegrationStateRepository, ProcessLockRepository } from './process-locks.js';
import type {
  AgentRepository,
  AuditLog,
  ClientRepository,
  IntegrationRepository,
  ScriptRunRepository,
  SyncRunRepository,
  TenantRepository,
} from './repositories.js';

export interface Store {
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
  /** API tokens of the HTTP API (hashed): see {@link ApiTokenRepository}. */
  readonly apiTokens: ApiTokenRepository;
  /** True when the store was opened for reading only: every write fails with a coded error. */
  readonly readOnly: boolean;

  /**
   * Runs `work` in one transaction: all of it is written, or none. The transaction takes the
   * store's write lock when it begins, so a write after a read inside it never finds the store
   * taken by another process mid-way (it waits its turn up front instead). Nested calls join
   * the outer one.
   */
  transaction<T>(work: () => T): T;
  /** Row counts per table, for `status` and for tests that assert nothing was written. */
  stats(): Record<string, number>;
  /** Total rows changed since the store was opened; a re-sync with no upstream change leaves it alone. */
  changes(): number;
  /**
   * A failure of the store's own engine (locked by another process, read-only, disk full) as
   * a coded error with a hint; undefined for anything else.
   */
  explain(error: unknown): RmmError | undefined;
  close(): void;
}

/** DI token for the host's store, registered on the root container. */
export const StoreToken = Symbol.for('rmm.Store');
