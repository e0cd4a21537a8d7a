/**
 * The SQLite database a hub opens at the config's `store.path` when it is not given a store.
 * A writable store first marks the sync runs of processes that are gone as interrupted, so a
 * crashed sync never looks as if it were still running.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import { ConfigError, processIsGone, type LoadedConfig } from '@rmm-hub/core';
import { SqliteStore } from '@rmm-hub/store-sqlite';

import type { HubAccess } from './open-options.js';

/** Opens the database `loaded` names, for reading or writing (see {@link HubRunOptions.access}). */
export async function openStore(loaded: Pick<LoadedConfig, 'config' | 'baseDir'>, access: HubAccess): Promise<SqliteStore> {
  const storePath = resolve(loaded.baseDir, loaded.config.store.path);
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
