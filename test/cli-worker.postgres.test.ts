/**
 * `rmm-hub sync --enqueue`, `check --enqueue`, `run-script --enqueue`, `worker [--schedule]` and
 * `jobs` on a real PostgreSQL queue (the vitest project `postgres`), with the SQLite store:
 * requests merge into the waiting job, a worker process syncs every integration, checks its
 * health, runs a script for someone waiting, and stops cleanly on SIGTERM, and `jobs` shows the
 * outcomes. Without a queue
 * configured each command fails with a config error saying what to add.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { OUTPUT_SCHEMAS } from '@rmm-hub/cli';

import { useTestDatabase } from '../packages/store-postgres/src/test-support/test-database.js';
import { CLI, requireBuiltCli } from './reliability/crash/cli-child.js';
import { CWA, NC, startWorld, type World } from './reliability/support/world.js';
import { fixturePlugin } from './support/fixture-plugins.js';
import { runCliCaptured } from './support/run-cli.js';

const database = useTestDatabase();

const ENV = { FX_KEY: 'fixture-key-123', RMM_TEST_QUEUE_URL: database.url };
let world: World | undefined;
afterAll(() => world?.close());

describe('rmm-hub worker, sync --enqueue and jobs', () => {
  it('without a queue configured, each fails with a config error naming `queue` and how to add one', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rmm-cli-worker-')), 'rmm-hub.json');
    writeFileSync(
      file,
      JSON.stringify({
        discovery: { fromDependencies: false },
        plugins: [fixturePlugin('good')],
        store: { path: './hub.db' },
        integrations: [{ id: 'fx-a', plugin: 'fixture-good', config: { apiKey: 'env:FX_KEY' } }],
      }),
    );
    for (const argv of [['jobs'], ['sync', '--enqueue'], ['check', '--enqueue'], ['worker']]) {
      const result = await runCliCaptured(['--config', file, ...argv], ENV);
      expect(result.code, argv.join(' ')).not.toBe(0);
      expect(result.stderr).toContain('RMM_ERR_CONFIG');
      expect(result.stderr).toContain('queue: no job queue is configured');
      expect(result.stderr).toContain('queue: { kind: pg-boss');
    }
  });

  it('merges a second request into the waiting job; a worker syncs each integration once and stops on SIGTERM', async () => {
    requireBuiltCli();
    // Child processes load only built plugins: the simulated RMMs, as in a deployment.
    world = await startWorld({ devices: 60, integrations: [NC, CWA] });
    world.rewrite({ ...world.raw, queue: { kind: 'pg-boss', url: 'env:RMM_TEST_QUEUE_URL', schema: 'cli_jobs' } });
    const file = world.configPath;
    const password = new URL(database.url).password;
    const json = async (...argv: string[]): Promise<Record<string, unknown>> => {
      const result = await runCliCaptured(['--config', file, ...argv, '--json'], ENV);
      expect(result.stdout + result.stderr).not.toContain(password);
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout) as Record<string, unknown>;
    };
    const first = await json('sync', '--enqueue');
    expect(OUTPUT_SCHEMAS['sync --enqueue'].parse(first).enqueued).toEqual([{ integrationId: NC, queued: true }, { integrationId: CWA, queued: true }]);
    expect((await json('sync', '--enqueue')).enqueued).toEqual([{ integrationId: NC, queued: false }, { integrationId: CWA, queued: false }]);
    const waiting = OUTPUT_SCHEMAS.jobs.parse(await json('jobs')).jobs;
    expect(waiting.map((job) => [job.integrationId, job.state]).sort()).toEqual([[CWA, 'created'], [NC, 'created']]);

    /** Runs a worker until it has said each of `done`, then stops it with SIGTERM; its stderr. */
    const runWorker = async (done: string[], ...argv: string[]): Promise<string> => {
      const worker = spawn('node', [CLI, '--config', file, 'worker', ...argv], { env: { ...process.env, ...ENV }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      const exited = new Promise<number | null>((resolve) => worker.on('exit', resolve));
      await new Promise<void>((resolve, reject) => {
        worker.stderr.setEncoding('utf8').on('data', (chunk: string) => {
          stderr += chunk;
          if (done.every((text) => stderr.includes(text))) resolve();
        });
        void exited.then((code) => reject(new Error(`worker exited early with ${code}: ${stderr}`)));
      });
      worker.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(stderr).toContain('SIGTERM: finishing the running jobs');
      expect(stderr).not.toContain(password);
      return stderr;
    };
    const syncsDone = [`${NC}: completed`, `${CWA}: completed`];
    // Health checks asked for too: their own jobs, never merged into the waiting syncs.
    expect(OUTPUT_SCHEMAS['check --enqueue'].parse(await json('check', '--enqueue')).enqueued).toEqual([{ integrationId: NC, queued: true }, { integrationId: CWA, queued: true }]);
    await runWorker([...syncsDone, `${NC} health: completed`, `${CWA} health: completed`], '--concurrency', '2');

    const done = OUTPUT_SCHEMAS.jobs.parse(await json('jobs')).jobs;
    expect(done.map((job) => [job.integrationId, job.kind, job.state]).sort()).toEqual([[CWA, 'health', 'completed'], [CWA, 'sync', 'completed'], [NC, 'health', 'completed'], [NC, 'sync', 'completed']]);
    for (const job of done) expect(job.output).toMatchObject({ status: job.kind === 'sync' ? 'succeeded' : 'healthy' });
    const status = await json('status');
    const synced = (status['integrations'] as { id: string; clients: number; lastSync: { status: string } }[]).map((i) => [i.id, i.lastSync.status, i.clients > 0]);
    expect(synced.sort()).toEqual([[CWA, 'succeeded', true], [NC, 'succeeded', true]]);

    // Nothing asked for: a worker with --schedule asks for each integration's sync itself, once
    // for the current interval.
    expect(await runWorker(syncsDone, '--schedule')).toContain(`schedule: ${NC} every 3600 s, ${CWA} every 3600 s`);
    const scheduled = OUTPUT_SCHEMAS.jobs.parse(await json('jobs')).jobs;
    expect(scheduled.filter((job) => job.kind === 'sync').map((job) => [job.integrationId, job.state]).sort()).toEqual([[CWA, 'completed'], [CWA, 'completed'], [NC, 'completed'], [NC, 'completed']]);

    // A script through the queue: the MSP's clients linked by hand and synced here, so its
    // computers are known; the worker runs the script and `run-script --enqueue` prints its outcome.
    const { fleet } = world;
    const msp = fleet.tenants.find((t) => t.isMsp)!;
    for (const c of fleet.automate.clients.filter((c) => fleet.truth.tenantOfClient('automate', c.id) === msp.id)) await json('links', 'accept', CWA, String(c.id), msp.id);
    await json('sync');
    const agents = (await json('agents')) as { agents: { integrationId: string; online: boolean; computerId: string | null }[] };
    const target = agents.agents.find((a) => a.integrationId === CWA && a.online && a.computerId !== null)!.computerId!;
    const script = join(mkdtempSync(join(tmpdir(), 'rmm-cli-worker-')), 'hello.ps1');
    writeFileSync(script, 'Write-Output "hello"\n');
    const asked = runCliCaptured(['--config', file, 'run-script', '--computer', target, '--file', script, '--enqueue', '--json'], ENV);
    await runWorker([`script on ${target}: completed`]);
    const ran = await asked;
    expect(ran.code, ran.stderr).toBe(0);
    expect(OUTPUT_SCHEMAS['run-script'].parse(JSON.parse(ran.stdout))).toMatchObject({ computerId: target, integrationId: CWA, result: { status: 'success' } });
    const scripts = OUTPUT_SCHEMAS.jobs.parse(await json('jobs')).jobs.filter((job) => job.kind === 'script');
    expect(scripts.map((job) => [job.computerId, job.state])).toEqual([[target, 'completed']]);
    // Three worker runs and a dozen CLI processes, each opening the hub: longer than the project's default.
  }, 90_000);
});
