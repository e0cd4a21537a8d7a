/**
 * Where a database file's schema stands against this rmm-hub's migrations, read without
 * changing anything: no file is created, nothing is migrated (`rmm-hub db status`).
 */
import { existsSync } from 'node:fs';

import Database from 'better-sqlite3';

import { MIGRATIONS } from './migrations/index.js';
import { refuseNewer, schemaVersion } from './migrator.js';
import { storeErrorFromSqlite } from './sqlite-errors.js';

export interface SchemaStatus {
  /** The version the database is at; 0 for a file that does not exist yet. */
  version: number;
  /** The version this rmm-hub brings it to. */
  latest: number;
  /** The migrations opening it for writing would apply, in order. */
  pending: { version: number; name: string }[];
}

export function schemaStatus(path: string): SchemaStatus {
  const latest = MIGRATIONS.at(-1)?.version ?? 0;
  let version = 0;
  if (existsSync(path)) {
    let db: Database.Database | undefined;
    try {
      db = new Database(path, { readonly: true, fileMustExist: true });
      version = schemaVersion(db);
    } catch (cause) {
      throw storeErrorFromSqlite(cause, path) ?? cause;
    } finally {
      db?.close();
    }
  }
  refuseNewer(version, latest);
  return { version, latest, pending: MIGRATIONS.filter((m) => m.version > version).map(({ version: v, name }) => ({ version: v, name })) };
}
