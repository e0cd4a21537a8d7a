/**
 * Where a store's schema stands against this rmm-hub's migrations, read without changing
 * anything: no schema is created, nothing is migrated (`rmm-hub db status`).
 */
import pg from 'pg';

import { SecretRedactor } from '@rmm-hub/core';

import { CONNECT_TIMEOUT_MS, resolveConnection, type PostgresConnectionOptions } from './connection.js';
import { MIGRATIONS } from './migrations/index.js';
import { refuseNewer, schemaVersion } from './migrator.js';
import { storeErrorFromPostgres } from './postgres-errors.js';

export interface SchemaStatus {
  /** The version the store's schema is at; 0 when the schema or its tables do not exist yet. */
  version: number;
  /** The version this rmm-hub brings it to. */
  latest: number;
  /** The migrations opening it would apply, in order. */
  pending: { version: number; name: string }[];
}

export async function schemaStatus(options: PostgresConnectionOptions & { connectTimeoutMs?: number }): Promise<SchemaStatus> {
  const connection = resolveConnection(options);
  const redactor = new SecretRedactor();
  redactor.add(connection.password);
  const pool = new pg.Pool({ ...connection.pool, max: 1, connectionTimeoutMillis: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS });
  pool.on('error', () => undefined);
  try {
    const latest = MIGRATIONS.at(-1)?.version ?? 0;
    const version = await schemaVersion(pool, connection.schema);
    refuseNewer(version, latest, connection.schema);
    return { version, latest, pending: MIGRATIONS.filter((m) => m.version > version).map(({ version: v, name }) => ({ version: v, name })) };
  } catch (error) {
    throw storeErrorFromPostgres(error, connection.server, (text) => redactor.redact(text)) ?? error;
  } finally {
    await pool.end().catch(() => undefined);
  }
}
