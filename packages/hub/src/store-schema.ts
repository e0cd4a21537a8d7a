/**
 * Where the configured store's schema stands, and bringing it up to date, for either store
 * (`rmm-hub db status`, `rmm-hub db migrate`): an administrator can prepare a database before
 * the first sync, or check one after an upgrade, without running anything else.
 */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';

import { ConfigError, type LoadedConfig } from '@rmm-hub/core';
import { SqliteStore, schemaStatus as sqliteSchemaStatus } from '@rmm-hub/store-sqlite';

import { loadPostgresStore, storeSettings, type StoreSettings } from './store-settings.js';

export interface StoreSchemaReport {
  kind: 'sqlite' | 'postgres';
  /** The file, or `postgres://user@host:port/database` and the schema: never the password. */
  location: string;
  version: number;
  latest: number;
  /** Migrations still to apply (none after `migrateStore`). */
  pending: { version: number; name: string }[];
}

export interface StoreMigrationReport extends StoreSchemaReport {
  /** The version the store was at before. */
  from: number;
  applied: { version: number; name: string }[];
}

/**
 * The PostgreSQL store, loaded when a config names it: every command of the CLI loads the hub,
 * and only these need node-postgres.
 */
export async function storeSchemaStatus(loaded: Pick<LoadedConfig, 'config' | 'baseDir'>): Promise<StoreSchemaReport> {
  const settings = storeSettings(loaded);
  const status = settings.kind === 'sqlite' ? sqliteSchemaStatus(settings.path) : await (await loadPostgresStore()).schemaStatus(settings.connection);
  return { kind: settings.kind, location: locationOf(settings), ...status };
}

export async function migrateStore(loaded: Pick<LoadedConfig, 'config' | 'baseDir'>): Promise<StoreMigrationReport> {
  const settings = storeSettings(loaded);
  const before = settings.kind === 'sqlite' ? sqliteSchemaStatus(settings.path) : await (await loadPostgresStore()).schemaStatus(settings.connection);
  let outcome: { from: number; applied: number[] };
  if (settings.kind === 'sqlite') {
    if (!existsSync(dirname(settings.path))) {
      throw new ConfigError('store.path', `the folder ${dirname(settings.path)} does not exist`, { hint: 'Create it, or point store.path elsewhere.' });
    }
    const store = SqliteStore.open({ path: settings.path });
    outcome = store.migration;
    await store.close();
  } else {
    const store = await (await loadPostgresStore()).PostgresStore.open(settings.connection);
    outcome = store.migration;
    await store.close();
  }
  const applied = before.pending.filter((m) => outcome.applied.includes(m.version));
  return { kind: settings.kind, location: locationOf(settings), version: before.latest, latest: before.latest, pending: [], from: outcome.from, applied };
}

export function locationOf(settings: StoreSettings): string {
  if (settings.kind === 'sqlite') return settings.path;
  const url = new URL(settings.connection.url);
  return `postgres://${url.username ? `${url.username}@` : ''}${url.host}${url.pathname} (schema ${settings.connection.schema ?? 'rmm_hub'})`;
}
