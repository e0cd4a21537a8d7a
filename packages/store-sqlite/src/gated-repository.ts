/**
 * The Store's async repositories over synchronous SQLite ones. better-sqlite3 runs statements
 * synchronously, so each repository here is written synchronously ({@link Synchronous} of its
 * port) and {@link gate} exposes it as the port: every call runs on the connection's turn (see
 * {@link UnitsOfWork.run}), so it never lands inside another unit of work's transaction.
 *
 * Streamed reads (`AsyncIterable` in the port) stream row by row inside a unit of work, where
 * the connection is the caller's for as long as it iterates. Outside one the rows are read in
 * one turn and then handed out: a turn held open while the caller awaits something else
 * between rows would stall every other unit of the process, or deadlock on a read the caller
 * makes inside its loop.
 */
import type { UnitsOfWork } from './units-of-work.js';

/** A port's methods as a synchronous implementation writes them. */
export type Synchronous<Port> = {
  [K in keyof Port]: Port[K] extends (...args: infer A) => AsyncIterable<infer T>
    ? (...args: A) => Iterable<T>
    : Port[K] extends (...args: infer A) => Promise<infer T>
      ? (...args: A) => T
      : Port[K];
};

/**
 * `repository` as the async `Port`. `streams` names its methods that return rows to iterate.
 * Methods the repository already wrote async (they take their own turn) pass through as they are.
 */
export function gate<Port extends object>(repository: Synchronous<Port>, units: UnitsOfWork, streams: readonly (keyof Port & string)[] = []): Port {
  const streaming = new Set<PropertyKey>(streams);
  return new Proxy(repository as object, {
    get(target, key, receiver) {
      const member: unknown = Reflect.get(target, key, receiver);
      if (typeof member !== 'function' || member.constructor.name === 'AsyncFunction') return member;
      const call = (args: unknown[]): unknown => Reflect.apply(member, target, args);
      if (streaming.has(key)) return (...args: unknown[]) => stream(units, () => call(args) as Iterable<unknown>);
      return (...args: unknown[]) => units.run(() => call(args));
    },
  }) as Port;
}

async function* stream<T>(units: UnitsOfWork, open: () => Iterable<T>): AsyncGenerator<T> {
  if (units.active) {
    yield* open();
    return;
  }
  yield* await units.run(() => [...open()]);
}
