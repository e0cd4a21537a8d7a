/**
 * Listing many org units (or many filter batches) one after another leaves an RMM's
 * per-endpoint concurrency unused: one request in flight where the server allows five.
 * `mergeStreams` consumes up to `concurrency` sources at once and yields their items as they
 * arrive. Order within a source is kept; across sources it is not. Breaking out of the loop, or
 * an error in any source, closes every open source.
 *
 * A source is asked for its next item as soon as the consumer takes the current one, not after
 * the consumer is done with it: the consumer's work on a page (parsing, validation, the store)
 * then overlaps the next request instead of leaving the source idle — when every source waits
 * for the consumer, the RMM's allowed concurrency goes unused exactly when the client is busy.
 * Each active source still has at most one item in production and at most one waiting to be
 * taken, so memory is bounded by about `concurrency` + 1 items (pages, typically) however many
 * sources there are, and never more than `concurrency` sources produce at once.
 *
 * @example
 * for await (const page of mergeStreams(orgUnits.map((id) => () => pagesOf(id)), 5)) yield* page;
 */
export async function* mergeStreams<T>(sources: Iterable<() => AsyncIterable<T>>, concurrency: number): AsyncGenerator<T> {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, not ${concurrency}`);
  const queue = sources[Symbol.iterator]();
  /** Items produced and not yet taken, in arrival order: at most one per source. */
  const ready: { iterator: AsyncIterator<T>; value: T }[] = [];
  /** Sources opened and not finished (producing, or holding an item in `ready`). */
  const active = new Set<AsyncIterator<T>>();
  let failure: { error: unknown } | undefined;
  let closed = false;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const resume = wake;
    wake = undefined;
    resume?.();
  };

  const pull = (iterator: AsyncIterator<T>): void => {
    let next: Promise<IteratorResult<T>>;
    try {
      next = iterator.next();
    } catch (error) {
      next = Promise.reject(error);
    }
    next.then(
      (result) => {
        // Closed: the consumer has gone; results still arriving are dropped.
        if (closed) return;
        if (result.done) {
          active.delete(iterator);
          open();
        } else {
          ready.push({ iterator, value: result.value });
        }
        notify();
      },
      (error: unknown) => {
        if (closed) return;
        failure ??= { error };
        notify();
      },
    );
  };
  const open = (): boolean => {
    try {
      const source = queue.next();
      if (source.done) return false;
      const iterator = source.value()[Symbol.asyncIterator]();
      active.add(iterator);
      pull(iterator);
      return true;
    } catch (error) {
      failure ??= { error };
      return false;
    }
  };

  try {
    while (active.size < concurrency && open());
    for (;;) {
      if (failure) throw failure.error;
      const item = ready.shift();
      if (item) {
        // The source produces its next item while the consumer works on this one.
        pull(item.iterator);
        yield item.value;
        continue;
      }
      if (active.size === 0) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    closed = true;
    ready.length = 0;
    // Pending next() calls are abandoned (their results dropped); every open source is closed.
    const closing = [...active].map((iterator) => Promise.resolve(iterator.return?.()).catch(() => undefined));
    active.clear();
    await Promise.all(closing);
  }
}
