/** What one sync run reports, per integration and overall. */
import type { ErrorSummary } from '../events/events.js';
import type { SyncRunStatus } from '../store/records.js';
import type { FailedRound } from './identification-queue.js';
import type { IdentificationStepSummary } from './sync-steps.js';

export interface IntegrationSyncReport {
  integrationId: string;
  runId: string;
  status: Exclude<SyncRunStatus, 'running'>;
  counts: Record<string, number>;
  durationMs: number;
  error?: ErrorSummary | undefined;
  /** Why listing results were not used to mark records gone, when they were not. */
  warnings: string[];
}

/** What one sync did: a report per integration, identification's summary, rows written and time taken. */
export interface SyncReport {
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  integrations: IntegrationSyncReport[];
  identification?: IdentificationStepSummary | undefined;
  identificationError?: ErrorSummary | undefined;
  /**
   * Rounds of identification during the listing that failed, with their tenants; the final pass
   * tried those tenants again (`identificationError` says if it failed too).
   */
  identificationRoundErrors?: FailedRound[] | undefined;
  /** Data rows written by the whole run (clients, agents, links, computers); 0 on a no-change re-sync. */
  rowsWritten: number;
  /**
   * With `identify: false` only: the tenants linked to the synced integrations' clients, before
   * or after the sync (whose agents its listings feed), sorted; each is identified on its own.
   */
  tenantIds?: string[] | undefined;
}
