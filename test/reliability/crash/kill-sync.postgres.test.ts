/**
 * The kill -9 suite (kill-sync.test.ts) on the PostgreSQL store, in the vitest project
 * `postgres`: `rmm-hub sync` as a child process, killed with SIGKILL at seeded points of the
 * sync, several times in a row on the same store, before a final run completes. After every
 * kill the store must hold no row whose reference is missing, no constraint left unchecked, and
 * everything it held before; after the final run it must say exactly what an uninterrupted run
 * on PostgreSQL says. Each round's store is a database of its own, created from the prepared
 * one as a template (PostgreSQL's file copy of a database).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { LinkingService } from '@rmm-hub/core';
import { createRng, DEFAULT_NCENTRAL_CONCURRENCY_CAPS } from '@rmm-hub/simulators';
import { PostgresStore } from '@rmm-hub/store-postgres';

import { runOnServer, useTestDatabase } from '../../../packages/store-postgres/src/test-support/test-database.js';
import { saveSuiteResult } from '../support/results.js';
import { dumpCounts, dumpRows, DUMP_QUERIES, linkMspByHand, type DumpRows, type StateDump } from '../support/state.js';
import { startWorld, type World } from '../support/world.js';
import { requireBuiltCli, runCliChild } from './cli-child.js';
import { choosePoint, crashRound, stageOf, STAGES, syncUntilStable, type Inspection, type KillRecord, type RoundRecord } from './crash-rounds.js';

const SEED = 20_251_123;
const ROUNDS = 4;
const KILLS_PER_ROUND = 3;

const server = useTestDatabase();
const prefix = `${server.name}_`;
const created: string[] = [];
let world: World;
let preparedDump: StateDump;
let reference: { dump: StateDump; syncs: number; msPerSync: number; points: string[] };
const started = performance.now();

const admin = (sql: string): Promise<void> => runOnServer(server.adminUrl, sql);

function urlOf(name: string): string {
  const url = new URL(server.adminUrl);
  url.pathname = `/${prefix}${name}`;
  return url.toString();
}

/** A database `name`, empty or a copy of `template`, and a config whose store it is. */
async function storeFor(name: string, template?: string): Promise<string> {
  await admin(`CREATE DATABASE ${prefix}${name}${template ? ` TEMPLATE ${prefix}${template}` : ''}`);
  created.push(name);
  writeFileSync(join(world.dir, `${name}.url`), `${urlOf(name)}\n`, { mode: 0o600 });
  const config = join(world.dir, `${name}.yaml`);
  writeFileSync(config, JSON.stringify({ ...world.raw, store: { kind: 'postgres', url: `file:${name}.url` } }));
  return config;
}

/** References between the store's tables, checked row by row: what `foreign_key_check` is on SQLite. */
const REFERENCES: [child: string, parent: string, columns: string[]][] = [
  ['rmm_clients', 'integrations', ['integration_id=id']],
  ['agents', 'integrations', ['integration_id=id']],
  ['sync_runs', 'integrations', ['integration_id=id']],
  ['tenant_links', 'rmm_clients', ['integration_id=integration_id', 'client_id=client_id']],
  ['tenant_links', 'tenants', ['tenant_id=id']],
  ['link_suggestions', 'rmm_clients', ['integration_id=integration_id', 'client_id=client_id']],
  ['computers', 'tenants', ['tenant_id=id']],
  ['agent_links', 'agents', ['integration_id=integration_id', 'agent_id=agent_id']],
  ['agent_links', 'computers', ['computer_id=id']],
];

