/**
 * The SQLite database a hub opens at the config's `store.path` when it is not given a store.
 * A writable store first marks the sync runs of processes that are gone as interrupted, so a
 * crashed sync never looks as if it were still running.
 *
 * `store.kind: postgres` is refused, saying why: the PostgreSQL store implements the Store
 * port in its async shape, which the sync and the engines do not take yet.
 */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';

import { ConfigError, processIsGone, type LoadedConfig } from '@rmm-hub/core';
import { SqliteStore } from '@rmm-hub/store-sqlite';

import type { HubAccess } from './open-options.js';
import { storeSettings } from './store-settings.js';

/** Opens the database `loaded` names, for reading or writing (see {@link HubRunOptions.access}). */
export async function openStore(loaded: Pick<LoadedConfig, 'config' | 'baseDir'>, access: HubAccess): Promise<SqliteStore> {
  // The URL is checked as any credential is (a reference, never a literal), before the refusal.
  const settings = storeSettings(loaded);
  if (settings.kind === 'postgres') {
    throw new ConfigError('store.kind', 'postgres cannot run rmm-hub yet: the PostgreSQL store (@rmm-hub/store-postgres) does not yet implement the whole Store port (API tokens, computer pages, identity checks) nor pass the Store conformance suite', {
      hint: 'Use store.kind: sqlite (the default, with store.path) for now; `rmm-hub db status` and `rmm-hub db migrate` already work on PostgreSQL.',
    });
  }
  const storePath = settings.path;
  if (!existsSync(dirname(storePath))) {
    throw new ConfigError('store.path', `the folder ${dirname(storePath)} does not exist`, { hint: 'Create it, or point store.path elsewhere.' });
  }
  const store =
    access === 'read' && !existsSync(storePath) ? SqliteStore.open({ path: ':memory:' }) : SqliteStore.open({ path: storePath, readonly: access === 'read' });
  if (!store.readOnly) {
    const now = new Date();
    await store.syncRuns.markInterrupted(now.toISOString(), (owner) => processIsGone(owner, now));
  }
  return store;
}
