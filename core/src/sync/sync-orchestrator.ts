/**
 * The main job. For every enabled integration, concurrently:
 *   HealthCheck → ListClients → upsert → linking → ListComputers of linked clients (streamed,
 *   each batch in its own transaction) → identity for the agents that need it → upsert agents;
 * then, once for everything stored: identification (with identity scripts where needed) —
 * unless the request lists only, leaving each tenant's identification to a job of its own.
 *
 * An unhealthy HealthCheck is reported as warnings, not a stop: see the comment at the call.
 *
 * Rules that keep data safe:
 * - a failing integration never stops the others (each runs in its own try, results settled);
 * - only a listing that ran to its end may mark records gone; an interrupted one marks nothing;
 * - a listing that suddenly returns nothing where clients or agents were known (e.g. N-central's
 *   EULA not accepted) is treated as suspicious and does not mark anything gone either;
 * - unchanged records are not written, so a re-sync with no upstream change writes nothing;
 * - processes sharing the store never sync one integration, or identify, at the same time: each
 *   holds the store's process lock for that work, and a second one waits for it (see
 *   `process-lock.ts`).
 */
import type { RmmAgent } from '../capabilities/agent.schema.js';
import type { RmmClient } from '../capabilities/list-clients.js';
import { isRmmError } from '../errors/rmm-error.js';
import type { ErrorSummary, HostEvents } from '../events/events.js';
import type { Host } from '../host/host.js';
import type { Store } from '../store/store.js';
import { holdProcessLock, type HeldLock } from './process-lock.js';
import { thisProcess } from './process-liveness.js';
import { withIdentities, type ListedIdentities } from './listed-identities.js';
import type { IntegrationSyncReport, SyncReport } from './sync-report.js';
import type { IdentificationStep, LinkingStep } from './sync-steps.js';

/** The listings whose skipped records a sync counts. */
const LISTINGS: ReadonlySet<string> = new Set(['ListClients', 'ListComputers']);
/** Skipped records quoted in the sync's warning. */
const SKIPPED_SAMPLES = 3;

export interface SyncOrchestratorOptions {
  host: Host;
  store: Store;
  linking?: LinkingStep | undefined;
  identification?: IdentificationStep | undefined;
  /** Records per write transaction. Plugins page at a few hundred; this matches. */
  batchSize?: number;
  clock?: () => Date;
  /**
   * Days within which every agent's identity is read again, for listings that leave identity
   * out (see `identity-refresh.ts`). @default 7
   */
  identityRefreshDays?: number;
  /** How long a sync waits for another process syncing the same integration (or identifying). @default 30 minutes */
  lockWaitMs?: number;
  /** How often a waiting sync looks at the lock again. @default 500 */
  lockPollMs?: number;
}

export interface SyncRequest {
  /** Limit to these integrations; default: every ready integration. */
  integrationIds?: readonly string[] | undefined;
  /**
   * False: list only, leaving identification to a run per tenant (as the job queue's workers do);
   * the report's `tenantIds` says which tenants the listings feed. @default true
   */
  identify?: boolean | undefined;
  signal?: AbortSignal | undefined;
}

export class SyncOrchestrator {
  readonly #running = new Map<string, Promise<IntegrationSyncReport>>();
  readonly #batchSize: number;
  readonly #clock: () => Date;

  constructor(private readonly options: SyncOrchestratorOptions) {
    this.#batchSize = options.batchSize ?? 500;
    this.#clock = options.clock ?? (() => new Date());
  }

  /** True while a sync of this integration is under way. */
  isRunning(integrationId: string): boolean {
    return this.#running.has(integrationId);
  }

