import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';

import { mergeStreams } from './merge-streams.js';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A source of `items`, recording how many sources are mid-production at once. */
function instrumented(items: number[], gauge: { now: number; max: number; closed: number }): () => AsyncIterable<number> {
  return () => ({
    async *[Symbol.asyncIterator]() {
      try {
        for (const item of items) {
          gauge.now++;
          gauge.max = Math.max(gauge.max, gauge.now);
          await tick();
          gauge.now--;
          yield item;
        }
      } finally {
        gauge.closed++;
      }
    },
  });
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('mergeStreams', () => {
  test.prop([fc.array(fc.array(fc.integer(), { maxLength: 6 }), { maxLength: 12 }), fc.integer({ min: 1, max: 6 })])(
    'yields every item of every source exactly once, in source order per source, never exceeding the concurrency',
    async (lists, concurrency) => {
      const gauge = { now: 0, max: 0, closed: 0 };
      const tagged = lists.map((list, s) => list.map((_, i) => s * 1000 + i));
      const merged = await collect(mergeStreams(tagged.map((list) => instrumented(list, gauge)), concurrency));
      expect([...merged].sort((a, b) => a - b)).toEqual(tagged.flat().sort((a, b) => a - b));
      for (const list of tagged) expect(merged.filter((x) => list.includes(x))).toEqual(list);
      expect(gauge.max).toBeLessThanOrEqual(concurrency);
    },
  );

  it('works sources concurrently rather than one after another', async () => {
    const gauge = { now: 0, max: 0, closed: 0 };
    await collect(mergeStreams(Array.from({ length: 8 }, () => instrumented([1, 2, 3], gauge)), 4));
    expect(gauge.max).toBe(4);
  });

  it('closes every open source when the consumer stops early', async () => {
    const gauge = { now: 0, max: 0, closed: 0 };
    for await (const item of mergeStreams(Array.from({ length: 5 }, () => instrumented([1, 2, 3, 4], gauge)), 3)) {
      if (item) break;
    }
    expect(gauge.closed).toBe(3); // the three that were opened; the other two never started
  });

  it('propagates a failing source and closes the others', async () => {
    const gauge = { now: 0, max: 0, closed: 0 };
    const failing = (): AsyncIterable<number> => ({
      [Symbol.asyncIterator]: () => ({ next: async () => (await tick(), Promise.reject(new Error('page 2 failed'))) }),
    });
    await expect(collect(mergeStreams([instrumented([1, 2, 3], gauge), failing, instrumented([4, 5, 6], gauge)], 3))).rejects.toThrow('page 2 failed');
    expect(gauge.closed).toBe(2);
  });
});
