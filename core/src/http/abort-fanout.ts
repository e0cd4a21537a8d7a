/**
 * One abort listener per signal, however many waits share it. An integration hands the same
 * long-lived signal to every request; giving each queued request, retry sleep and token wait
 * its own listener trips Node's MaxListenersExceededWarning under ordinary load and grows the
 * listener list with the queue. Here the signal carries a single listener that fans out to the
 * callbacks currently registered.
 */

const registry = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Calls `callback` when `signal` aborts. Returns a function that unregisters it; call it once
 * the wait is over. The caller checks `signal.aborted` first: an already-aborted signal never
 * fires again.
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let callbacks = registry.get(signal);
  if (!callbacks) {
    const set = new Set<() => void>();
    callbacks = set;
    registry.set(signal, set);
    signal.addEventListener(
      'abort',
      () => {
        registry.delete(signal);
        for (const fn of set) fn();
      },
      { once: true },
    );
  }
  const set = callbacks;
  set.add(callback);
  return () => void set.delete(callback);
}
