/**
 * The SQLite database a hub opens at the config's `store.path` when it is not given a store.
 * A writable store first marks the sync runs of processes that are gone as interrupted, so a
 * crashed sync never looks as if it were still running.
 *
 * `store.kind: postgres` is refused, saying why: the PostgreSQL store implements the Store
 * port in its async shape, which the sync and the engines do not take yet.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import { ConfigError, processIsGone, resolveSecretReferences, SecretRedactor, type LoadedConfig } from '@rmm-hub/core';
import { SqliteStore } from '@rmm-hub/store-sqlite';

import type { HubAccess } from './open-options.js';

/** Opens the database `loaded` names, for reading or writing (see {@link HubRunOptions.access}). */
export function openStore(loaded: Pick<LoadedConfig, 'config' | 'baseDir'>, access: HubAccess): SqliteStore {
  const settings = loaded.config.store;
  if (settings.kind === 'postgres') {
    // The URL is checked as any credential is (a reference, never a literal), before the refusal.
    resolveSecretReferences({ url: settings.url }, ['url'], ['store'], { env: process.env, baseDir: loaded.baseDir, redactor: new SecretRedactor() });
    throw new ConfigError('store.kind', 'postgres cannot run rmm-hub yet: the PostgreSQL store (@rmm-hub/store-postgres) answers asynchronously, as a network database must, and the sync and the engines do not yet wait for their store', {
      hint: 'Use store.kind: sqlite (the default, with store.path) for now.',
    });
  }
  const storePath = resolve(loaded.baseDir, settings.path);
  if (!existsSync(dirname(storePath))) {
    throw new ConfigError('store.path', `the folder ${dirname(storePath)} does not exist`, { hint: 'Create it, or point store.path elsewhere.' });
  }
  const store =
    access === 'read' && !existsSync(storePath) ? SqliteStore.open({ path: ':memory:' }) : SqliteStore.open({ path: storePath, readonly: access === 'read' });
  if (!store.readOnly) {
    const now = new Date();
    store.syncRuns.markInterrupted(now.toISOString(), (owner) => processIsGone(owner, now));
  }
  return store;
}
