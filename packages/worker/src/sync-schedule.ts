/**
 * Scheduled syncs through the queue: each integration's sync is asked for once per interval (the
 * config's `syncIntervalSeconds`, else the plugin's recommendation). Any number of workers may
 * run a schedule: the queue accepts one scheduled request per integration and interval slot and
 * merges the rest, so several schedulers sync no more often than one.
 */
import type { SyncQueue } from './sync-queue.js';

export interface SyncScheduleOptions {
  queue: Pick<SyncQueue, 'enqueue'>;
  /** Seconds between syncs, per integration. */
  intervals: Readonly<Record<string, number>>;
  /**
   * How often to ask, at most: a slot that starts while no request is due waits at most this long
   * for its sync to be asked for. @default 60000
   */
  checkEveryMs?: number;
  /** Told when the queue cannot be reached: the next check asks again. */
  onError?: (error: unknown) => void;
}

export class SyncSchedule {
  readonly #options: SyncScheduleOptions;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: SyncScheduleOptions) {
    this.#options = options;
  }

  /** Asks for every integration's sync now (merged into one already asked for this slot), then keeps checking. */
  start(): void {
    const { intervals, checkEveryMs = 60_000 } = this.#options;
    if (this.#timer || Object.keys(intervals).length === 0) return;
    const shortest = Math.min(...Object.values(intervals)) * 1000;
    void this.check();
    this.#timer = setInterval(() => void this.check(), Math.min(checkEveryMs, shortest));
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Asks for each integration's sync of the current slot; which were queued (false: already asked, or one waits). */
  async check(): Promise<{ integrationId: string; queued: boolean }[]> {
    const { queue, intervals, onError } = this.#options;
    const asked: { integrationId: string; queued: boolean }[] = [];
    for (const [integrationId, seconds] of Object.entries(intervals)) {
      try {
        asked.push(await queue.enqueue(integrationId, { onceEverySeconds: seconds }));
      } catch (error) {
        onError?.(error);
      }
    }
    return asked;
  }
}
