/**
 * Time limits on plugin code the host waits for before anything else can run: importing the
 * entry and `register()`. A promise that never settles keeps nothing alive, so without a live
 * timer Node would simply run out of work and exit (code 13, no output) — the limit's timer is
 * therefore deliberately *not* unref'd: it is what keeps the process alive long enough to say
 * which plugin hung.
 */

/**
 * Settles like `promise`, or rejects with `onTimeout()` after `ms`.
 * @example await settleWithin(import(url), 10_000, () => new PluginLoadError(...))
 */
export async function settleWithin<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
