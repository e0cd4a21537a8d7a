/**
 * Diagnostic: how much of the identification benchmark's time SQLite alone takes on this
 * machine, with no identification logic at all — the floor under any run that reads every
 * agent and writes every computer and link through better-sqlite3 in this schema.
 *
 *   npx tsc -b test && node test/dist/bench/identification-floor.run.js [agents=200000] [rounds=3]
 *
 * For the benchmark's fleet (same seed, same store seeding), each measured `rounds` times,
 * minimum and median:
 * - `surveyRead`: the survey's query (`IDENTIFICATION_READS.spread`, the agent repository's own
 *   SQL, counting every value's machines and tenants), every row only materialised;
 * - `tenantRead`: the per-tenant query for every tenant, rows only materialised;
 * - `write`: the computers and links a first run writes (taken from a real run), upserted
 *   into a fresh store in the run's order and chunks as one bulk load, as a first run writes
 *   them (indexes rebuilt once, references checked once at the end); `writeCheckedPerRow`,
 *   the same inside a caller's transaction, where references are checked row by row; and
 *   `writeNoForeignKeys`, with no reference checks at all (what checking costs);
 * - `identify`: the engine's own share of a whole run (`phases.identifyMs`), for comparison;
 * - `runWithoutWrites`: a whole run whose computer and link upserts do nothing (everything
 *   else as in the product: survey, reads, engine, comparisons, the bulk load's index rebuild) —
 *   what a run would cost if writing its 340,000 rows were free.
 * Prints JSON with the sum of the minimums beside the 3,000 ms target.
 */
import 'reflect-metadata';

import { IdentificationService, type AgentLinkRecord, type ComputerRecord } from '@rmm-hub/core';
import { generateFleet } from '@rmm-hub/simulators';
import { IDENTIFICATION_READS, SqliteStore } from '@rmm-hub/store-sqlite';

import { fleetAgents, seedStore } from '../support/fleet-agents.js';

const [agentsArg, roundsArg] = process.argv.slice(2).map(Number);
const target = agentsArg || 200_000;
const rounds = roundsArg || 3;
const fleet = generateFleet({ seed: 7, devices: Math.min(200_000, Math.max(10, Math.ceil(target / 1.4))) });
const truth = fleetAgents(fleet, target);

async function seeded(): Promise<SqliteStore> {
  const store = SqliteStore.open({ path: ':memory:' });
  await seedStore(store, fleet, truth.agents);
  return store;
}

async function timed(work: () => unknown): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

type Sample = 'surveyRead' | 'tenantRead' | 'write' | 'writeCheckedPerRow' | 'writeNoForeignKeys' | 'identify' | 'run' | 'runWithoutWrites';
const samples: Record<Sample, number[]> = {
  surveyRead: [], tenantRead: [], write: [], writeCheckedPerRow: [], writeNoForeignKeys: [], identify: [], run: [], runWithoutWrites: [],
};

// A real first run: its time and phases, and the rows it wrote (what the write floor writes).
let rows: { computers: ComputerRecord[]; links: AgentLinkRecord[] } = { computers: [], links: [] };
for (let round = 0; round < rounds; round++) {
  const store = await seeded();
  const db = store.db;
  const survey = db.prepare(IDENTIFICATION_READS.spread).raw();
  samples.surveyRead.push(await timed(() => {
    for (const row of survey.iterate('[]', 3)) if (row === undefined) throw new Error('no row');
  }));
  const tenants = db.prepare('SELECT DISTINCT tenant_id FROM tenant_links ORDER BY tenant_id').pluck().all() as string[];
  const perTenant = db.prepare(IDENTIFICATION_READS.tenant).raw();
  let read = 0;
  samples.tenantRead.push(await timed(() => {
    for (const tenantId of tenants) read += perTenant.all(tenantId).length;
  }));
  if (read !== truth.agents.length) throw new Error(`read ${read} agents of ${truth.agents.length}`);
  const run = await new IdentificationService({ store }).run();
  samples.run.push(run.durationMs);
  samples.identify.push(run.phases.identifyMs);
  if (round === 0) {
    const all = await store.computers.loadAll();
    rows = { computers: all.computers, links: all.links };
  }
  await store.close();
}

/** The run's rows in its own order (tenant by tenant) and chunks (see `RunWriter`), as one bulk load. */
async function writeRows(store: SqliteStore): Promise<void> {
  const chunk = 512;
  await store.computers.bulkLoad(async () => {
    for (let i = 0; i < rows.computers.length; i += chunk) await store.computers.upsertComputers(rows.computers.slice(i, i + chunk));
    for (let i = 0; i < rows.links.length; i += chunk) await store.computers.upsertLinks(rows.links.slice(i, i + chunk));
  });
}

for (let round = 0; round < rounds; round++) {
  const store = await seeded();
  store.computers.upsertComputers = async () => undefined;
  store.computers.upsertLinks = async () => undefined;
  samples.runWithoutWrites.push((await new IdentificationService({ store }).run()).durationMs);
  await store.close();
  for (const how of ['write', 'writeCheckedPerRow', 'writeNoForeignKeys'] as const) {
    const fresh = await seeded();
    if (how === 'writeNoForeignKeys') fresh.db.pragma('foreign_keys = OFF');
    samples[how].push(await timed(() => (how === 'writeCheckedPerRow' ? fresh.transaction(() => writeRows(fresh)) : writeRows(fresh))));
    await fresh.close();
  }
}

const stat = (xs: number[]): { minMs: number; medianMs: number } => {
  const sorted = [...xs].sort((a, b) => a - b);
  return { minMs: Math.round(sorted[0] ?? NaN), medianMs: Math.round(sorted[Math.floor(sorted.length / 2)] ?? NaN) };
};
const result = Object.fromEntries(Object.entries(samples).map(([name, xs]) => [name, stat(xs)])) as Record<Sample, { minMs: number; medianMs: number }>;
const sqliteFloorMs = result.surveyRead.minMs + result.tenantRead.minMs + result.write.minMs;
process.stdout.write(`${JSON.stringify({
  agents: truth.agents.length, computers: rows.computers.length, links: rows.links.length, rounds, ...result,
  sqliteFloorMs, withIdentifyMs: sqliteFloorMs + result.identify.minMs, targetMs: 3000 * (truth.agents.length / 200_000),
})}\n`);
