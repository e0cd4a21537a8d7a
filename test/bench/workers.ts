/**
 * Workers benchmark: syncs spread over real `rmm-hub worker` processes through the pg-boss queue.
 *
 * The world: several N-central and Automate simulators, each server in a child process of its
 * own (sync-sims.child.ts, N-central's documented caps on, a fixed latency per request) serving
 * the same generated fleet; one config with an integration per server; the store and the queue
 * on one embedded PostgreSQL server. The store is made ready once (setup sync, every client
 * linked: ./linked-fleet.ts) in a template database, and each measured run gets a copy of it,
 * so every run is the same full sync of every agent.
 *
 * 1. **Throughput**: for each worker count N, N workers (`--concurrency 1`, one job each at a
 *    time) are started and ready, `rmm-hub sync --enqueue` asks for every integration's sync,
 *    and the run ends when the queue holds no job of any kind still to run (so whatever jobs a
 *    sync leads to count too). Wall time is the queue's own: first job created to last job ended.
 *    Each N-worker run is judged against the 1-worker run (./worker-schedule.ts): linear scaling,
 *    and the best schedule of the 1-worker run's job times on N workers.
 * 2. **Kill to pickup**: two workers on a queue with a short lease; one N-central sync is asked
 *    for, the worker that takes it is killed with SIGKILL once the sync is under way, and the
 *    figure is the time from the kill until the other worker starts the job (its output line).
 *    The bound it is held to is the documented one: lease + twice the maintenance interval
 *    (pg-boss skips a maintenance run that comes a moment early) + twice the retry delay + poll
 *    interval (README, "A worker killed outright").
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';

import { loadConfigFile } from '@rmm-hub/core';
import type { SimServerStats } from '@rmm-hub/simulators';
import { PostgresStore, startEmbeddedServer, type EmbeddedServer } from '@rmm-hub/store-postgres';

import { runCliChild } from '../reliability/crash/cli-child.js';
import { exitOf, JobEvents, startWorkerProcess } from '../support/worker-processes.js';
import { prepareLinkedStore } from './linked-fleet.js';
import { startSimChild, type SimChild } from './sim-child.js';
import { scalingRatios, type ScalingRatios } from './worker-schedule.js';

/** Options of {@link benchWorkers}. */
export interface WorkersBenchOptions {
  /** Physical machines in each server's generated fleet. @default 10_000 */
  devices?: number;
  /** Fixed latency the simulators add to every request. @default 50 */
  latencyMs?: number;
  /** Simulated servers (one integration each) of each RMM. @default 4 */
  serversPerRmm?: number;
  /** Worker counts measured, the first the baseline the others are judged against. @default [1, 2, 4] */
  workerCounts?: readonly number[];
  seed?: number;
  note?: (text: string) => void;
}

/** One job of a measured run, from the queue's table. */
export interface RunJob {
  integrationId: string | null;
  kind: string;
  state: string;
  retries: number;
  /** Started to ended, ms. */
  ms: number;
  /**
   * Of a sync job, the integration's own sync as the job recorded it (`durationMs`); null for
   * other kinds.
   */
  syncMs: number | null;
}

/** One throughput run. */
export interface WorkersRun {
  workers: number;
  /** First job created to last job ended, ms. */
  wallMs: number;
  jobs: RunJob[];
  /**
   * The identification jobs: how many; each run's time, ms (a worker takes the jobs waiting
   * together, and pg-boss starts a batch's jobs in one statement, so a run is the jobs sharing
   * their start); and the time some identification job was running, ms.
   */
  identification: { jobs: number; runMs: number[]; ms: number };
  /** Every integration's agents stored, as many as its server lists. */
  complete: boolean;
  /** Against the first run (undefined for it). */
  scaling?: ScalingRatios;
  /** 1-minute load average when the run ended. */
  loadAverage: number;
}

