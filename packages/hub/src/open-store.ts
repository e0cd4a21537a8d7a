/**
 * The store a hub opens when it is not given one: the SQLite database at the config's
 * `store.path`, or the PostgreSQL store `store.url` names (its schema created and migrated when
 * opened, as `rmm-hub db migrate` does). Opened for writing, a store first marks the sync runs of
 * processes that are gone as interrupted, so a crashed sync never looks as if it were still running.
 *
 * PostgreSQL has no read-only open: reading commands open it as writing ones do (bringing its
 * schema up to date), and write no records.
 */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';

import { ConfigError, processIsGone, type LoadedConfig, type Store } from '@rmm-hub/core';
import { SqliteStore } from '@rmm-hub/store-sqlite';

import type { HubAccess } from './open-options.js';
import { loadPostgresStore, storeSettings } from './store-settings.js';

/** Opens the store `loaded` names, for reading or writing (see {@link HubRunOptions.access}). */
export async function openStore(loaded: Pick<LoadedConfig, 'config' | 'baseDir'>, access: HubAccess): Promise<Store> {
  const settings = storeSettings(loaded);
  const store = settings.kind === 'postgres' ? await (await loadPostgresStore()).PostgresStore.open(settings.connection) : openSqlite(settings.path, access);
  if (access === 'write') {
    const now = new Date();
    await store.syncRuns.markInterrupted(now.toISOString(), (owner) => processIsGone(owner, now));
  }
  return store;
}

function openSqlite(storePath: string, access: HubAccess): SqliteStore {
  if (!existsSync(dirname(storePath))) {
    throw new ConfigError('store.path', `the folder ${dirname(storePath)} does not exist`, { hint: 'Create it, or point store.path elsewhere.' });
  }
  return access === 'read' && !existsSync(storePath) ? SqliteStore.open({ path: ':memory:' }) : SqliteStore.open({ path: storePath, readonly: access === 'read' });
}
