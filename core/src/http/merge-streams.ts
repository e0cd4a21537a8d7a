/**
 * Listing many org units (or many filter batches) one after another leaves an RMM's
 * per-endpoint concurrency unused: one request in flight where the server allows five.
 * `mergeStreams` consumes up to `concurrency` sources at once and yields their items as they
 * arrive. Each active source has at most one item being produced and none buffered beyond it,
 * so memory is bounded by `concurrency` items (pages, typically) however many sources there
 * are. Order within a source is kept; across sources it is not. Breaking out of the loop, or
 * an error in any source, closes every open source.
 *
 * @example
 * for await (const page of mergeStreams(orgUnits.map((id) => () => pagesOf(id)), 5)) yield* page;
 */
export async function* mergeStreams<T>(sources: Iterable<() => AsyncIterable<T>>, concurrency: number): AsyncGenerator<T> {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, not ${concurrency}`);
  const queue = sources[Symbol.iterator]();
  type Step = { slot: number; result: IteratorResult<T> };
  const active = new Map<number, { iterator: AsyncIterator<T>; next: Promise<Step> }>();
  let nextSlot = 0;

  const pull = (slot: number, iterator: AsyncIterator<T>): Promise<Step> => iterator.next().then((result) => ({ slot, result }));
  const open = (): boolean => {
    const source = queue.next();
    if (source.done) return false;
    const iterator = source.value()[Symbol.asyncIterator]();
    const slot = nextSlot++;
    active.set(slot, { iterator, next: pull(slot, iterator) });
    return true;
  };

  try {
    while (active.size < concurrency && open());
    while (active.size > 0) {
      const { slot, result } = await Promise.race([...active.values()].map((a) => a.next));
      const entry = active.get(slot)!;
      if (result.done) {
        active.delete(slot);
        open();
        continue;
      }
      // Ask this source for its next item only after the consumer has taken this one.
      yield result.value;
      entry.next = pull(slot, entry.iterator);
    }
  } finally {
    // Pending next() calls of other sources are abandoned; their results are dropped.
    const closing = [...active.values()].map((a) => {
      a.next.catch(() => undefined);
      return Promise.resolve(a.iterator.return?.()).catch(() => undefined);
    });
    active.clear();
    await Promise.all(closing);
  }
}
