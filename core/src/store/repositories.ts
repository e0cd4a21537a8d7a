/**
 * Repository interfaces of the foundation tables. The linking and identification engines
 * declare their own ports in their `port/` folders (`LinkRepository`, `ComputerRepository`).
 *
 * Every write method is idempotent: writing the same records twice changes nothing the second
 * time and reports them as `unchanged`. That is what lets a re-sync with no upstream change
 * write nothing.
 */
import type { IdentifiedAgent } from '../capabilities/agent.schema.js';
import type { HealthReport } from '../capabilities/health-check.js';
import type { RmmClient } from '../capabilities/list-clients.js';
import type { IdentificationAgent, LinkedAgentIdentifiers } from '../identification/model/agent-records.js';
import type { SpreadQuery, SpreadValue } from '../identification/model/identifier-spread.js';
import type { ProcessRef } from './process-locks.js';
import type {
  AuditEntry,
  IntegrationRecord,
  ScriptRunRecord,
  StoredAgent,
  StoredClient,
  StoredIdentity,
  SyncRunRecord,
  SyncRunStatus,
  TenantRecord,
  UpsertCounts,
} from './records.js';

export interface IntegrationRepository {
  upsert(record: Pick<IntegrationRecord, 'id' | 'pluginId' | 'displayName' | 'enabled'>): Promise<void>;
  recordHealth(integrationId: string, report: HealthReport): Promise<void>;
  recordSync(integrationId: string, at: string): Promise<void>;
  get(integrationId: string): Promise<IntegrationRecord | undefined>;
  list(): Promise<IntegrationRecord[]>;
}

export interface TenantRepository {
  /** Inserts or updates by id. Returns true when anything changed. */
  upsert(tenant: Omit<TenantRecord, 'createdAt'> & { createdAt?: string }): Promise<boolean>;
  get(id: string): Promise<TenantRecord | undefined>;
  list(): Promise<TenantRecord[]>;
}

export interface ClientRepository {
  upsertMany(integrationId: string, clients: readonly RmmClient[], at: string): Promise<UpsertCounts>;
  /**
   * After a complete listing: marks every client of the integration not in `seenIds` as gone.
   * Never call it after a partial listing. Returns how many were newly marked.
   */
  markGone(integrationId: string, seenIds: ReadonlySet<string>, at: string): Promise<number>;
  get(integrationId: string, clientId: string): Promise<StoredClient | undefined>;
  list(filter?: { integrationId?: string; includeGone?: boolean }): Promise<StoredClient[]>;
}

export interface AgentRepository {
  /**
   * An agent whose only change is `lastSeen` moving by no more than `PRESENCE_RESOLUTION_MS`
   * counts as unchanged and is not written (see `presenceMoved`).
   */
  upsertMany(integrationId: string, agents: readonly IdentifiedAgent[], at: string): Promise<UpsertCounts>;
  /** What is stored of these agents' identities, by agent id; an agent not stored has no entry. */
  identitiesOf(integrationId: string, agentIds: readonly string[]): Promise<Map<string, StoredIdentity>>;
  /**
   * Records that these agents' identities were read from the RMM at `at`, against the listed
   * fields `basis`. Bookkeeping, not content: the agents' rows are otherwise untouched.
   */
  recordIdentityChecks(integrationId: string, checks: readonly { agentId: string; basis: string }[], at: string): Promise<void>;
  /**
   * After a complete listing of `clientIds`: marks their agents not in `seenIds` as gone. An id
   * may name a site or location: its agents count as listed too. Agents of other clients are
   * untouched. Returns how many were newly marked.
   */
  markGone(integrationId: string, clientIds: readonly string[], seenIds: ReadonlySet<string>, at: string): Promise<number>;
  get(integrationId: string, agentId: string): Promise<StoredAgent | undefined>;
  /** Streams agents; memory stays flat whatever the fleet size. */
  iterate(filter?: { integrationId?: string; clientIds?: readonly string[]; includeGone?: boolean }): AsyncIterable<StoredAgent>;
  /**
   * Streams the live agents of clients linked to a tenant, each with its tenant, in no particular
   * order. An agent's tenant is its site's or location's link first, then its client's
   * (`tenantOfAgent`); the other linked reads below follow the same rule.
   */
  iterateLinked(): AsyncIterable<IdentificationAgent>;
  /**
   * How widely the same agents' identifiers (as stored, normalised: see `AgentIdentifiers`;
   * with `query.overrides` applied) are spread over machines and tenants: the values on at
   * least `query.machines` distinct hostnames, and the UUIDs, serials and board serials in more
   * than one tenant, in no particular order. A `GROUP BY` in SQL; `spreadOf` is the reference.
   */
  identifierSpread(query: SpreadQuery): Promise<SpreadValue[]>;
  /** The live agents of the clients linked to one tenant, with their identifiers as stored, in no particular order. */
  linkedIdentifiersOf(tenantId: string): Promise<LinkedAgentIdentifiers[]>;
  count(filter?: { integrationId?: string; includeGone?: boolean }): Promise<number>;
}

/**
 * The process a `running` sync run belongs to, and the last heartbeat of the integration's
 * sync lock when that process still holds it. Runs recorded before runs named their process
 * have no `pid`.
 */
export interface RunOwner {
  pid?: number | undefined;
  host?: string | undefined;
  heartbeatAt?: string | undefined;
}

export interface SyncRunRepository {
  /** Records a run as `running`, owned by `owner` (this process). */
  start(integrationId: string, at: string, owner: ProcessRef): Promise<SyncRunRecord>;
  finish(id: string, outcome: { status: Exclude<SyncRunStatus, 'running'>; counts: Record<string, number>; error?: SyncRunRecord['error']; at: string }): Promise<void>;
  /**
   * Marks `interrupted` the runs left `running` whose process `isGone` says is gone (a run of
   * a live process, in this or another process, is left alone). Returns how many.
   */
  markInterrupted(at: string, isGone: (owner: RunOwner) => boolean): Promise<number>;
  last(integrationId: string): Promise<SyncRunRecord | undefined>;
  list(filter?: { integrationId?: string; limit?: number }): Promise<SyncRunRecord[]>;
}

export interface ScriptRunRepository {
  insert(run: ScriptRunRecord): Promise<void>;
  update(id: string, patch: Partial<Omit<ScriptRunRecord, 'id'>>): Promise<void>;
  list(filter?: { computerId?: string; integrationId?: string; limit?: number }): Promise<ScriptRunRecord[]>;
}

/** Append-only: there is no update or delete. */
export interface AuditLog {
  append(entry: Omit<AuditEntry, 'seq' | 'at'> & { at?: string }): Promise<AuditEntry>;
  list(filter?: { subject?: string; action?: string; limit?: number }): Promise<AuditEntry[]>;
  /** One page, newest first, of the entries before `beforeSeq` (from the newest when absent), filtered. */
  page(query: { subject?: string | undefined; action?: string | undefined; actor?: string | undefined; beforeSeq?: number | undefined; limit: number }): Promise<AuditEntry[]>;
}
