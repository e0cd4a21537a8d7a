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
