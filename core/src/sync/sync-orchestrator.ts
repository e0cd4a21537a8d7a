/**
 * The main job. For every enabled integration, concurrently:
 *   HealthCheck → ListClients → upsert → linking → ListComputers of linked clients, a group of
 *   tenants at a time (streamed, each batch in its own transaction) → identity for the agents
 *   that need it → upsert agents → agents of the group's clients not listed marked gone;
 * and identification: each tenant as soon as every integration has linked and every listing
 * feeding it has ended, in rounds while other tenants are still listed, then a final pass (see
 * `identification-rounds.ts`) — or, where the step cannot work in rounds (identity scripts are
 * gathered over the whole fleet), once for everything stored after the last listing — unless
 * the request lists only, leaving each tenant's identification to a job of its own.
 *
 * An unhealthy HealthCheck is reported as warnings, not a stop: see the comment at the call.
 *
 * Rules that keep data safe:
 * - a failing integration never stops the others (each runs in its own try, results settled);
 * - only a listing that ran to its end may mark records gone (a group's agents: its listing);
 *   an interrupted one marks nothing;
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
import { mergeStreams } from '../http/merge-streams.js';
import { IdentificationQueue } from './identification-queue.js';
import { READS_IN_FLIGHT, withIdentities, type ListedIdentities } from './listed-identities.js';
import { ReadSlots } from './read-slots.js';
import type { IntegrationSyncReport, SyncReport } from './sync-report.js';
import type { IdentificationStep, LinkingStep, TenantRounds } from './sync-steps.js';
import { tenantGroups, type TenantGroup } from './tenant-groups.js';
import { TenantReadiness } from './tenant-readiness.js';

/** What an integration's run tells of its listing (see `TenantReadiness`). */
type ListingFeed = Pick<TenantReadiness, 'linked' | 'listed'>;

/** The end of one group's listing, after its agents. */
class GroupEnd {
  constructor(
    readonly group: TenantGroup,
    readonly agents: number,
  ) {}
}

/** Where `#listAgents` counts, and what it needs from the run. */
interface AgentTally {
  counts: Record<string, number>;
  identityFailures: string[];
  /** The agents that exist upstream, given those listed. */
  present: (seen: Set<string>) => Set<string>;
  feed: ListingFeed | undefined;
}

