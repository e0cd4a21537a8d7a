/**
 * A Store held in memory: a real implementation of every repository, with no SQL and nothing
 * written to disk, for the engines' and services' tests and for trying rmm-hub out. Units of
 * work are whole (a throw rolls every table back), listings come in the order the SQLite store
 * gives them, and writes that change nothing are not made. Everything is gone when the process
 * ends; `close()` keeps nothing.
 */
import type { RmmError } from '../errors/rmm-error.js';
import type { Store } from '../store/store.js';
import { MemoryAgentRepository } from './memory-agents.js';
import { MemoryApiTokenRepository } from './memory-api-tokens.js';
import { MemoryAuditLog } from './memory-audit-log.js';
import { MemoryClientRepository } from './memory-clients.js';
import { MemoryComputerRepository } from './memory-computers.js';
import { MemoryIntegrationRepository, MemoryIntegrationStateRepository } from './memory-integrations.js';
import { MemoryLinkRepository } from './memory-links.js';
import { MemoryProcessLockRepository } from './memory-locks.js';
import { MemoryScriptRunRepository, MemorySyncRunRepository } from './memory-runs.js';
import { MemoryTables, type Rows } from './memory-tables.js';
import { MemoryTenantRepository } from './memory-tenants.js';

/** The table names of `stats()`, as the SQLite store names them. */
const TABLES: Record<string, (rows: Rows) => number> = {
  agent_links: (r) => r.agentLinks.size,
  agents: (r) => r.agents.size,
  api_tokens: (r) => r.apiTokens.size,
  audit_log: (r) => r.audit.length,
  computer_timeline: (r) => r.timeline.length,
  computers: (r) => r.computers.size,
  identification_changes: (r) => [...r.ops.values()].reduce((n, op) => n + op.changes.length, 0),
  identification_conflicts: (r) => r.conflicts.size,
  identification_memo: (r) => (r.identificationMemo === undefined ? 0 : 1),
  identification_ops: (r) => r.ops.size,
  identification_pins: (r) => r.pins.size,
  identity_reports: (r) => r.identityReports.size,
  integration_state: (r) => r.integrationState.size,
  integrations: (r) => r.integrations.size,
  link_decisions: (r) => r.decisions.size,
  link_suggestions: (r) => r.suggestions.size,
  process_locks: (r) => r.locks.size,
  rmm_clients: (r) => r.clients.size,
  script_runs: (r) => r.scriptRuns.size,
  sync_runs: (r) => r.syncRuns.size,
  tenant_links: (r) => r.tenantLinks.size,
  tenants: (r) => r.tenants.size,
};

/**
 * The in-memory Store.
 * @example
 * const store = new MemoryStore();
 * store.transaction(() => store.tenants.upsert({ id: 't1', name: 'Acme', domains: [], isMsp: false }));
 */
export class MemoryStore implements Store {
  readonly #tables = new MemoryTables();
  readonly integrations = new MemoryIntegrationRepository(this.#tables);
  readonly tenants = new MemoryTenantRepository(this.#tables);
  readonly clients = new MemoryClientRepository(this.#tables);
  readonly agents = new MemoryAgentRepository(this.#tables);
  readonly links = new MemoryLinkRepository(this.#tables);
  readonly computers = new MemoryComputerRepository(this.#tables);
  readonly syncRuns = new MemorySyncRunRepository(this.#tables);
  readonly scriptRuns = new MemoryScriptRunRepository(this.#tables);
  readonly audit = new MemoryAuditLog(this.#tables);
  readonly locks = new MemoryProcessLockRepository(this.#tables);
  readonly integrationState = new MemoryIntegrationStateRepository(this.#tables);
  readonly apiTokens = new MemoryApiTokenRepository(this.#tables);
  readonly readOnly = false;

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    return this.#tables.transaction(work);
  }

  async stats(): Promise<Record<string, number>> {
    return Object.fromEntries(Object.entries(TABLES).map(([name, count]) => [name, count(this.#tables.rows)]));
  }

  async changes(): Promise<number> {
    return this.#tables.changes;
  }

  /** Memory has no failures of its own to explain. */
  explain(): RmmError | undefined {
    return undefined;
  }

  async close(): Promise<void> {
    // Nothing to release: the rows go with the object.
  }
}
