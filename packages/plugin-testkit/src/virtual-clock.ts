/**
 * A clock for tests whose code waits on time (TOTP steps, token expiry, retry back-off, script
 * polling): `sleep` moves the clock forward instead of waiting, so what would take minutes of
 * real time runs at once. Real time still passes underneath, so durations stay positive.
 * Give the same clock to the plugin and to the simulator it talks to.
 */
export interface VirtualClock {
  now(): number;
  /** Advances the clock by `ms`, then yields one turn of the event loop. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Moves the clock forward without yielding. */
  advance(ms: number): void;
}

export function createVirtualClock(): VirtualClock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    async sleep(ms, signal) {
      signal?.throwIfAborted();
      offset += Math.max(0, ms);
      await new Promise((resolve) => setImmediate(resolve));
    },
    advance(ms) {
      offset += ms;
    },
  };
}
