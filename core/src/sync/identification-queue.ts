/**
 * The sync's identification while its listings run: tenants come in as they become ready (see
 * `tenant-readiness.ts`) and are identified in rounds, each round taking every tenant that came
 * in since the last one began — one survey of the fleet and one transaction a round, however
 * many tenants are ready. The store's identification lock is taken before the first round and
 * held to the end, so no other process identifies in between (see `process-lock.ts`).
 */
import type { ErrorSummary } from '../events/events.js';
import type { HeldLock } from './process-lock.js';
import type { IdentificationStepSummary, TenantRounds } from './sync-steps.js';

/** A round that failed: its tenants are tried again by the final pass. */
export interface FailedRound {
  tenantIds: string[];
  error: ErrorSummary;
}

export interface IdentificationQueueOptions {
  rounds: TenantRounds;
  /** Waits for, then holds, the store's identification lock. */
  lock: () => Promise<HeldLock>;
  /** After each round: the round's number (from 1) and its tenants. */
  onRound: (round: number, tenantIds: string[]) => void;
  summarise: (error: unknown) => ErrorSummary;
  signal?: AbortSignal | undefined;
}

export class IdentificationQueue {
  readonly #waiting = new Set<string>();
  readonly failed: FailedRound[] = [];
  #draining: Promise<void> | undefined;
  #lock: Promise<HeldLock> | undefined;
  #rounds = 0;

  constructor(private readonly options: IdentificationQueueOptions) {}

  /** Tenants ready to be identified. */
  add(tenantIds: Iterable<string>): void {
    for (const tenantId of tenantIds) this.#waiting.add(tenantId);
    this.#draining ??= this.#drain();
  }

  /**
   * After the last tenant came in: waits for the rounds under way, then the final pass
   * (`TenantRounds.finish`). Rejects with what kept identification from running at all (the
   * lock not granted, the final pass failing); releases the lock either way.
   */
  async finish(): Promise<IdentificationStepSummary> {
    try {
      await this.#draining;
      await this.#held();
      this.options.signal?.throwIfAborted();
      return await this.options.rounds.finish();
    } finally {
      const lock = await this.#lock?.catch(() => undefined);
      lock?.release();
    }
  }

  #held(): Promise<HeldLock> {
    this.#lock ??= this.options.lock();
    return this.#lock;
  }

  async #drain(): Promise<void> {
    // Not granted: nothing is identified, and finish() reports why.
    const granted = await this.#held().then(
      () => true,
      () => false,
    );
    while (granted && this.#waiting.size > 0 && !this.options.signal?.aborted) {
      const tenantIds = [...this.#waiting].sort();
      this.#waiting.clear();
      try {
        await this.options.rounds.round(new Set(tenantIds));
        this.options.onRound(++this.#rounds, tenantIds);
      } catch (error) {
        this.failed.push({ tenantIds, error: this.options.summarise(error) });
      }
    }
    // Cleared in the same turn as the last look at #waiting: a tenant added after it starts a new drain.
    this.#draining = undefined;
  }
}
