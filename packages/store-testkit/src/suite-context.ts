/**
 * What every behaviour of the suite is given: fresh stores, closed after each test, and — for a
 * store that keeps its data — a way to close one and open the same data again.
 */
import type { Store } from '@rmm-hub/core';
import { afterEach } from 'vitest';

import type { StoreConformanceOptions } from './store-conformance-options.js';

export interface SuiteContext {
  /** A new, empty store. */
  fresh(): Promise<Store>;
  /** Closes `store` and opens its data again; undefined for a store that keeps nothing. */
  reopen: ((store: Store) => Promise<Store>) | undefined;
}

/** Registers the clean-up and hands out stores; call it inside the suite's `describe`. */
export function suiteContext(openStore: () => Promise<Store>, options: StoreConformanceOptions): SuiteContext {
  const open: Store[] = [];
  afterEach(async () => {
    for (const store of open.splice(0)) await store.close();
  });
  const reopen = options.reopen;
  return {
    fresh: async () => {
      const store = await openStore();
      open.push(store);
      return store;
    },
    reopen: reopen && (async (store) => {
      const at = open.indexOf(store);
      if (at >= 0) open.splice(at, 1);
      const again = await reopen(store);
      open.push(again);
      return again;
    }),
  };
}
