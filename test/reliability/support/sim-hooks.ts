/**
 * A per-request hook on a running simulator, for faults that must strike at an exact moment
 * ("the tokens expire when the third device page is requested"). The simulators ask their
 * FaultInjector about every request before handling it, so wrapping that one call sees each
 * request in order, deterministically, with no timers involved.
 */
import type { FaultInjector } from '@rmm-hub/simulators';

/** Called with each request's method, path and matched route pattern, before it is handled. */
export type RequestHook = (method: string, path: string, route: string | undefined) => void;

/** Installs `hook`; returns a function that removes it. */
export function onRequest(faults: FaultInjector, hook: RequestHook): () => void {
  const original = faults.decide.bind(faults);
  faults.decide = (method, path, route) => {
    hook(method, path, route);
    return original(method, path, route);
  };
  return () => {
    faults.decide = original;
  };
}

/** Runs `action` once, when the `nth` request whose path starts with `prefix` arrives. */
export function atNthRequest(faults: FaultInjector, prefix: string, nth: number, action: () => void): () => void {
  let seen = 0;
  const lower = prefix.toLowerCase();
  return onRequest(faults, (_method, path) => {
    if (!path.toLowerCase().startsWith(lower)) return;
    seen++;
    if (seen === nth) action();
  });
}