/** The kill-to-pickup measurement. */
export interface KillToPickup {
  integrationId: string;
  queue: { expireInSeconds: number; maintenanceIntervalSeconds: number; retryDelaySeconds: number; pollIntervalSeconds: number };
  /** lease + maintenance + 2 × retry delay + poll, ms. */
  boundMs: number;
  /** SIGKILL to the other worker's `started`, ms; null when it did not start within 3 × the bound. */
  pickupMs: number | null;
  /** The job then ran to its end on the other worker. */
  completed: boolean;
}

export interface WorkersBenchResult {
  devices: number;
  latencyMs: number;
  integrations: string[];
  fleet: { ncentralAgents: number; automateComputers: number };
  runs: WorkersRun[];
  kill: KillToPickup;
  /** Over all runs: the most requests any N-central endpoint had in flight ÷ its documented cap, and the requests the caps refused. */
  caps: { held: boolean; worst: string; refused: number };
  loadAverage: { start: number; end: number };
  seconds: number;
}

const DB_ENV = 'RMM_BENCH_DB_URL';
const STORE_SCHEMA = 'rmm_hub';
const QUEUE_SCHEMA = 'rmm_hub_queue';
/** Throughput runs: the product's queue settings but for the idle poll, which would add up to its 2 s default to the first pickup of each run. */
const THROUGHPUT_QUEUE = { pollIntervalSeconds: 0.5 };
/** A short lease, as an operator who wants quick hand-over would set it (the multi-process test's settings). */
const KILL_QUEUE = { expireInSeconds: 6, maintenanceIntervalSeconds: 1, retryDelaySeconds: 1, pollIntervalSeconds: 0.2 };
/** How often the queue's table is read while waiting for a run to end. */
const QUEUE_POLL_MS = 250;
/** A run still not done after this is reported as stuck rather than waited for (a failing sync's three retries end well within it). */
const RUN_DEADLINE_MS = 30 * 60_000;

