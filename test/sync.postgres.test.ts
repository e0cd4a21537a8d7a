/**
 * A whole sync on a PostgreSQL store (the vitest project `postgres`): `rmm-hub sync` against the
 * simulated RMMs (the MSP's clients linked by hand in between, as an administrator starts) stores what the same sync stores in SQLite — clients, agents, tenant links,
 * computers and their links — and a second sync with nothing new changes no row.
 */
import { afterAll, describe, expect, it } from 'vitest';

import type { SyncReport } from '@rmm-hub/core';
import { PostgresStore } from '@rmm-hub/store-postgres';
import { SqliteStore } from '@rmm-hub/store-sqlite';

import { useTestDatabase } from '../packages/store-postgres/src/test-support/test-database.js';
import { CWA, NC, startWorld, type World } from './reliability/support/world.js';
import { runCliCaptured } from './support/run-cli.js';

const database = useTestDatabase();
const ENV = { RMM_TEST_DB_URL: database.url };
const SYNCED_TABLES = ['rmm_clients', 'agents', 'tenant_links', 'computers', 'agent_links'];

let world: World | undefined;
afterAll(() => world?.close());

describe('rmm-hub sync on PostgreSQL', () => {
  it('stores what the same sync stores in SQLite, and a second sync changes nothing', async () => {
    world = await startWorld({ devices: 40, integrations: [NC, CWA] });
    const cli = async (...argv: string[]): Promise<string> => {
      const result = await runCliCaptured(['--config', world!.configPath, ...argv], ENV);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout + result.stderr).not.toContain(new URL(database.url).password);
      return result.stdout;
    };
    const sync = async (): Promise<SyncReport> => JSON.parse(await cli('sync', '--json')) as SyncReport;
    // As an administrator starts: a sync, the MSP's own clients linked by hand, then a sync that links the rest.
    const { fleet } = world;
    const msp = fleet.tenants.find((t) => t.isMsp)!;
    const mspClients = [
      ...fleet.ncentral.customers.filter((c) => fleet.truth.tenantOfClient('ncentral', c.customerId) === msp.id).map((c) => [NC, String(c.customerId)] as const),
      ...fleet.automate.clients.filter((c) => fleet.truth.tenantOfClient('automate', c.id) === msp.id).map((c) => [CWA, String(c.id)] as const),
    ];
    const firstSyncs = async (): Promise<void> => {
      await sync();
      for (const [integration, client] of mspClients) await cli('links', 'accept', integration, client, msp.id);
      await sync();
    };

    await firstSyncs();
    const sqlite = SqliteStore.open({ path: `${world.dir}/rmm-hub.db`, readonly: true });
    const expected = await sqlite.stats();
    sqlite.close();

    world.rewrite({ ...world.raw, store: { kind: 'postgres', url: 'env:RMM_TEST_DB_URL', schema: 'msp_sync' } });
    await firstSyncs();
    const store = await PostgresStore.open({ url: database.url, schema: 'msp_sync' });
    try {
      const stored = await store.stats();
      for (const table of SYNCED_TABLES) expect(stored[table], table).toBe(expected[table]);
      expect(stored['agents']).toBeGreaterThan(0);
      expect(stored['computers']).toBeGreaterThan(0);
      const runs = await store.syncRuns.list();
      expect(runs.map((run) => [run.integrationId, run.status]).sort()).toEqual([[CWA, 'succeeded'], [CWA, 'succeeded'], [NC, 'succeeded'], [NC, 'succeeded']]);

      const before = await store.stats();
      const again = await sync();
      for (const { counts } of again.integrations) {
        const written = Object.entries(counts).filter(([name, n]) => /Written|Inserted|Updated|Gone$/.test(name) && n !== 0);
        expect(written).toEqual([]);
      }
      const after = await store.stats();
      for (const table of SYNCED_TABLES) expect(after[table], table).toBe(before[table]);
    } finally {
      await store.close();
    }
  });
});
