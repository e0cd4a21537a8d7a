/**
 * `rmm-hub demo --store postgres` (the vitest project `postgres`): the demo on a PostgreSQL
 * server it starts itself, and on one it is given, scores as the same demo does on SQLite —
 * same fleet, same counts, same accuracy, a re-sync that writes nothing — and a given server
 * is left without the demo's schema.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';

import { runDemo, type DemoSummary } from '@rmm-hub/cli';

import { useTestDatabase } from '../packages/store-postgres/src/test-support/test-database.js';
import { runCliCaptured } from './support/run-cli.js';

const database = useTestDatabase();
const DEMO = { devices: 300, seed: 11, latencyMs: 0, keep: false, progress: false, note: () => undefined };

/** What must not depend on the store. */
const outcome = (s: DemoSummary) => ({ fleet: s.fleet, health: s.health, counts: s.counts, accuracy: s.accuracy, resync: s.resync.rowsWritten, agentActions: s.agentActions, scripts: s.scripts.map((r) => r.status) });

async function schemas(): Promise<string[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query<{ name: string }>(`SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE 'rmm_demo_%'`)).rows.map((r) => r.name);
  } finally {
    await client.end();
  }
}

describe('rmm-hub demo --store postgres', () => {
  it('runs on a PostgreSQL server it starts, and on one it is given, as it runs on SQLite', { timeout: 300_000 }, async () => {
    const sqlite = await runDemo(DEMO);
    expect(sqlite.store.kind).toBe('sqlite');
    expect(sqlite.resync.rowsWritten).toBe(0);

    const cli = await runCliCaptured(['demo', '--store', 'postgres', '--devices', String(DEMO.devices), '--seed', String(DEMO.seed), '--json']);
    expect(cli.code, cli.stderr).toBe(0);
    const embedded = JSON.parse(cli.stdout) as DemoSummary;
    expect(embedded.store).toMatchObject({ kind: 'postgres', location: expect.stringMatching(/private server .* schema rmm_demo_/) });
    expect(embedded.timingsMs['postgres']).toBeGreaterThan(0);
    expect(outcome(embedded)).toEqual(outcome(sqlite));

    const given = await runDemo({ ...DEMO, store: { kind: 'postgres', url: database.url } });
    expect(given.store.location).toContain(new URL(database.url).host);
    expect(given.store.location).not.toContain(new URL(database.url).password);
    expect(outcome(given)).toEqual(outcome(sqlite));
    expect(await schemas()).toEqual([]);
  });

  it('refuses a store it does not know, and --pg-url without --store postgres', async () => {
    const unknown = await runCliCaptured(['demo', '--store', 'mysql']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--store: must be sqlite or postgres, not "mysql"/);
    const stray = await runCliCaptured(['demo', '--pg-url', 'env:ANYTHING']);
    expect(stray.code).toBe(2);
    expect(stray.stderr).toMatch(/--pg-url is for --store postgres/);
  });
});