async function inspect(name: string): Promise<Inspection> {
  const client = new pg.Client({ connectionString: urlOf(name) });
  await client.connect();
  try {
    await client.query('SET search_path TO rmm_hub');
    const rows = {} as DumpRows;
    for (const [kind, sql] of Object.entries(DUMP_QUERIES)) rows[kind as keyof DumpRows] = (await client.query(sql)).rows as Record<string, unknown>[];
    let foreignKeyViolations = 0;
    for (const [child, parent, columns] of REFERENCES) {
      const on = columns.map((pair) => pair.split('=')).map(([c, p]) => `p.${p} = c.${c}`).join(' AND ');
      const { rows: found } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${child} c WHERE NOT EXISTS (SELECT 1 FROM ${parent} p WHERE ${on})`);
      foreignKeyViolations += found[0]?.n ?? 0;
    }
    const unchecked = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_constraint WHERE connamespace = 'rmm_hub'::regnamespace AND NOT convalidated`)).rows[0]?.n ?? 0;
    const runs: Record<string, number> = {};
    for (const row of (await client.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM sync_runs GROUP BY status')).rows) runs[row.status] = row.n;
    return { dump: dumpRows(rows), integrity: unchecked === 0 ? 'ok' : `${unchecked} constraints not validated`, foreignKeyViolations, runs };
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  requireBuiltCli();
  // As in kill-sync.test.ts: the simulators' clock stands still, and no round throttles another.
  const frozenAt = Date.now();
  world = await startWorld({ seed: 5, devices: 1000, latencyMs: 1, clock: { now: () => frozenAt } });
  for (const route of Object.keys(DEFAULT_NCENTRAL_CONCURRENCY_CAPS)) world.ncentral.setConcurrencyCap(route, undefined);
  const prep = await storeFor('prepared');
  const first = await runCliChild(['--config', prep, 'sync', '--json'], { cwd: world.dir });
  if (first.code !== 0) throw new Error(`the first sync failed: ${first.stderr}`);
  const store = await PostgresStore.open({ url: urlOf('prepared') });
  await linkMspByHand(store, new LinkingService(store, { config: world.load().config.linking }), world.fleet);
  await store.close();
  preparedDump = (await inspect('prepared')).dump;

  const ref = await storeFor('reference', 'prepared');
  const settled = await syncUntilStable(ref, world.dir);
  reference = { dump: (await inspect('reference')).dump, syncs: settled.syncs, msPerSync: Math.round(settled.ms / settled.syncs), points: settled.firstPoints };
}, 180_000);

afterAll(async () => {
  await world?.close();
  for (const name of created) await admin(`DROP DATABASE IF EXISTS ${prefix}${name} WITH (FORCE)`);
});

describe('kill -9 during sync, on PostgreSQL', () => {
  const kills: KillRecord[] = [];
  const rounds: RoundRecord[] = [];
  let passed = 0;

  it(`${ROUNDS} rounds × ${KILLS_PER_ROUND} SIGKILLs at seeded random points of the sync: consistent after each, converges to the uninterrupted state`, async () => {
    expect(reference.dump.agents.length, 'the reference sync stored no agents').toBeGreaterThan(500);
    expect(reference.dump.computers.length).toBeGreaterThan(0);
    expect(reference.points.filter((p) => stageOf(p) === 'agents').length, reference.points.join(' ')).toBeGreaterThanOrEqual(3);
    expect(reference.points.filter((p) => stageOf(p) === 'identification').length, reference.points.join(' ')).toBeGreaterThanOrEqual(3);
    const rng = createRng(SEED);
    const plan = Array.from({ length: ROUNDS }, () => Array.from({ length: KILLS_PER_ROUND }, () => choosePoint(rng, reference.points)));
    // The template must have no session open while it is copied: the rounds' stores first, then the rounds side by side.
    const configs: string[] = [];
    for (let round = 0; round < ROUNDS; round++) configs.push(await storeFor(`crash_${round}`, 'prepared'));
    const outcomes = await Promise.all(plan.map((points, round) =>
        crashRound({ round, points, config: configs[round] as string, cwd: world.dir, inspect: () => inspect(`crash_${round}`), prepared: preparedDump, reference: reference.dump }),
      ));
    for (const outcome of outcomes) {
      kills.push(...outcome.kills);
      rounds.push(outcome.round);
    }
    expect(kills.filter((k) => !k.killed).map((k) => `round ${k.round} at ${k.at}: finished first`)).toEqual([]);
    expect(new Set(kills.map((k) => stageOf(k.at)))).toEqual(new Set(Object.keys(STAGES)));
    passed = 1;
  }, 300_000);

  afterAll(() => {
    if (!reference) return;
    saveSuiteResult(
      'crash-postgres',
      { seed: SEED, fleet: { devices: 1000, ...dumpCounts(reference.dump) }, reference: { syncsToSettle: reference.syncs, msPerSync: reference.msPerSync }, kills, rounds },
      performance.now() - started,
      { passed, expected: 1 },
    );
  });
});
