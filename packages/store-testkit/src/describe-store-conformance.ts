/**
 * `describeStoreConformance()` — the vitest suite every Store implementation runs: one
 * `describe` per store, one per behaviour the engines and the sync rely on.
 */
import type { Store } from '@rmm-hub/core';
import { describe } from 'vitest';

import { describeCoordination } from './behaviours/coordination.js';
import { describeFoundation } from './behaviours/foundation.js';
import { describeIdentification } from './behaviours/identification.js';
import { describeLinking } from './behaviours/linking.js';
import { describePersistence } from './behaviours/persistence.js';
import { describeProperties } from './behaviours/properties.js';
import { describeRunsAndAudit } from './behaviours/runs-and-audit.js';
import { describeSyncWrites } from './behaviours/sync-writes.js';
import { describeUnitsOfWork } from './behaviours/units-of-work.js';
import type { StoreConformanceOptions } from './store-conformance-options.js';
import { suiteContext } from './suite-context.js';

/**
 * Declares the conformance suite for a Store implementation. `openStore` gives a new, empty
 * store each time (a fresh file, schema, or database); the suite closes each one after its test.
 * @example
 * describeStoreConformance('SqliteStore', async () => SqliteStore.open({ path: join(mkdtempSync(join(tmpdir(), 'store-')), 'hub.db') }), {
 *   reopen: async (store) => {
 *     const { path } = store as SqliteStore;
 *     store.close();
 *     return SqliteStore.open({ path });
 *   },
 * });
 */
export function describeStoreConformance(name: string, openStore: () => Promise<Store>, options: StoreConformanceOptions = {}): void {
  describe(`${name} store conformance`, () => {
    const ctx = suiteContext(openStore, options);
    describeUnitsOfWork(ctx);
    describeFoundation(ctx);
    describeProperties(ctx);
    describeSyncWrites(ctx);
    describeRunsAndAudit(ctx);
    describeCoordination(ctx);
    describeLinking(ctx);
    describeIdentification(ctx);
    describePersistence(ctx);
  });
}
