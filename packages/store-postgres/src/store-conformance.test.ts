/** The PostgreSQL store against the Store conformance suite, each store in a schema of its own on the file's database. */
import { describeStoreConformance } from '@rmm-hub/store-testkit';

import { PostgresStore } from './postgres-store.js';
import { useTestDatabase } from './test-support/test-database.js';

const database = useTestDatabase();
let schemas = 0;

describeStoreConformance('PostgresStore', async () => PostgresStore.open({ url: database.url, schema: `conformance_${++schemas}` }), {
  reopen: async (store) => {
    const { schema } = store as PostgresStore;
    await store.close();
    return PostgresStore.open({ url: database.url, schema });
  },
});
