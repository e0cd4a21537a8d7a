import type { ComputerRepository } from '@rmm-hub/core';

/**
 * The async shape of a Store port: every method keeps its name and parameters and returns a
 * Promise of what it returned; a method that streamed an `IterableIterator` streams an
 * `AsyncIterableIterator` (a network database reads a page at a time, memory stays flat).
 * Core's ports take this shape with the async Store (issue #21); until then the PostgreSQL
 * store states it here.
 */
export type Async<Port> = {
  [K in keyof Port]: Port[K] extends (...args: infer A) => infer R ? (...args: A) => AsyncResult<R> : Port[K];
};

type AsyncResult<R> = [R] extends [IterableIterator<infer E>] ? AsyncIterableIterator<E> : Promise<Awaited<R>>;

/**
 * The computer port's bulk load is a unit of work, so in the async shape its `work` is async
 * too, as `Store.transaction`'s is (a generic method keeps its type parameter only when written
 * out).
 */
export type AsyncComputerRepository = Omit<Async<ComputerRepository>, 'bulkLoad'> & {
  bulkLoad<T>(work: () => Promise<T>): Promise<T>;
};
