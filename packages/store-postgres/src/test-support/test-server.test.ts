import pg from 'pg';
import { describe, expect, it } from 'vitest';

import { startTestServer } from './postgres-server.js';
import { useTestDatabase } from './test-database.js';

const database = useTestDatabase();

describe('the PostgreSQL test server', () => {
  it('gives this file a database of its own on a real server', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ db: string; version: string }>('SELECT current_database() AS db, version() AS version');
      expect(rows[0]?.db).toBe(database.name);
      expect(rows[0]?.version).toMatch(/^PostgreSQL \d+/);
    } finally {
      await client.end();
    }
  });

  it('uses the server RMM_TEST_PG_URL names instead of starting one', async () => {
    const server = await startTestServer({ RMM_TEST_PG_URL: 'postgres://someone@db.example:5432/postgres' });
    expect(server.adminUrl).toBe('postgres://someone@db.example:5432/postgres');
    await server.stop();
  });
});
