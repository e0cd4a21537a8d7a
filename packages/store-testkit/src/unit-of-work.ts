/**
 * The suite drives a store whose repositories return values and one whose repositories return
 * promises with the same code: each call is awaited (awaiting a plain value is harmless), and
 * the steps of one unit of work are chained through whatever `store.transaction` expects.
 */
import type { Store } from '@rmm-hub/core';

/**
 * Runs `steps` in order inside one `store.transaction` and resolves to the last one's result.
 * A step that returns a promise is awaited before the next starts; steps that return values run
 * straight through, so a synchronous transaction sees synchronous work (and a step that throws
 * rolls it back).
 */
export async function inTransaction(store: Store, ...steps: (() => unknown)[]): Promise<unknown> {
  return await store.transaction(() => inSequence(...steps));
}

/** Runs `steps` in order, awaiting only the ones that return a promise; gives the last one's result. */
export function inSequence(...steps: (() => unknown)[]): unknown {
  return inOrder(steps, 0);
}

function inOrder(steps: readonly (() => unknown)[], from: number): unknown {
  let result: unknown;
  for (let i = from; i < steps.length; i++) {
    result = (steps[i] as () => unknown)();
    if (isPromiseLike(result)) return result.then((value) => (i + 1 < steps.length ? inOrder(steps, i + 1) : value));
  }
  return result;
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** Every item of a listing a repository streams, whether it streams synchronously or not. */
export async function collect<T>(items: Iterable<T> | AsyncIterable<T> | Promise<Iterable<T> | AsyncIterable<T>>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of await items) out.push(item);
  return out;
}
