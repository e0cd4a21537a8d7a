/**
 * The Store: everything rmm-hub persists, behind repository interfaces. Core never imports an
 * implementation; `@rmm-hub/store-sqlite` is the default one, and a PostgreSQL one could be
 * added without touching the engines.
 *
 * Every method returns a Promise, so a store on a network database can implement it. Writes
 * are grouped in units of work with {@link Store.transaction}; the sync writes each page of a
 * listing in one, so a crash leaves whole pages or nothing.
 */
import type { RmmError } from '../errors/rmm-error.js';
import type { ApiTokenRepository } from './api-token-repository.js';
import type { ComputerRepository } from '../identification/port/computer-repository.js';
import type { LinkRepository } from '../linking/port/link-repository.js';
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
   * Runs `work` as one unit of work: all of it is written, or none (a rejection rolls it all
   * back). It takes the store's write lock when it begins, so a write after a read inside it
   * never finds the store taken by another process mid-way (it waits its turn up front
   * instead). Units of work of one process never interleave: each sees only its own writes and
   * what was committed before it began. Calls made inside `work` (across its awaits) belong to
   * it, and nested calls join it.
   */
  transaction<T>(work: () => Promise<T>): Promise<T>;
  /** Row counts per table, for `status` and for tests that assert nothing was written. */
  stats(): Promise<Record<string, number>>;
  /** Total rows changed since the store was opened; a re-sync with no upstream change leaves it alone. */
  changes(): Promise<number>;
  /**
   * A failure of the store's own engine (locked by another process, read-only, disk full) as
   * a coded error with a hint; undefined for anything else.
   */
  explain(error: unknown): RmmError | undefined;
  close(): Promise<void>;
}

/** DI token for the host's store, registered on the root container. */
export const StoreToken = Symbol.for('rmm.Store');