/** Groups of tenants (see `tenant-groups.ts`) one integration lists at once: enough to keep any RMM's listing cap busy. */
const GROUPS_IN_FLIGHT = 8;
/** Tenants named in an identification round's progress. */
const ROUND_SAMPLES = 3;
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
    const rounds = listingOnly || request.signal?.aborted ? undefined : this.options.identification?.rounds?.({ at: started.toISOString() });
    const queue = rounds && this.#identificationQueue(rounds, chosen.map((i) => i.id), request.signal);
    const readiness = queue && new TenantReadiness(chosen.map((i) => i.id), (tenantIds, pending) => queue.add(tenantIds, pending));
    const reports = await Promise.all(chosen.map((info) => this.#syncFeeding(info.id, readiness, request.signal).finally(() => readiness?.ended(info.id))));
    const tenantIds = listingOnly ? [...new Set([...fedBefore, ...(await this.#tenantsFedBy(chosen.map((i) => i.id)))])].sort() : undefined;

    let identification: SyncReport['identification'];
    let identificationError: ErrorSummary | undefined;
    if (queue) {
      // Stopped during the listing: the rounds are given up (as identification is when stopped before it).
      const stopped = request.signal?.aborted === true;
      try {
        identification = await queue.finish();
      } catch (error) {
        if (!stopped) identificationError = this.#summarise(error);
      }
    } else if (this.options.identification && !listingOnly && !request.signal?.aborted) {
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
      ...(queue && queue.failed.length > 0 ? { identificationRoundErrors: queue.failed } : {}),
      rowsWritten,
      ...(tenantIds ? { tenantIds } : {}),
    };
  }

  /**
   * Identification in rounds while the listings run (see `identification-queue.ts`); each round
   * is reported as the identification phase's progress of every integration of the sync.
   */
  #identificationQueue(rounds: TenantRounds, integrationIds: string[], signal: AbortSignal | undefined): IdentificationQueue {
    const { host } = this.options;
    let tenants = 0;
    return new IdentificationQueue({
      rounds,
      lock: () => this.#lock('identification', 'identification', undefined, signal),
      onRound: (round, tenantIds) => {
        tenants += tenantIds.length;
        const detail = `round ${round}: ${tenantIds.length} tenant(s), e.g. ${tenantIds.slice(0, ROUND_SAMPLES).join(', ')}`;
        for (const integrationId of integrationIds) host.emit('sync:progress', { integrationId, phase: 'identification', done: tenants, detail });
      },
      summarise: (error) => this.#summarise(error),
      signal,
    });
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
    return this.#syncFeeding(integrationId, undefined, signal);
  }

  /** {@link syncIntegration}, telling `readiness` as it links and lists (a run joined tells only its own). */
  #syncFeeding(integrationId: string, readiness: ListingFeed | undefined, signal: AbortSignal | undefined): Promise<IntegrationSyncReport> {
    const existing = this.#running.get(integrationId);
    if (existing) return existing;
    const run = this.#run(integrationId, readiness, signal).finally(() => this.#running.delete(integrationId));
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

  async #run(integrationId: string, feed: ListingFeed | undefined, signal?: AbortSignal): Promise<IntegrationSyncReport> {
    let lock: HeldLock | undefined;
    let refused: unknown;
    try {
      lock = await this.#lock(`sync:${integrationId}`, `a sync of ${integrationId}`, integrationId, signal);
    } catch (error) {
      refused = error;
    }
    try {
      return await this.#runHolding(integrationId, refused, feed, signal);
    } finally {
      lock?.release();
    }
  }

  async #runHolding(integrationId: string, refused: unknown, feed: ListingFeed | undefined, signal?: AbortSignal): Promise<IntegrationSyncReport> {
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
      const groups = tenantGroups((await store.links.listLinks({ integrationId })).filter((l) => active.has(l.clientId)));
      const linkedClientIds = groups.flatMap((g) => g.clientIds).sort();
      counts['linkedClients'] = linkedClientIds.length;
      const listing = linkedClientIds.length > 0 && host.supports(integrationId, 'ListComputers');
      feed?.linked(integrationId, listing ? groups.flatMap((g) => g.tenantIds) : []);
      if (listing) {
        // An agent the plugin could not read this time still exists upstream: never mark it gone.
        const present = (seen: Set<string>): Set<string> => (skipped.agentIds.size === 0 ? seen : new Set([...seen, ...skipped.agentIds]));
        const { seen, unlisted } = await this.#listAgents(integrationId, groups, { counts, identityFailures, present, feed }, signal);
        const known = await store.agents.count({ integrationId });
        if (seen.size === 0 && known > 0) {
          warnings.push(
            `the listing returned no agents for ${linkedClientIds.length} linked clients where ${known} were known; nothing was marked gone (on N-central, log in once as the API user and accept the EULA)`,
          );
          counts['agentsGone'] = 0;
        } else if (unlisted.length > 0) {
          counts['agentsGone'] = (counts['agentsGone'] ?? 0) + (await store.agents.markGone(integrationId, unlisted, present(seen), this.#now()));
        }
        counts['agentsGone'] ??= 0;
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
   * Lists the agents, a group of tenants' clients at a time (several at once, see
   * `tenant-groups.ts`), a batch at a time: each batch's identity reads (see
   * `listed-identities.ts`) start as soon as it is full or a group's listing ends, sharing one set
   * of read slots, and the listing goes on meanwhile; batches are written in order, and the
   * listing waits while two batches' worth of agents are not yet written. Once a group's agents
   * are written, those its listing missed are marked gone and `feed` hears of its tenants —
   * unless its listing found nothing: whether that is suspicious is known only at the end, so its
   * clients are returned as `unlisted`.
   */
  async #listAgents(integrationId: string, groups: TenantGroup[], tally: AgentTally, signal?: AbortSignal): Promise<{ seen: Set<string>; unlisted: string[] }> {
    const { host, store } = this.options;
    const { counts, identityFailures } = tally;
    const seen = new Set<string>();
    const unlisted: string[] = [];
    const slots = new ReadSlots(READS_IN_FLIGHT);
    let batch: RmmAgent[] = [];
    let batches = 0;
    let held = 0;
    let written: Promise<void> = Promise.resolve();
    /** Batches not yet written, oldest first. */
    const writing: Promise<void>[] = [];
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
    const flush = (): void => {
      if (batch.length === 0) return;
      const page = batch;
      batch = [];
      held += page.length;
      const now = this.#clock();
      const filling = withIdentities(page, { host, store, integrationId, refreshDays: this.options.identityRefreshDays ?? 7, now, slots, signal });
      const previous = written;
      written = (async () => {
        const filled = await filling;
        await previous;
        await write(filled, now.toISOString());
        held -= page.length;
        writing.shift();
      })();
      writing.push(written);
      // Awaited by the listing or at the end; this only keeps an early failure from counting as unhandled.
      written.catch(() => undefined);
    };
    const listed = async (group: TenantGroup, agents: number): Promise<void> => {
      if (agents === 0) {
        unlisted.push(...group.clientIds);
        return;
      }
      counts['agentsGone'] = (counts['agentsGone'] ?? 0) + (await store.agents.markGone(integrationId, group.clientIds, tally.present(seen), this.#now()));
      for (const tenantId of group.tenantIds) tally.feed?.listed(integrationId, tenantId);
    };
    const options = signal ? { signal } : {};
    const listings = groups.map((group) => async function* (): AsyncGenerator<RmmAgent | GroupEnd> {
      let agents = 0;
      for await (const agent of host.call(integrationId, 'ListComputers', { clientIds: group.clientIds }, options)) {
        agents++;
        yield agent;
      }
      yield new GroupEnd(group, agents);
    });
    try {
      for await (const item of mergeStreams(listings, GROUPS_IN_FLIGHT)) {
        if (item instanceof GroupEnd) {
          flush();
          written = written.then(() => listed(item.group, item.agents));
          written.catch(() => undefined);
          continue;
        }
        if (seen.has(item.id)) continue;
        seen.add(item.id);
        batch.push(item);
        if (batch.length >= this.#batchSize) flush();
        while (held >= 2 * this.#batchSize) await writing[0];
      }
      flush();
      await written;
    } finally {
      // A listing that failed still lets the batches under way finish before the run is reported.
      await written.catch(() => undefined);
    }
    counts['agents'] = seen.size;
    return { seen, unlisted };
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
