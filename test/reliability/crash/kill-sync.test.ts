/**
 * Crash safety (issue #9's crash test, issue #11's kill -9 suite): `rmm-hub sync` runs as a
 * child process against both simulators and is killed with SIGKILL at seeded random points of
 * the sync — several times in a row on the same database — before a final run completes. A point
 * is a place, not a moment: something the sync reports (a run started, clients stored, linking
 * done, agent batch k stored) or a place inside identification's write transaction; the child
 * stops there and is killed there (crash-point.mjs), so a loaded machine changes nothing. After
 * every kill the database must pass `integrity_check` and `foreign_key_check` and still hold
 * everything it held before; after the final run it must say exactly what an uninterrupted run
 * says.
 */
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { LinkingService } from '@rmm-hub/core';
import { createRng, DEFAULT_NCENTRAL_CONCURRENCY_CAPS } from '@rmm-hub/simulators';
import { SqliteStore } from '@rmm-hub/store-sqlite';

import { saveSuiteResult } from '../support/results.js';
import { consistency, dumpCounts, dumpState, linkMspByHand, type StateDump } from '../support/state.js';
import { startWorld, type World } from '../support/world.js';
import { requireBuiltCli, runCliChild } from './cli-child.js';
import { choosePoint, crashRound, stageOf, STAGES, syncUntilStable, type Inspection, type KillRecord, type RoundRecord } from './crash-rounds.js';

const SEED = 20_251_123;
const ROUNDS = 4;
const KILLS_PER_ROUND = 3;

let world: World;
let prepared: string;
let preparedDump: StateDump;
let reference: { dump: StateDump; syncs: number; msPerSync: number; points: string[] };
const started = performance.now();

/** Copies a database file (and its WAL, if any) to `target`. */
function copyDb(from: string, target: string): void {
  rmSync(target, { force: true });
  rmSync(`${target}-wal`, { force: true });
  rmSync(`${target}-shm`, { force: true });
  copyFileSync(from, target);
  if (existsSync(`${from}-wal`)) copyFileSync(`${from}-wal`, `${target}-wal`);
}

function inspect(path: string): Inspection {
  const store = SqliteStore.open({ path });
  try {
    const runs: Record<string, number> = {};
    for (const row of store.db.prepare('SELECT status, COUNT(*) AS n FROM sync_runs GROUP BY status').all() as { status: string; n: number }[]) runs[row.status] = row.n;
    return { dump: dumpState(store.db), ...consistency(store.db), runs };
  } finally {
    void store.close();
  }
}

/** A config whose store is `dbName` (relative to the world's folder). */
function configFor(dbName: string): string {
  const path = join(world.dir, `${dbName}.yaml`);
  world.rewrite({ ...world.raw, store: { path: dbName } });
  copyFileSync(world.configPath, path);
  return path;
}

beforeAll(async () => {
  requireBuiltCli();
  // The simulators' clock stands still. N-central reports an online device's check-in relative
  // to it, and a computer is named after its most recent check-in: on a moving clock, a round
  // that ran minutes after the reference could name a computer after its other agent.
  const frozenAt = Date.now();
  world = await startWorld({ seed: 5, devices: 1000, latencyMs: 1, clock: { now: () => frozenAt } });
  // The rounds sync side by side against these simulators: N-central's per-endpoint caps would
  // throttle one round because of another (throttling has its own suite: the fault matrix).
  for (const route of Object.keys(DEFAULT_NCENTRAL_CONCURRENCY_CAPS)) world.ncentral.setConcurrencyCap(route, undefined);
  // The starting point of every round: one sync (clients), then the MSP's manual link.
  const prep = configFor('prepared.db');
  const first = await runCliChild(['--config', prep, 'sync', '--json'], { cwd: world.dir });
  if (first.code !== 0) throw new Error(`the first sync failed: ${first.stderr}`);
  prepared = join(world.dir, 'prepared.db');
  const store = SqliteStore.open({ path: prepared });
  await linkMspByHand(store, new LinkingService(store, { config: world.load().config.linking }), world.fleet);
  preparedDump = dumpState(store.db);
  await store.close();

  // The uninterrupted run every crashed one must end up equal to.
  copyDb(prepared, join(world.dir, 'reference.db'));
  const ref = configFor('reference.db');
  const settled = await syncUntilStable(ref, world.dir);
  reference = { dump: inspect(join(world.dir, 'reference.db')).dump, syncs: settled.syncs, msPerSync: Math.round(settled.ms / settled.syncs), points: settled.firstPoints };
}, 120_000);

afterAll(async () => {
  await world?.close();
});

/** One round on its own copy of the prepared database. */
async function sqliteRound(round: number, points: readonly string[]): Promise<{ kills: KillRecord[]; round: RoundRecord }> {
  const db = `crash-${round}.db`;
  const path = join(world.dir, db);
  copyDb(prepared, path);
  const outcome = await crashRound({ round, points, config: configFor(db), cwd: world.dir, inspect: () => inspect(path), prepared: preparedDump, reference: reference.dump });
  rmSync(path, { force: true });
  return outcome;
}

describe('kill -9 during sync', () => {
  const kills: KillRecord[] = [];
  const rounds: RoundRecord[] = [];
  let passed = 0;

  it(`${ROUNDS} rounds × ${KILLS_PER_ROUND} SIGKILLs at seeded random points of the sync: consistent after each, converges to the uninterrupted state`, async () => {
    expect(reference.dump.agents.length, 'the reference sync stored no agents').toBeGreaterThan(500);
    expect(reference.dump.computers.length).toBeGreaterThan(0);
    // Several agent batches and identification tenants, or the points would prove little.
    expect(reference.points.filter((p) => stageOf(p) === 'agents').length, reference.points.join(' ')).toBeGreaterThanOrEqual(3);
    expect(reference.points.filter((p) => stageOf(p) === 'identification').length, reference.points.join(' ')).toBeGreaterThanOrEqual(3);
    // Points drawn up front, round by round, so the rounds can run side by side: each has its own
    // database, and the seed alone decides where every kill lands.
    const rng = createRng(SEED);
    const plan = Array.from({ length: ROUNDS }, () => Array.from({ length: KILLS_PER_ROUND }, () => choosePoint(rng, reference.points)));
    const outcomes = await Promise.all(plan.map((points, round) => sqliteRound(round, points)));
    for (const outcome of outcomes) {
      kills.push(...outcome.kills);
      rounds.push(outcome.round);
    }
    // Every kill was real (its point was reached), and the seed's points cover every stage.
    expect(kills.filter((k) => !k.killed).map((k) => `round ${k.round} at ${k.at}: finished first`)).toEqual([]);
    expect(new Set(kills.map((k) => stageOf(k.at)))).toEqual(new Set(Object.keys(STAGES)));
    passed = 1;
  }, 240_000);

  afterAll(() => {
    if (!reference) return;
    saveSuiteResult(
      'crash',
      {
        seed: SEED,
        fleet: { devices: 1000, ...dumpCounts(reference.dump) },
        reference: { syncsToSettle: reference.syncs, msPerSync: reference.msPerSync },
        kills,
        rounds,
      },
      performance.now() - started,
      { passed, expected: 1 },
    );
  });
});
