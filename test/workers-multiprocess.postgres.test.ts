/**
 * Several worker processes on one pg-boss queue (a real PostgreSQL, the vitest project
 * `postgres`), syncing two simulated N-central and two simulated Automate servers into the
 * SQLite store they share: each request syncs its integration once, no integration ever runs
 * twice at once (no worker is handed one another still syncs, though an idle worker keeps asking
 * while a second request waits: it would wait on the store's lock and say so; and the sync runs
 * never overlap); the syncs list only, and every tenant they feed is identified by jobs of its
 * own, never two of one tenant at once; a worker killed with SIGKILL mid-sync loses its job to
 * another once its lease runs out; the RMMs' concurrency caps hold across all the workers
 * together; and the store ends saying the same as a one-process `rmm-hub sync` of the same fleets.
 */
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { OUTPUT_SCHEMAS } from '@rmm-hub/cli';
import { LinkingService } from '@rmm-hub/core';
import { DEFAULT_NCENTRAL_CONCURRENCY_CAPS, startAutomateSim, startNcentralSim, type SimServerStats } from '@rmm-hub/simulators';
import { SqliteStore } from '@rmm-hub/store-sqlite';

import { useTestDatabase } from '../packages/store-postgres/src/test-support/test-database.js';
import { SyncQueue } from '../packages/worker/src/sync-queue.js';
import { requireBuiltCli } from './reliability/crash/cli-child.js';
import { dumpState, linkMspByHand, type StateDump } from './reliability/support/state.js';
import { CWA, NC, startWorld, type World } from './reliability/support/world.js';
import { runCliCaptured } from './support/run-cli.js';
import { exitOf, JobEvents, startWorkerProcess } from './support/worker-processes.js';

const database = useTestDatabase();
const ENV = { RMM_TEST_QUEUE_URL: database.url };
const NC2 = 'ncentral-2';
const CWA2 = 'automate-2';
const IDS = [NC, NC2, CWA, CWA2];
/** Automate documents no per-endpoint cap: the simulator's is the plugin's per-server concurrency. */
const AUTOMATE_CAPS = { 'GET /cwa/api/v1/computers': 4 };
let world: World | undefined;
const closers: (() => Promise<void>)[] = [];
const workers: ChildProcess[] = [];
afterAll(async () => {
  for (const worker of workers) if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
  await Promise.allSettled(closers.map((close) => close()));
  await world?.close();
});

/** Links the MSP's clients by hand in a store, as its administrator does before the first full sync. */
async function linkMsp(path: string, world: World): Promise<void> {
  const store = SqliteStore.open({ path });
  try {
    const linked = await linkMspByHand(store, new LinkingService(store, { config: world.load().config.linking }), world.fleet, (id) => (id.startsWith('ncentral') ? 'ncentral' : 'automate'));
    expect(linked).toBeGreaterThan(0);
  } finally {
    await store.close();
  }
}

function readStore(path: string): { dump: StateDump; runs: { integration_id: string; started_at: string; finished_at: string | null; status: string }[] } {
  const store = SqliteStore.open({ path, readonly: true });
  try {
    const runs = store.db.prepare('SELECT integration_id, started_at, finished_at, status FROM sync_runs ORDER BY integration_id, started_at').all() as never;
    return { dump: dumpState(store.db), runs };
  } finally {
    store.close();
  }
}

/** Endpoints whose requests in flight went past their cap, and requests the caps refused: both empty when every worker together kept to them. */
function capsBroken(stats: SimServerStats, caps: Readonly<Record<string, number>>): { over: string[]; refused: number } {
  return { over: Object.entries(caps).filter(([key, cap]) => (stats.maxInFlight[key] ?? 0) > cap).map(([key]) => `${key}: ${stats.maxInFlight[key]} > ${caps[key]}`), refused: stats.rejectedByCap };
}

