/**
 * The sync's identification while its listings run: tenants come in as they become ready (see
 * `tenant-readiness.ts`) and are identified in rounds, each round taking every tenant that came
 * in since the last one began — one survey of the fleet and one transaction a round, however
 * many tenants are ready. A round waits for at least 1/{@link ROUNDS} of the tenants the
 * listings feed (or for the last of them): each round's survey reads the whole fleet, and its
 * transaction holds up the listing's writes, so a round per group's end would cost a re-sync
 * more than identifying once. The store's identification lock is taken before the first round
 * and held to the end, so no other process identifies in between (see `process-lock.ts`).
 */
import type { ErrorSummary } from '../events/events.js';
import type { HeldLock } from './process-lock.js';
import type { IdentificationStepSummary, TenantRounds } from './sync-steps.js';

/** A round that failed: its tenants are tried again by the final pass. */
export interface FailedRound {
  tenantIds: string[];
  error: ErrorSummary;
}

/** Rounds at most while the listings run. */
export const ROUNDS = 8;

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
  /** Tenants that came in, and those some listing still feeds. */
  #received = 0;
  #pending = 0;
  #last = false;

  constructor(private readonly options: IdentificationQueueOptions) {}

  /** Tenants ready to be identified; `pending` listings still feed. */
  add(tenantIds: readonly string[], pending: number): void {
    for (const tenantId of tenantIds) this.#waiting.add(tenantId);
    this.#received += tenantIds.length;
    this.#pending = pending;
    this.#draining ??= this.#drain();
  }

  /**
   * After the last tenant came in: waits for the rounds under way, then the final pass
   * (`TenantRounds.finish`). Rejects with what kept identification from running at all (the
   * lock not granted, the final pass failing); releases the lock either way.
   */
  async finish(): Promise<IdentificationStepSummary> {
    try {
      this.#last = true;
      await (this.#draining ??= this.#drain());
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
    while (granted && this.#due() && !this.options.signal?.aborted) {
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

  /** Whether the tenants waiting make a round. */
  #due(): boolean {
    if (this.#waiting.size === 0) return false;
    return this.#last || this.#pending === 0 || this.#waiting.size * ROUNDS >= this.#received + this.#pending;
  }
}