export async function benchWorkers(options: WorkersBenchOptions = {}): Promise<WorkersBenchResult> {
  const started = performance.now();
  const devices = options.devices ?? 10_000;
  const latencyMs = options.latencyMs ?? 50;
  const perRmm = options.serversPerRmm ?? 4;
  const workerCounts = options.workerCounts ?? [1, 2, 4];
  const note = options.note ?? ((text: string) => process.stderr.write(`workers: ${text}\n`));
  const loadStart = loadavg()[0]!;
  const dir = mkdtempSync(join(tmpdir(), 'rmm-hub-bench-workers-'));
  const sims: { id: string; child: SimChild }[] = [];
  const workers: ChildProcess[] = [];
  let server: EmbeddedServer | undefined;
  try {
    note(`${perRmm} N-central and ${perRmm} Automate servers of ${devices} devices each at ${latencyMs} ms, each in its own process, and PostgreSQL…`);
    const ids = [...Array.from({ length: perRmm }, (_, i) => `ncentral-${i + 1}`), ...Array.from({ length: perRmm }, (_, i) => `automate-${i + 1}`)];
    const [pgServer, ...children] = await Promise.all([
      startEmbeddedServer(),
      // Automate with an Integrator user: TOTP codes, one login each, would make the runs wait on the clock.
      ...ids.map((id) => startSimChild({ devices, seed: options.seed ?? 1, latencyMs, serve: rmmOf(id), mfa: 'none' })),
    ]);
    server = pgServer;
    children.forEach((child, i) => sims.push({ id: ids[i]!, child }));
    const admin = server.adminUrl;
    const ready = sims[0]!.child.ready;

    const config = (name: string, queue: Record<string, unknown>): string => writeConfig(dir, name, sims, queue);
    const throughputConfig = config('throughput.json', THROUGHPUT_QUEUE);
    const killConfig = config('kill.json', KILL_QUEUE);

    note('the store made ready once (setup sync, every client linked) as the template of every run…');
    await sql(admin, 'CREATE DATABASE workers_template');
    const templateUrl = databaseUrl(admin, 'workers_template');
    process.env[DB_ENV] = templateUrl;
    const store = await PostgresStore.open({ url: templateUrl, schema: STORE_SCHEMA });
    try {
      await prepareLinkedStore(loadConfigFile(throughputConfig), store, ready, rmmOf);
    } finally {
      await store.close();
    }
    const freshDatabase = async (name: string): Promise<string> => {
      await sql(admin, `CREATE DATABASE ${name} TEMPLATE workers_template`);
      return databaseUrl(admin, name);
    };

    const runs: WorkersRun[] = [];
    for (const n of workerCounts) {
      const url = await freshDatabase(`workers_${n}`);
      note(`${n} worker${n === 1 ? '' : 's'}: a full sync of ${ids.length} integrations…`);
      const run = await throughputRun({ n, url, config: throughputConfig, dir, workers, ids, expected: ready.fleet });
      const baseline = runs[0];
      // A run of identification jobs is one piece of work however many tenants it held.
      const work = baseline ? [...baseline.jobs.filter((j) => j.kind !== 'identify').map((j) => j.ms), ...baseline.identification.runMs] : [];
      runs.push(baseline ? { ...run, scaling: scalingRatios(baseline.wallMs, work, n, run.wallMs) } : run);
      note(`${n} worker${n === 1 ? '' : 's'}: ${run.wallMs} ms${runs.at(-1)!.scaling ? ` (${JSON.stringify(runs.at(-1)!.scaling)})` : ''}, load ${run.loadAverage}`);
    }

    note('kill to pickup: two workers, a short lease, the one syncing ncentral-1 killed…');
    const kill = await killToPickup({ url: await freshDatabase('workers_kill'), config: killConfig, dir, workers, integrationId: ids[0]! });
    note(`kill to pickup: ${kill.pickupMs} ms (bound ${kill.boundMs} ms)`);

    const caps = capsHeld(await Promise.all(sims.filter((s) => rmmOf(s.id) === 'ncentral').map(async (s) => ({ stats: (await s.child.stats()).ncentral!, caps: s.child.ready.ncentral!.caps }))));
    return {
      devices,
      latencyMs,
      integrations: ids,
      fleet: { ncentralAgents: ready.fleet.ncentralAgents, automateComputers: ready.fleet.automateComputers },
      runs,
      kill,
      caps,
      loadAverage: { start: round2(loadStart), end: round2(loadavg()[0]!) },
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
  } finally {
    for (const worker of workers) if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
    await Promise.all(workers.map(exitOf));
    await Promise.allSettled(sims.map((s) => s.child.close()));
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function rmmOf(integrationId: string): 'ncentral' | 'automate' {
  return integrationId.startsWith('ncentral') ? 'ncentral' : 'automate';
}

/** The config every worker reads: one integration per server, the store and the queue in the database `RMM_BENCH_DB_URL` names. */
function writeConfig(dir: string, name: string, sims: readonly { id: string; child: SimChild }[], queue: Record<string, unknown>): string {
  const secretFile = (file: string, value: string): string => {
    writeFileSync(join(dir, file), `${value}\n`, { mode: 0o600 });
    return `file:${file}`;
  };
  const integrations = sims.map(({ id, child: { ready } }) => {
    if (ready.ncentral) {
      return { id, plugin: 'ncentral', config: { serverUrl: ready.ncentral.url, jwt: secretFile(`${id}.jwt`, ready.ncentral.jwt), runScriptRepositoryId: ready.ncentral.repositoryId } };
    }
    const automate = ready.automate!;
    return {
      id,
      plugin: 'cw-automate',
      config: {
        serverUrl: automate.url,
        clientId: automate.clientId,
        username: automate.username,
        password: secretFile(`${id}.password`, automate.password),
        mfa: { mode: 'integrator' },
      },
    };
  });
  const config = {
    store: { kind: 'postgres', url: `env:${DB_ENV}`, schema: STORE_SCHEMA },
    queue: { kind: 'pg-boss', url: `env:${DB_ENV}`, schema: QUEUE_SCHEMA, ...queue },
    // Identity scripts are paced by task polling, not by the RMM's answers (as in the sync benchmark).
    identification: { identityScript: { enabled: false } },
    tenants: sims[0]!.child.ready.tenants,
    integrations,
  };
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

interface RunSetup {
  n: number;
  url: string;
  config: string;
  dir: string;
  /** Every worker started, for the caller's clean-up. */
  workers: ChildProcess[];
  ids: readonly string[];
  expected: { ncentralAgents: number; automateComputers: number };
}

/** N workers, every integration's sync asked for, until the queue has nothing left to run. */
async function throughputRun(setup: RunSetup): Promise<Omit<WorkersRun, 'scaling'>> {
  const env = { [DB_ENV]: setup.url };
  const events = new JobEvents();
  const started = startWorkers(setup.n, setup, env, events);
  await events.until('worker', 'syncing', setup.n);
  const enqueue = await runCliChild(['--config', setup.config, 'sync', '--enqueue'], { cwd: setup.dir, env });
  if (enqueue.code !== 0) throw new Error(`sync --enqueue failed (${enqueue.code}): ${enqueue.stderr.slice(-500)}`);
  await queueDrained(setup.url, started);
  await stopWorkers(started);
  const jobs = await queueJobs(setup.url);
  const wallMs = Math.max(...jobs.map((j) => j.completedOn)) - Math.min(...jobs.map((j) => j.createdOn));
  return {
    workers: setup.n,
    wallMs,
    jobs: jobs.map(({ integrationId, kind, state, retries, ms, syncMs }) => ({ integrationId, kind, state, retries, ms, syncMs })),
    identification: identificationTime(jobs.filter((j) => j.kind === 'identify')),
    complete: await everyAgentStored(setup.url, setup.ids, setup.expected),
    loadAverage: round2(loadavg()[0]!),
  };
}

/** Two workers on a short lease; the one syncing `integrationId` is killed once its sync is under way. */
async function killToPickup(setup: { url: string; config: string; dir: string; workers: ChildProcess[]; integrationId: string }): Promise<KillToPickup> {
  const env = { [DB_ENV]: setup.url };
  const events = new JobEvents();
  const started = startWorkers(2, setup, env, events);
  await events.until('worker', 'syncing', 2);
  const id = setup.integrationId;
  const enqueue = await runCliChild(['--config', setup.config, 'sync', '--enqueue', '--integration', id], { cwd: setup.dir, env });
  if (enqueue.code !== 0) throw new Error(`sync --enqueue failed (${enqueue.code}): ${enqueue.stderr.slice(-500)}`);
  await events.until(id, 'health', 1);
  const victim = events.runner.get(id)!;
  const killedAt = performance.now();
  victim.kill('SIGKILL');
  await exitOf(victim);
  const q = KILL_QUEUE;
  const boundMs = (q.expireInSeconds + 2 * q.maintenanceIntervalSeconds + 2 * q.retryDelaySeconds + q.pollIntervalSeconds) * 1000;
  const survivors = started.filter((w) => w !== victim);
  const pickedUp = await within(events.until(id, 'started', 2), 3 * boundMs);
  const completed = pickedUp && (await within(events.until(id, 'completed', 1), 10 * 60_000));
  await stopWorkers(survivors);
  return { integrationId: id, queue: q, boundMs, pickupMs: pickedUp ? Math.round(events.startedAt.get(id)! - killedAt) : null, completed };
}

function startWorkers(n: number, setup: { config: string; dir: string; workers: ChildProcess[] }, env: NodeJS.ProcessEnv, events: JobEvents): ChildProcess[] {
  return Array.from({ length: n }, () => {
    const worker = startWorkerProcess(setup.config, { cwd: setup.dir, env, concurrency: 1 });
    setup.workers.push(worker);
    events.watch(worker);
    return worker;
  });
}

/** SIGTERM: each finishes its running job (none is left here) and exits 0. */
async function stopWorkers(workers: readonly ChildProcess[]): Promise<void> {
  for (const worker of workers) worker.kill('SIGTERM');
  const exits = await Promise.all(workers.map(exitOf));
  if (exits.some((e) => e !== 0)) throw new Error(`a worker did not stop cleanly: ${exits.join(', ')}`);
}

/** Resolves true when `promise` settles within `ms`, false otherwise. */
async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits until the queue holds no job still to run, of any kind; fails if a worker exits meanwhile. */
async function queueDrained(url: string, workers: readonly ChildProcess[]): Promise<void> {
  const deadline = performance.now() + RUN_DEADLINE_MS;
  await withClient(url, async (client) => {
    for (;;) {
      if (performance.now() > deadline) throw new Error(`the queue still had jobs to run after ${RUN_DEADLINE_MS / 60_000} minutes`);
      const gone = workers.find((w) => w.exitCode !== null || w.signalCode !== null);
      if (gone) throw new Error(`a worker exited mid-run (${gone.signalCode ?? gone.exitCode})`);
      const { rows } = await client.query<{ pending: string; total: string }>(
        `SELECT count(*) FILTER (WHERE state IN ('created', 'retry', 'active')) AS pending, count(*) AS total FROM ${QUEUE_SCHEMA}.job`,
      );
      if (Number(rows[0]!.total) > 0 && Number(rows[0]!.pending) === 0) return;
      await new Promise((resolve) => setTimeout(resolve, QUEUE_POLL_MS));
    }
  });
}

/** {@link WorkersRun.identification} of these identification jobs. */
function identificationTime(jobs: readonly { startedOn: number; completedOn: number }[]): WorkersRun['identification'] {
  let ms = 0;
  let until = -Infinity;
  for (const job of [...jobs].sort((a, b) => a.startedOn - b.startedOn)) {
    ms += Math.max(0, job.completedOn - Math.max(job.startedOn, until));
    until = Math.max(until, job.completedOn);
  }
  const runMs = new Map<number, number>();
  for (const job of jobs) runMs.set(job.startedOn, Math.max(runMs.get(job.startedOn) ?? 0, job.completedOn - job.startedOn));
  return { jobs: jobs.length, runMs: [...runMs.values()], ms };
}

async function queueJobs(url: string): Promise<(RunJob & { createdOn: number; startedOn: number; completedOn: number })[]> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ integrationId: string | null; kind: string; state: string; retries: number; syncMs: number | null; createdOn: Date; startedOn: Date; completedOn: Date }>(
      `SELECT data->>'integrationId' AS "integrationId", COALESCE(data->>'kind', 'sync') AS kind, state, retry_count AS retries, (output->>'durationMs')::int AS "syncMs",
              created_on AS "createdOn", started_on AS "startedOn", completed_on AS "completedOn"
         FROM ${QUEUE_SCHEMA}.job ORDER BY started_on`,
    );
    return rows.map((r) => ({ integrationId: r.integrationId, kind: r.kind, state: r.state, retries: r.retries, ms: r.completedOn.getTime() - r.startedOn.getTime(), syncMs: r.syncMs, createdOn: r.createdOn.getTime(), startedOn: r.startedOn.getTime(), completedOn: r.completedOn.getTime() }));
  });
}

