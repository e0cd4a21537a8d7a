import pg from 'pg';

import { SecretRedactor } from '@rmm-hub/core';

import { CONNECT_TIMEOUT_MS, resolveConnection, type PostgresConnectionOptions } from './connection.js';
import { storeErrorFromPostgres } from './postgres-errors.js';

/**
 * Drops the store's schema and everything in it: for a store made to be thrown away (the
 * demo's, on a server it was given), never for an administrator's.
 */
export async function dropStoreSchema(options: PostgresConnectionOptions): Promise<void> {
  const connection = resolveConnection(options);
  const redactor = new SecretRedactor();
  redactor.add(connection.password);
  const client = new pg.Client({ ...connection.pool, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  try {
    await client.connect();
    // The name was validated (connection.ts), and is quoted all the same.
    await client.query(`DROP SCHEMA IF EXISTS "${connection.schema}" CASCADE`);
  } catch (error) {
    throw storeErrorFromPostgres(error, connection.server, (text) => redactor.redact(text)) ?? error;
  } finally {
    await client.end().catch(() => undefined);
  }
}
