import type { Store } from '@rmm-hub/core';

/** How {@link describeStoreConformance} drives a store. */
export interface StoreConformanceOptions {
  /**
   * Closes `store` and opens the same data again (the same file, the same database). Leave it
   * out for a store that keeps nothing once closed: the persistence tests are then skipped, with
   * that reason in their title.
   */
  reopen?: (store: Store) => Promise<Store>;
}
