/**
 * `rmm-hub db copy`: moving a deployment from its SQLite file to PostgreSQL. The file must be a
 * store at this rmm-hub's schema version (the copy reads its tables as they are now); the
 * target URL may be given as a secret reference, as in a config, or as a literal, and is never
 * shown: the report names the server and schema without the password.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

import { SecretRedactor, StoreError } from '@rmm-hub/core';
import { schemaStatus as sqliteSchemaStatus } from '@rmm-hub/store-sqlite';
import type { CopiedTableReport, CopyProgress, PostgresConnectionOptions } from '@rmm-hub/store-postgres';

import { loadPostgresStore, postgresUrlArgument } from './store-settings.js';
import { locationOf } from './store-schema.js';

export interface StoreCopyRequest {
  /** The SQLite store's file. */
  from: string;
  /** A PostgreSQL URL, or a reference to one (`env:NAME`, `file:PATH`). */
  to: string;
  schema?: string | undefined;
  force?: boolean | undefined;
  onProgress?: ((progress: CopyProgress) => void) | undefined;
}

export interface StoreCopyReport {
  from: string;
  /** `postgres://user@host:port/database (schema …)`: never the password. */
  to: string;
  schema: string;
  replaced: boolean;
  tables: CopiedTableReport[];
  rows: number;
  durationMs: number;
}

export async function copyStoreToPostgres(request: StoreCopyRequest, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Promise<StoreCopyReport> {
  const started = performance.now();
  const from = resolve(cwd, request.from);
  if (!existsSync(from)) {
    throw new StoreError(`There is no SQLite store at ${from} to copy from.`, { hint: 'Give --from the path of the database file (store.path of the config that uses it).' });
  }
  const source = sqliteSchemaStatus(from);
  if (source.pending.length > 0) {
    throw new StoreError(`The SQLite store at ${from} is at schema version ${source.version}; this rmm-hub copies stores at version ${source.latest}.`, {
      hint: 'Bring it up to date first: `rmm-hub db migrate` with the config that uses it.',
    });
  }
  const url = postgresUrlArgument(request.to, '--to', env, cwd);
  const connection: PostgresConnectionOptions = { url, schema: request.schema };
  const report = await (await loadPostgresStore()).copyFromSqlite({ from, to: connection, force: request.force, onProgress: request.onProgress });
  return {
    from,
    to: locationOf({ kind: 'postgres', connection: { ...connection, schema: report.schema }, redactor: new SecretRedactor() }),
    schema: report.schema,
    replaced: report.replaced,
    tables: report.tables,
    rows: report.tables.reduce((sum, t) => sum + t.rows, 0),
    durationMs: Math.round(performance.now() - started),
  };
}