  async sync(request: SyncRequest = {}): Promise<SyncReport> {
    const started = this.#clock();
    const ready = this.options.host.integrations().filter((i) => i.state === 'ready');
    const chosen = request.integrationIds ? ready.filter((i) => request.integrationIds!.includes(i.id)) : ready;
    const listingOnly = request.identify === false;
    // Read before as well as after: a tenant whose link the linking step removed lost agents too.
    const fedBefore = listingOnly ? await this.#tenantsFedBy(chosen.map((i) => i.id)) : [];
    const reports = await Promise.all(chosen.map((info) => this.syncIntegration(info.id, request.signal)));
    const tenantIds = listingOnly ? [...new Set([...fedBefore, ...(await this.#tenantsFedBy(chosen.map((i) => i.id)))])].sort() : undefined;

    let identification: SyncReport['identification'];
    let identificationError: ErrorSummary | undefined;
    if (this.options.identification && !listingOnly && !request.signal?.aborted) {
      let lock: HeldLock | undefined;
      try {
        lock = await this.#lock('identification', 'identification', undefined, request.signal);
        identification = await this.options.identification.identify({
          at: this.#clock().toISOString(),
          onProgress: (done, total) => {
            for (const r of reports) this.options.host.emit('sync:progress', { integrationId: r.integrationId, phase: 'identification', done, total });
          },
          signal: request.signal,
        });
      } catch (error) {
        identificationError = this.#summarise(error);
      } finally {
        lock?.release();
      }
    }
    const finished = this.#clock();
    const rowsWritten =
      reports.reduce((sum, r) => sum + (r.counts['clientsWritten'] ?? 0) + (r.counts['agentsWritten'] ?? 0) + (r.counts['linksWritten'] ?? 0), 0) +
      (identification?.written ?? 0);
    return {
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      durationMs: finished.getTime() - started.getTime(),
      integrations: reports,
      identification,
      identificationError,
      rowsWritten,
      ...(tenantIds ? { tenantIds } : {}),
    };
  }

  /**
   * Runs `work` holding the store's identification lock, as the sync's identification does: no
   * two processes identify at once (a second waits, see `holdProcessLock`).
   */
  async underIdentificationLock<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const lock = await this.#lock('identification', 'identification', undefined, signal);
    try {
      return await work();
    } finally {
      lock.release();
    }
  }

  /** The tenants linked to these integrations' clients: those whose agents their listings feed. */
  async #tenantsFedBy(integrationIds: readonly string[]): Promise<string[]> {
    const tenants = new Set<string>();
    for (const integrationId of integrationIds) for (const link of await this.options.store.links.listLinks({ integrationId })) tenants.add(link.tenantId);
    return [...tenants];
  }

  /** Syncs one integration (without identification). Joins a run already under way. */
  syncIntegration(integrationId: string, signal?: AbortSignal): Promise<IntegrationSyncReport> {
    const existing = this.#running.get(integrationId);
    if (existing) return existing;
    const run = this.#run(integrationId, signal).finally(() => this.#running.delete(integrationId));
    this.#running.set(integrationId, run);
    return run;
  }

  /** Waits for, then holds, the store's lock on `name` (see `holdProcessLock`). */
  #lock(name: string, work: string, integrationId: string | undefined, signal: AbortSignal | undefined): Promise<HeldLock> {
    const { host, store } = this.options;
    return holdProcessLock(store, name, work, {
      waitMs: this.options.lockWaitMs ?? 30 * 60_000,
      pollMs: this.options.lockPollMs ?? 500,
      signal,
      clock: this.#clock,
      onWait: (holder) => host.emit('sync:waiting', { integrationId, work, holder: { pid: holder.pid, host: holder.host, since: holder.acquiredAt } }),
    });
  }

  async #run(integrationId: string, signal?: AbortSignal): Promise<IntegrationSyncReport> {
    let lock: HeldLock | undefined;
    let refused: unknown;
    try {
      lock = await this.#lock(`sync:${integrationId}`, `a sync of ${integrationId}`, integrationId, signal);
    } catch (error) {
      refused = error;
    }
    try {
      return await this.#runHolding(integrationId, refused, signal);
    } finally {
      lock?.release();
    }
  }

