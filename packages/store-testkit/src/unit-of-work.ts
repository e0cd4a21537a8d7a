/**
 * Steps of one unit of work, written as a list: the suite's tests read as what they do to the
 * store, one step after another.
 */
import type { Store } from '@rmm-hub/core';

/** Runs `steps` in order inside one `store.transaction` and resolves to the last one's result. */
export async function inTransaction(store: Store, ...steps: (() => unknown)[]): Promise<unknown> {
  return await store.transaction(() => inSequence(...steps));
}

/** Runs `steps` in order, each awaited before the next starts; gives the last one's result. */
export async function inSequence(...steps: (() => unknown)[]): Promise<unknown> {
  let result: unknown;
  for (const step of steps) result = await step();
  return result;
}