describe('sync on several worker processes', () => {
  it('three workers sync four integrations once per request, never one twice at once, identify each tenant on its own, hand on a killed worker\'s job, keep the RMM caps, and store what one process does', async () => {
    requireBuiltCli();
    world = await startWorld({ devices: 150, latencyMs: 10, integrations: [NC, CWA], automateSim: { concurrencyCaps: AUTOMATE_CAPS } });
    const ncentral2 = await startNcentralSim({ fleet: world.fleet, latencyMs: 10, jwt: world.ncentral.jwt });
    closers.push(() => ncentral2.close());
    const { clientId, username, password } = world.automate;
    const automate2 = await startAutomateSim({ fleet: world.fleet, latencyMs: 10, mfa: 'none', clientId, username, password, concurrencyCaps: AUTOMATE_CAPS });
    closers.push(() => automate2.close());
    const [ncentral, automate] = world.raw['integrations'] as { id: string; config: Record<string, unknown> }[];
    const integrations = [ncentral!, { ...ncentral!, id: NC2, config: { ...ncentral!.config, serverUrl: ncentral2.url } }, automate!, { ...automate!, id: CWA2, config: { ...automate!.config, serverUrl: automate2.url } }];
    const raw = { ...world.raw, integrations };
    // A short lease, pg-boss's maintenance every second and a one-second retry delay: a killed
    // worker's job runs elsewhere within seconds.
    const queue = { kind: 'pg-boss', url: 'env:RMM_TEST_QUEUE_URL', schema: 'multi', expireInSeconds: 6, maintenanceIntervalSeconds: 1, retryDelaySeconds: 1, pollIntervalSeconds: 0.2 };
    const queueConfig = join(world.dir, 'queued.yaml');
    writeFileSync(queueConfig, JSON.stringify({ ...raw, store: { path: 'queued.db' }, queue }));
    const referenceConfig = join(world.dir, 'reference.yaml');
    writeFileSync(referenceConfig, JSON.stringify({ ...raw, store: { path: 'reference.db' } }));

    const events = new JobEvents();
    for (let i = 0; i < 3; i++) {
      const worker = startWorkerProcess(queueConfig, { cwd: world.dir, env: ENV });
      events.watch(worker);
      workers.push(worker);
    }
    const exits = workers.map(exitOf);
    await events.until('worker', 'syncing', 3);
    const enqueue = async (...only: string[]): Promise<void> => {
      const result = await runCliCaptured(['--config', queueConfig, 'sync', '--enqueue', ...only.flatMap((id) => ['--integration', id])], ENV);
      expect(result.code, result.stderr).toBe(0);
    };
    await enqueue();
    // Asked again once all have started: the second sync of each waits behind the first, while
    // an idle worker keeps asking for work.
    await Promise.all(IDS.map((id) => events.until(id, 'started', 1)));
    await enqueue();
    await Promise.all(IDS.map((id) => events.until(id, 'completed', 2)));

    // The MSP linked by hand, the third syncs link the rest and list agents: each asks for the
    // identification of the tenants it feeds.
    await linkMsp(join(world.dir, 'queued.db'), world);
    await enqueue();
    await Promise.all(IDS.map((id) => events.until(id, 'completed', 3)));

    // A fourth sync of one integration, its worker killed once the sync is under way: another
    // worker takes the job over when its lease runs out, and completes it. The N-central server
    // holds its answers meanwhile, so the sync cannot end before the kill lands.
    const held = world.ncentral.faults.add({ kind: 'slow', delayMs: 60_000 });
    await enqueue(NC);
    await events.until(NC, 'health', 4);
    const victim = events.runner.get(NC)!;
    victim.kill('SIGKILL');
    held.remove();
    await events.until(NC, 'completed', 4);
    expect(events.runner.get(NC)).not.toBe(victim);
    expect(await exits[workers.indexOf(victim)]).toBe('SIGKILL');

    // The identifications that sync asked for run too: looked at again each time a job ends, the
    // queue has none left waiting or running.
    const jobQueue = await SyncQueue.open({ url: database.url, schema: 'multi' });
    closers.push(() => jobQueue.close());
    const ended = new Set(['completed', 'failed', 'cancelled']);
    await new Promise<void>((resolve, reject) => {
      const look = (): void => void jobQueue.jobs(10_000).then((jobs) => jobs.every((job) => ended.has(job.state)) && resolve(), reject);
      events.onEnded = look;
      look();
    });

    const survivors = workers.filter((worker) => worker !== victim);
    for (const worker of survivors) worker.kill('SIGTERM');
    expect(await Promise.all(survivors.map((worker) => exits[workers.indexOf(worker)]))).toEqual([0, 0]);
    expect(IDS.map((id) => [id, events.count(id, 'started'), events.count(id, 'failed')])).toEqual([[NC, 5, 0], [NC2, 3, 0], [CWA, 3, 0], [CWA2, 3, 0]]);
    expect(events.waits).toEqual([]);
    for (const [sim, caps] of [[world.ncentral, DEFAULT_NCENTRAL_CONCURRENCY_CAPS], [ncentral2, DEFAULT_NCENTRAL_CONCURRENCY_CAPS], [world.automate, AUTOMATE_CAPS], [automate2, AUTOMATE_CAPS]] as const) {
      expect(capsBroken(sim.stats, caps)).toEqual({ over: [], refused: 0 });
      expect(Object.keys(caps).some((key) => (sim.stats.maxInFlight[key] ?? 0) > 0)).toBe(true);
    }

    const queued = readStore(join(world.dir, 'queued.db'));
    for (const id of IDS) {
      const runs = queued.runs.filter((run) => run.integration_id === id && run.status === 'succeeded');
      expect(runs).toHaveLength(id === NC ? 4 : 3);
      for (let i = 1; i < runs.length; i++) expect(Date.parse(runs[i]!.started_at)).toBeGreaterThanOrEqual(Date.parse(runs[i - 1]!.finished_at!));
    }

    // Every tenant with computers was identified by jobs of its own, each run after the last of
    // its tenant ended, none failed; `rmm-hub jobs` lists them by tenant.
    const listed = await runCliCaptured(['--config', queueConfig, 'jobs', '--json'], ENV);
    expect(listed.code, listed.stderr).toBe(0);
    const identifications = OUTPUT_SCHEMAS.jobs.parse(JSON.parse(listed.stdout)).jobs.filter((job) => job.kind === 'identify');
    expect(identifications.filter((job) => job.state !== 'completed')).toEqual([]);
    const tenants = [...new Set(queued.dump.computers.map((line) => line.split('|')[0]!))].sort();
    expect(tenants.length).toBeGreaterThan(1);
    expect([...new Set(identifications.filter((job) => job.output && 'status' in job.output && job.output.status === 'identified').map((job) => job.tenantId))].sort()).toEqual(tenants);
    for (const tenant of tenants) {
      const runs = identifications.filter((job) => job.tenantId === tenant).sort((a, b) => Date.parse(a.startedOn!) - Date.parse(b.startedOn!));
      for (let i = 1; i < runs.length; i++) expect(Date.parse(runs[i]!.startedOn!)).toBeGreaterThanOrEqual(Date.parse(runs[i - 1]!.completedOn!));
    }
    // The workers' lines count the tenants each batch identified: as many as the jobs that say so.
    const identifiedJobs = identifications.filter((job) => job.output && 'status' in job.output && job.output.status === 'identified').length;
    expect(events.identifications.reduce((sum, line) => sum + Number(/ \((\d+) identified/.exec(line)?.[1] ?? Number.NaN), 0)).toBe(identifiedJobs);
    const text = await runCliCaptured(['--config', queueConfig, 'jobs'], ENV);
    expect(text.stdout).toMatch(new RegExp(`tenant ${tenants[0]}\\s+identify\\s+completed`));

    // The reference: one process syncs, the MSP is linked by hand, and it syncs again.
    for (const step of ['sync', 'link', 'sync']) {
      if (step === 'link') {
        await linkMsp(join(world.dir, 'reference.db'), world);
        continue;
      }
      const reference = await runCliCaptured(['--config', referenceConfig, 'sync', '--json']);
      expect(reference.code, reference.stderr).toBe(0);
    }
    expect(queued.dump).toEqual(readStore(join(world.dir, 'reference.db')).dump);
    expect(queued.dump.clients.length).toBeGreaterThan(0);
    // Four integrations synced three times, a lease left to run out and a one-process reference
    // sync: longer than the project's default, on any machine.
  }, 90_000);
});
