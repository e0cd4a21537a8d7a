/** The SQLite store against the Store conformance suite, each store on its own file in a temp folder. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describeStoreConformance } from '@rmm-hub/store-testkit';

import { SqliteStore } from './sqlite-store.js';

describeStoreConformance('SqliteStore', async () => SqliteStore.open({ path: join(mkdtempSync(join(tmpdir(), 'rmm-store-conformance-')), 'hub.db') }), {
  reopen: async (store) => {
    const { path } = store as SqliteStore;
    store.close();
    return SqliteStore.open({ path });
  },
});
