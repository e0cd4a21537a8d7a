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
}

export class SyncScheduler {
  readonly #timers = new Map<string, NodeJS.Timeout>();

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
    for (const [id, seconds] of Object.entries(this.intervals())) {
      if (this.#timers.has(id)) continue;
      const timer = setInterval(() => void this.trigger(id), seconds * 1000);
      timer.unref?.();
      this.#timers.set(id, timer);
    }
  }

  /** Syncs now: one integration, or all of them. Never overlaps a run of the same integration. */
  async trigger(integrationId?: string): Promise<SyncReport | undefined> {
    try {
      const report = await this.orchestrator.sync(integrationId ? { integrationIds: [integrationId] } : {});
      this.options.onReport?.(report);
      return report;
    } catch (error) {
      this.options.onError?.(error);
      return undefined;
    }
  }

  stop(): void {
    for (const timer of this.#timers.values()) clearInterval(timer);
    this.#timers.clear();
  }
}
