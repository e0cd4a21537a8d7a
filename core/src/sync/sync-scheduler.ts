/**
 * Runs syncs on an interval per integration (the config's `syncIntervalSeconds`, else the
 * plugin's recommendation, else the default), never two of one integration at once (the
 * orchestrator joins a run in progress), and on demand through {@link SyncScheduler.trigger}.
 */
import type { Host } from '../host/host.js';
import type { SyncReport } from './sync-report.js';
import type { SyncOrchestrator } from './sync-orchestrator.js';

export interface SyncSchedulerOptions {
  defaultIntervalSeconds?: number;
  onReport?: (report: SyncReport) => void;
  onError?: (error: unknown) => void;
  /**
   * The timers keep the process alive, as a program that only schedules syncs (`sync --watch`)
   * needs. Off by default: a host application decides itself when its process ends.
   */
  keepProcessAlive?: boolean;
}

export class SyncScheduler {
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #inFlight = new Set<Promise<unknown>>();
  #abort = new AbortController();

  constructor(
    private readonly host: Host,
    private readonly orchestrator: SyncOrchestrator,
    private readonly options: SyncSchedulerOptions = {},
  ) {}

  /** The interval, in seconds, each ready integration is synced at. */
  intervals(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const info of this.host.integrations()) {
      if (info.state === 'ready') out[info.id] = info.syncIntervalSeconds ?? this.options.defaultIntervalSeconds ?? 3600;
    }
    return out;
  }

  start(): void {
    if (this.#abort.signal.aborted) this.#abort = new AbortController();
    for (const [id, seconds] of Object.entries(this.intervals())) {
      if (this.#timers.has(id)) continue;
      const timer = setInterval(() => void this.trigger(id), seconds * 1000);
      if (!this.options.keepProcessAlive) timer.unref?.();
      this.#timers.set(id, timer);
    }
  }

  /** Syncs now: one integration, or all of them. Never overlaps a run of the same integration. */
  async trigger(integrationId?: string): Promise<SyncReport | undefined> {
    const run = this.orchestrator.sync({ ...(integrationId ? { integrationIds: [integrationId] } : {}), signal: this.#abort.signal });
    this.#inFlight.add(run);
    try {
      const report = await run;
      this.options.onReport?.(report);
      return report;
    } catch (error) {
      this.options.onError?.(error);
      return undefined;
    } finally {
      this.#inFlight.delete(run);
    }
  }

  /** Stops the timers, cancels the syncs under way, and resolves once they have wound down. */
  async stop(): Promise<void> {
    for (const timer of this.#timers.values()) clearInterval(timer);
    this.#timers.clear();
    this.#abort.abort();
    await Promise.allSettled([...this.#inFlight]);
  }
}
