/**
 * A database of its own for one test file, on the run's test server (see `global-setup.ts`):
 * files run side by side and never see each other's rows. Dropped (with any connection
 * still open to it) when the file is done.
 */
import { randomBytes } from 'node:crypto';

import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';

import './global-setup.js';

export interface TestDatabase {
  /** The URL of the file's database, valid once the file's `beforeAll` hooks ran. */
  readonly url: string;
  /** The name of the file's database. */
  readonly name: string;
  /** The server's admin URL (for tests that need another database, or a wrong password). */
  readonly adminUrl: string;
}

/** Registers hooks that create the file's database before its tests and drop it after them. */
export function useTestDatabase(): TestDatabase {
  const adminUrl = inject('pgAdminUrl');
  if (!adminUrl) throw new Error('No PostgreSQL test server: run this file in the vitest "postgres" project, whose global setup starts one.');
  const name = `rmm_test_${randomBytes(6).toString('hex')}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  beforeAll(() => runOnServer(adminUrl, `CREATE DATABASE ${name}`));
  afterAll(() => runOnServer(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
  return { url: url.toString(), name, adminUrl };
}

/** Runs one statement on the server at `url` (the admin URL: CREATE DATABASE and the like), on a connection of its own. */
export async function runOnServer(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
