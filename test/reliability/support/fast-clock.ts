/**
 * A clock that runs `rate` times faster than real time, shared by the test process (its
 * simulators: `startWorld({ clock })`) and the CLI children it starts (`{ clock }` in
 * crash/cli-child.ts preloads fast-clock.preload.mjs with the same origin and rate). Suites
 * whose subject spans clock time — TOTP steps, the watch interval — pass it in real seconds.
 */
export interface FastClock {
  readonly origin: number;
  readonly rate: number;
  now(): number;
}

/** A clock at `rate` × real time, equal to real time at `origin` (default: now). */
export function fastClock(rate: number, origin = Date.now()): FastClock {
  return { origin, rate, now: () => origin + (Date.now() - origin) * rate };
}
