/**
 * Small values a plugin keeps for its integration across runs and processes — the last TOTP
 * time step used, so that a login in another process never reuses its code — without knowing
 * where they are kept. The host backs it with its store; `memoryIntegrationState` is for a
 * plugin used without a host (its own tests).
 */
export interface IntegrationState {
  /** The value stored under `key`, if any. */
  get(key: string): Promise<string | undefined>;
  /**
   * Replaces the value of `key` with `update(current)` atomically: no other process sharing
   * the host's store changes it in between. Returns the value stored. `update` must be quick
   * and must not call back into the state.
   */
  update(key: string, update: (current: string | undefined) => string): Promise<string>;
}

/** An {@link IntegrationState} in this process's memory only. */
export function memoryIntegrationState(): IntegrationState {
  const values = new Map<string, string>();
  return {
    get: (key) => Promise.resolve(values.get(key)),
    update: (key, update) => {
      const next = update(values.get(key));
      values.set(key, next);
      return Promise.resolve(next);
    },
  };
}
