/**
 * Holding one of the store's process locks for a piece of work (a sync of one integration,
 * an identification run): waits while a live process holds it, takes it over from one that
 * is gone, keeps its heartbeat while held, and frees it when done.
 */
import { setTimeout as delay } from 'node:timers/promises';

import { CancelledError, SyncInProgressError } from '../errors/catalogue.js';
import type { LockHolder } from '../store/process-locks.js';
import type { Store } from '../store/store.js';
import { HEARTBEAT_MS, processIsGone, thisProcess } from './process-liveness.js';

export interface LockWaitOptions {
  /** How long to wait for a live holder before giving up with RMM_ERR_SYNC_IN_PROGRESS. */
  waitMs: number;
  /** How often to look again while waiting. */
  pollMs: number;
  signal?: AbortSignal | undefined;
  clock: () => Date;
  /** Called once, when the lock turns out to be held, with its holder. */
  onWait?: ((holder: LockHolder) => void) | undefined;
}

export interface HeldLock {
  release(): void;
}

/** Takes lock `name` for `work` (words for people: "a sync of nc-prod"), waiting as `options` say. */
export async function holdProcessLock(store: Store, name: string, work: string, options: LockWaitOptions): Promise<HeldLock> {
  const me = thisProcess();
  const started = performance.now();
  let announced = false;
  for (;;) {
    const now = options.clock();
    const at = now.toISOString();
    const holder = await store.locks.acquire(name, { ...me, acquiredAt: at, heartbeatAt: at }, (current) => processIsGone(current, now));
    if (holder === undefined) break;
    if (!announced) options.onWait?.(holder);
    announced = true;
    if (performance.now() - started >= options.waitMs) {
      throw new SyncInProgressError(`${work} is already under way in process ${holder.pid} on ${holder.host} (since ${holder.acquiredAt}); waited ${Math.round(options.waitMs / 1000)} s`, {
        hint: 'Let that process finish (`rmm-hub status` shows the running sync), or stop it; the work of a process that is gone is taken over automatically.',
        context: { lock: name, pid: holder.pid, host: holder.host, since: holder.acquiredAt },
      });
    }
    try {
      await delay(options.pollMs, undefined, options.signal ? { signal: options.signal } : {});
    } catch (cause) {
      throw new CancelledError(`Stopped while waiting for ${work} in another process`, { cause });
    }
  }
  const beat = setInterval(async () => {
    try {
      await store.locks.heartbeat(name, me, options.clock().toISOString());
    } catch {
      // The store was busy this once; the next beat comes long before the lock counts as stale.
    }
  }, HEARTBEAT_MS);
  beat.unref?.();
  return {
    async release() {
      clearInterval(beat);
      // A store out of reach at this moment (a server that stopped answering) leaves the row
      // behind: with its heartbeat stopped it counts as stale, and the next holder takes it over.
      // Callers release in `finally` blocks, where a throw would mask what happened before.
      await store.locks.release(name, me).catch(() => undefined);
    },
  };
}