async function everyAgentStored(url: string, ids: readonly string[], expected: { ncentralAgents: number; automateComputers: number }): Promise<boolean> {
  const store = await PostgresStore.open({ url, schema: STORE_SCHEMA });
  try {
    for (const id of ids) {
      const want = rmmOf(id) === 'ncentral' ? expected.ncentralAgents : expected.automateComputers;
      if ((await store.agents.count({ integrationId: id })) !== want) return false;
    }
    return true;
  } finally {
    await store.close();
  }
}

/** Every N-central endpoint's most requests in flight against its cap, across all servers. */
function capsHeld(servers: readonly { stats: SimServerStats; caps: Readonly<Record<string, number>> }[]): WorkersBenchResult['caps'] {
  let worst = { share: 0, text: 'none' };
  let refused = 0;
  for (const { stats, caps } of servers) {
    refused += stats.rejectedByCap;
    for (const [route, cap] of Object.entries(caps)) {
      const peak = stats.maxInFlight[route] ?? 0;
      if (peak / cap > worst.share) worst = { share: peak / cap, text: `${route}: ${peak} of ${cap}` };
    }
  }
  return { held: worst.share <= 1 && refused === 0, worst: worst.text, refused };
}

function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs `work` on a connection of its own to `url`, closed afterwards. */
async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function sql(url: string, statement: string): Promise<void> {
  await withClient(url, (client) => client.query(statement));
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
