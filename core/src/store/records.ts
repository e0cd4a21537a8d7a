/**
 * The records the store keeps. Engines and the sync read and write these through the
 * repositories in this folder; the store implementation decides how they are laid out.
 * All instants are ISO-8601 UTC strings.
 */
import type { HealthReport } from '../capabilities/health-check.js';
import type { AgentIdentity, IdentifiedAgent } from '../capabilities/agent.schema.js';
import type { RmmClient } from '../capabilities/list-clients.js';
import type { ScriptLanguage, ScriptStatus } from '../capabilities/run-script.js';

/** A tenant of the platform: one of the MSP's customers (or the MSP itself). */
export interface TenantRecord {
  id: string;
  name: string;
  psaCompanyId?: string | undefined;
  domains: string[];
  /** The MSP's own tenant. It must be linked by hand before anything else is auto-linked. */
  isMsp: boolean;
  createdAt: string;
}

export interface IntegrationRecord {
  id: string;
  pluginId: string;
  displayName: string;
  enabled: boolean;
  lastHealth?: HealthReport | undefined;
  lastSyncAt?: string | undefined;
}

/** An RMM client as last listed, scoped by integration. */
export interface StoredClient extends RmmClient {
  integrationId: string;
  firstSeenAt: string;
  /** Set when a complete listing no longer contained it; cleared when it reappears. */
  goneAt?: string | undefined;
}

/** An RMM agent as last listed, scoped by integration. */
export interface StoredAgent extends IdentifiedAgent {
  integrationId: string;
  firstSeenAt: string;
  goneAt?: string | undefined;
}

/**
 * What the store knows of an agent's identity, for deciding whether to read it from the RMM
 * again: the identity, when it was last read on its own (GetComputerIdentity), and the listed
 * fields it was read against (see `identityBasis` in core/src/sync).
 */
export interface StoredIdentity {
  identity: AgentIdentity;
  /** Undefined when the identity only ever came with the listing. */
  checkedAt?: string | undefined;
  basis?: string | undefined;
}

/** How many rows a batch upsert changed. Unchanged rows are not written at all. */
export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

export type SyncRunStatus = 'running' | 'succeeded' | 'failed' | 'partial' | 'interrupted';

export interface SyncRunRecord {
  id: string;
  integrationId: string;
  startedAt: string;
  finishedAt?: string | undefined;
  status: SyncRunStatus;
  counts: Record<string, number>;
  error?: { code: string; message: string; hint?: string | undefined } | undefined;
}

export interface ScriptRunRecord {
  id: string;
  /** Who asked for the run (a user name, or `system:identification`). */
  actor: string;
  computerId?: string | undefined;
  integrationId: string;
  agentId: string;
  language: ScriptLanguage;
  /** SHA-256 of the script body: the body itself is not kept. */
  scriptSha256: string;
  status: ScriptStatus | 'error';
  exitCode?: number | null | undefined;
  /** The first few KiB of output, redacted. */
  output?: string | undefined;
  errorCode?: string | undefined;
  startedAt: string;
  finishedAt?: string | undefined;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  /** Namespaced with a colon, e.g. `link:accept`, `computer:undo`, `script:run`. */
  action: string;
  /** What it was done to, e.g. `client:nc-prod/123`, `computer:c_42`. */
  subject: string;
  reason?: string | undefined;
  details: Record<string, unknown>;
}
