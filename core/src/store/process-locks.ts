/**
 * Locks that coordinate rmm-hub processes sharing one store: one sync of an integration at a
 * time, one identification run at a time, whichever process (or machine) runs them. A lock is
 * a row naming its holder process; it is free again when that process is gone, which is for
 * the caller to judge (see `core/src/sync/process-liveness.ts`), so a killed process never
 * leaves a lock behind for long.
 */

/** A running process, as recorded with what it holds. */
export interface ProcessRef {
  pid: number;
  /** The machine's host name: a pid means nothing on another machine. */
  host: string;
}

/** Who holds a lock, since when, and when it last said it is still alive. */
export interface LockHolder extends ProcessRef {
  acquiredAt: string;
  heartbeatAt: string;
}

export interface ProcessLockRepository {
  /**
   * Takes lock `name` for `holder` in one write transaction that holds the store's write lock
   * from its start, so two processes can never both see it free. It is free when nobody holds
   * it, when `holder`'s own process does (a re-take), or when `isGone` says the current
   * holder's process is gone. Returns undefined when taken, else the live holder.
   */
  acquire(name: string, holder: LockHolder, isGone: (current: LockHolder) => boolean): Promise<LockHolder | undefined>;
  /** Records that `holder` still runs; false when it no longer holds the lock. */
  heartbeat(name: string, holder: ProcessRef, at: string): Promise<boolean>;
  /** Frees the lock if `holder` holds it. */
  release(name: string, holder: ProcessRef): Promise<void>;
  get(name: string): Promise<LockHolder | undefined>;
}

/**
 * Small values an integration keeps across processes and runs (the last TOTP step used, for
 * one), by key. What plugins see of it is `PluginContext.state`.
 */
export interface IntegrationStateRepository {
  get(integrationId: string, key: string): Promise<string | undefined>;
  /**
   * Replaces the value with `update(current)` in one write transaction holding the store's
   * write lock from its start (a compare-and-set across processes); returns what was stored.
   */
  update(integrationId: string, key: string, update: (current: string | undefined) => string, at: string): Promise<string>;
}