  async #runHolding(integrationId: string, refused: unknown, signal?: AbortSignal): Promise<IntegrationSyncReport> {
    const { host, store } = this.options;
    const startedAt = this.#clock();
    const record = await store.syncRuns.start(integrationId, startedAt.toISOString(), thisProcess());
    if (refused !== undefined) return this.#finish(record.id, integrationId, startedAt, 'failed', {}, [], this.#summarise(refused));
    host.emit('sync:started', { integrationId, runId: record.id });
    const counts: Record<string, number> = {};
    const warnings: string[] = [];
    let phase = 'health';
    let status: IntegrationSyncReport['status'] = 'succeeded';
    let error: ErrorSummary | undefined;
    const skipped = this.#countSkippedRecords(integrationId);
    try {
      if (host.supports(integrationId, 'HealthCheck')) {
        const report = await host.call(integrationId, 'HealthCheck', { ...(signal ? { signal } : {}) });
        host.emit('sync:progress', { integrationId, phase: 'health', done: 1, total: 1, detail: report.status });
        // An unhealthy report does not stop the sync: a failing check may concern only scripts
        // (the RunScript policy) or be a passing 503, and the listings below fail on their own,
        // coded and hinted, when the RMM really cannot be read — while the guards against
        // partial or suspiciously empty listings keep stored data safe either way.
        for (const check of report.checks.filter((c) => c.status === 'fail')) {
          warnings.push(`health check ${check.name} failed: ${check.message}${check.hint ? ` (${check.hint})` : ''}`);
        }
      }

      phase = 'clients';
      const knownClients = (await store.clients.list({ integrationId })).length;
      const seenClients = await this.#listClients(integrationId, counts, signal);
      if (seenClients.size === 0 && knownClients > 0) {
        warnings.push(`the listing returned no clients where ${knownClients} were known; nothing was marked gone (check the API user's access to customers in the RMM)`);
        counts['clientsGone'] = 0;
      } else {
        counts['clientsGone'] = await store.clients.markGone(integrationId, seenClients, this.#now());
      }
      counts['clientsWritten'] = (counts['clientsInserted'] ?? 0) + (counts['clientsUpdated'] ?? 0) + counts['clientsGone'];

      phase = 'linking';
      if (this.options.linking) {
        const linking = await this.options.linking.reconcile(integrationId, this.#now());
        counts['linked'] = linking.linked;
        counts['suggested'] = linking.suggested;
        counts['linksWritten'] = linking.written;
        host.emit('sync:progress', { integrationId, phase: 'linking', done: linking.linked, detail: `${linking.suggested} suggestions` });
      }

      phase = 'agents';
      const identityFailures: string[] = [];
      // Only clients that still exist upstream: a gone client keeps its link (for history) but is not listed.
      const active = new Set((await store.clients.list({ integrationId })).map((c) => c.id));
      const linkedClientIds = [...new Set((await store.links.listLinks({ integrationId })).map((l) => l.clientId))].filter((id) => active.has(id)).sort();
      counts['linkedClients'] = linkedClientIds.length;
      if (linkedClientIds.length > 0 && host.supports(integrationId, 'ListComputers')) {
        const seenAgents = await this.#listAgents(integrationId, linkedClientIds, counts, identityFailures, signal);
        // An agent the plugin could not read this time still exists upstream: never mark it gone.
        const present = skipped.agentIds.size === 0 ? seenAgents : new Set([...seenAgents, ...skipped.agentIds]);
        const known = await store.agents.count({ integrationId });
        if (seenAgents.size === 0 && known > 0) {
          warnings.push(
            `the listing returned no agents for ${linkedClientIds.length} linked clients where ${known} were known; nothing was marked gone (on N-central, log in once as the API user and accept the EULA)`,
          );
          counts['agentsGone'] = 0;
        } else {
          counts['agentsGone'] = await store.agents.markGone(integrationId, linkedClientIds, present, this.#now());
        }
        counts['agentsWritten'] = (counts['agentsInserted'] ?? 0) + (counts['agentsUpdated'] ?? 0) + counts['agentsGone'];
        if (identityFailures.length > 0) {
          warnings.push(`the identity of ${counts['identityReadsFailed']} agent(s) could not be read and is read again next sync, e.g. ${identityFailures.join('; ')}`);
        }
      }
      await store.integrations.recordSync(integrationId, this.#now());
    } catch (caught) {
      error = this.#summarise(caught);
      status = phase === 'health' || phase === 'clients' ? 'failed' : 'partial';
      error.message = `${phase}: ${error.message}`;
    } finally {
      skipped.stop();
    }
    if (skipped.count > 0) {
      counts['recordsSkipped'] = skipped.count;
      warnings.push(`${skipped.count} record(s) could not be read and were skipped, e.g. ${skipped.samples.join('; ')}`);
    }
    return this.#finish(record.id, integrationId, startedAt, status, counts, warnings, error);
  }

  /**
   * Counts the records the host skipped while this integration's listings ran (unreadable for
   * the plugin, or failing the contract), keeping a few messages as a sample of what was wrong.
   */
  #countSkippedRecords(integrationId: string): { count: number; samples: string[]; agentIds: Set<string>; stop(): void } {
    const events = this.options.host.events;
    const tally = {
      count: 0,
      samples: [] as string[],
      agentIds: new Set<string>(),
      stop: () => void events.off('integration:error', listener),
    };
    const listener = (event: HostEvents['integration:error']): void => {
      if (event.integrationId !== integrationId || !LISTINGS.has(event.capability)) return;
      tally.count++;
      if (tally.samples.length < SKIPPED_SAMPLES) tally.samples.push(event.error.message);
      if (event.capability === 'ListComputers' && event.recordId !== undefined) tally.agentIds.add(event.recordId);
    };
    events.on('integration:error', listener);
    return tally;
  }

  async #finish(
    runId: string,
    integrationId: string,
    startedAt: Date,
    status: IntegrationSyncReport['status'],
    counts: Record<string, number>,
    warnings: string[],
    error: ErrorSummary | undefined,
  ): Promise<IntegrationSyncReport> {
    const { host, store } = this.options;
    const finished = this.#clock();
    await store.syncRuns.finish(runId, { status, counts, error, at: finished.toISOString() });
    const durationMs = finished.getTime() - startedAt.getTime();
    if (error) host.emit('sync:failed', { integrationId, runId, error });
    host.emit('sync:finished', { integrationId, runId, status, counts, durationMs });
    return { integrationId, runId, status, counts, durationMs, error, warnings };
  }

  async #listClients(integrationId: string, counts: Record<string, number>, signal?: AbortSignal): Promise<Set<string>> {
    const { host, store } = this.options;
    const seen = new Set<string>();
    let batch: RmmClient[] = [];
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      add(counts, 'clients', await store.clients.upsertMany(integrationId, batch, this.#now()));
      batch = [];
    };
    for await (const client of host.call(integrationId, 'ListClients', { ...(signal ? { signal } : {}) })) {
      if (seen.has(client.id)) continue; // a page boundary that shifted under us: keep the first
      seen.add(client.id);
      batch.push(client);
      if (batch.length >= this.#batchSize) {
        await flush();
        host.emit('sync:progress', { integrationId, phase: 'clients', done: seen.size });
      }
    }
    await flush();
    counts['clients'] = seen.size;
    host.emit('sync:progress', { integrationId, phase: 'clients', done: seen.size, total: seen.size });
    return seen;
  }

  /**
   * Lists the agents, a batch at a time: each batch's identity reads (see `listed-identities.ts`)
   * start as soon as it is full, and the listing goes on meanwhile; a batch is written once the
   * one before it is. So identity reads keep the RMM's cap busy while the next pages arrive,
   * and at most two batches are held at once.
   */
  async #listAgents(integrationId: string, clientIds: string[], counts: Record<string, number>, identityFailures: string[], signal?: AbortSignal): Promise<Set<string>> {
    const { host, store } = this.options;
    const seen = new Set<string>();
    let batch: RmmAgent[] = [];
    let batches = 0;
    let written: Promise<void> = Promise.resolve();
    const write = async (filled: ListedIdentities, at: string): Promise<void> => {
      add(counts, 'agents', await store.agents.upsertMany(integrationId, filled.agents, at));
      await store.agents.recordIdentityChecks(integrationId, filled.checks, at);
      counts['identityReadsNew'] = (counts['identityReadsNew'] ?? 0) + filled.read.new;
      counts['identityReadsChanged'] = (counts['identityReadsChanged'] ?? 0) + filled.read.changed;
      counts['identityReadsRefresh'] = (counts['identityReadsRefresh'] ?? 0) + filled.read.refresh;
      counts['identityReadsFailed'] = (counts['identityReadsFailed'] ?? 0) + filled.failures.length;
      for (const failure of filled.failures.slice(0, SKIPPED_SAMPLES - identityFailures.length)) identityFailures.push(`agent ${failure.agentId}: ${failure.message}`);
      batches++;
      host.emit('sync:progress', { integrationId, phase: 'agents', done: seen.size, detail: `${batches} batches` });
    };
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      const page = batch;
      batch = [];
      const now = this.#clock();
      const filling = withIdentities(page, { host, store, integrationId, refreshDays: this.options.identityRefreshDays ?? 7, now, signal });
      const previous = written;
      written = (async () => {
        const filled = await filling;
        await previous;
        await write(filled, now.toISOString());
      })();
      // Awaited by the next flush or at the end; this only keeps an early failure from counting as unhandled.
      written.catch(() => undefined);
      await previous;
    };
    try {
      for await (const agent of host.call(integrationId, 'ListComputers', { clientIds }, { ...(signal ? { signal } : {}) })) {
        if (seen.has(agent.id)) continue;
        seen.add(agent.id);
        batch.push(agent);
        if (batch.length >= this.#batchSize) await flush();
      }
      await flush();
      await written;
    } finally {
      // A listing that failed still lets the batch under way finish before the run is reported.
      await written.catch(() => undefined);
    }
    counts['agents'] = seen.size;
    return seen;
  }

  #now(): string {
    return this.#clock().toISOString();
  }

  /** The error as reported: a failure of the store itself (locked, read-only, full) with its code and hint. */
  #summarise(error: unknown): ErrorSummary {
    return summarise(this.options.store.explain(error) ?? error);
  }
}

function add(counts: Record<string, number>, prefix: string, upsert: { inserted: number; updated: number; unchanged: number }): void {
  counts[`${prefix}Inserted`] = (counts[`${prefix}Inserted`] ?? 0) + upsert.inserted;
  counts[`${prefix}Updated`] = (counts[`${prefix}Updated`] ?? 0) + upsert.updated;
  counts[`${prefix}Unchanged`] = (counts[`${prefix}Unchanged`] ?? 0) + upsert.unchanged;
}

function summarise(error: unknown): ErrorSummary {
  if (isRmmError(error)) return { code: error.code, message: error.message, hint: error.hint };
  return { code: 'RMM_ERR_INTERNAL', message: error instanceof Error ? error.message : String(error) };
}
