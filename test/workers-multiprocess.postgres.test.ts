/**
 * Several worker processes on one pg-boss queue (a real PostgreSQL, the vitest project
 * `postgres`), syncing the simulated N-central and Automate into the SQLite store they share:
 * each request syncs its integration once, no integration ever runs twice at once (no worker is
 * handed one another still syncs, though an idle worker keeps asking while a second request
 * waits: it would wait on the store's lock and say so; and the sync runs never overlap),
 * and the store ends saying the same as a one-process `rmm-hub sync` of the same fleets.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { SqliteStore } from '@rmm-hub/store-sqlite';

import { useTestDatabase } from '../packages/store-postgres/src/test-support/test-database.js';
import { CLI, requireBuiltCli } from './reliability/crash/cli-child.js';
import { dumpState, type StateDump } from './reliability/support/state.js';
import { CWA, NC, startWorld, type World } from './reliability/support/world.js';
import { runCliCaptured } from './support/run-cli.js';

const database = useTestDatabase();
const ENV = { RMM_TEST_QUEUE_URL: database.url };
let world: World | undefined;
const workers: ChildProcess[] = [];
afterAll(async () => {
  for (const worker of workers) if (worker.exitCode === null) worker.kill('SIGKILL');
  await world?.close();
});

/** A job's phases; `worker: syncing` is a worker ready (its signal handlers in place). */
type Phase = 'started' | 'completed' | 'syncing';

/** Counts each integration's jobs started and completed over all workers, and resolves a wait once a count is reached. */
class JobEvents {
  readonly #counts = new Map<string, number>();
  readonly #waiters: { key: string; n: number; resolve: () => void }[] = [];
  /** A worker given an integration another still syncs would wait on the store's lock and say so (waiting for identification, which follows each sync, is expected). */
  readonly waits: string[] = [];

  watch(worker: ChildProcess): void {
    let pending = '';
    worker.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('waiting: a sync of ')) this.waits.push(line);
        const match = /^(\S+): (started|completed|failed|syncing)/.exec(line);
        if (!match) continue;
        this.#counts.set(match[0], this.count(match[1]!, match[2] as Phase) + 1);
        for (const w of [...this.#waiters]) {
          if ((this.#counts.get(w.key) ?? 0) >= w.n) {
            this.#waiters.splice(this.#waiters.indexOf(w), 1);
            w.resolve();
          }
        }
      }
    });
  }

  until(id: string, phase: Phase, n: number): Promise<void> {
    if (this.count(id, phase) >= n) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ key: `${id}: ${phase}`, n, resolve }));
  }

  count(id: string, phase: Phase | 'failed'): number {
    return this.#counts.get(`${id}: ${phase}`) ?? 0;
  }
}

function readStore(path: string): { dump: StateDump; runs: { integration_id: string; started_at: string; finished_at: string; status: string }[] } {
  const store = SqliteStore.open({ path, readonly: true });
  try {
    const runs = store.db.prepare('SELECT integration_id, started_at, finished_at, status FROM sync_runs ORDER BY integration_id, started_at').all() as never;
    return { dump: dumpState(store.db), runs };
  } finally {
    store.close();
  }
}

describe('sync on several worker processes', () => {
  it('three workers sync each integration once per request, never one integration twice at once, into the same store as one process', async () => {
    requireBuiltCli();
    world = await startWorld({ devices: 150, latencyMs: 10, integrations: [NC, CWA] });
    const queueConfig = join(world.dir, 'queued.yaml');
    writeFileSync(queueConfig, JSON.stringify({ ...world.raw, store: { path: 'queued.db' }, queue: { kind: 'pg-boss', url: 'env:RMM_TEST_QUEUE_URL', schema: 'multi' } }));
    const referenceConfig = join(world.dir, 'reference.yaml');
    writeFileSync(referenceConfig, JSON.stringify({ ...world.raw, store: { path: 'reference.db' } }));

    const events = new JobEvents();
    for (let i = 0; i < 3; i++) {
      const worker = spawn(process.execPath, [CLI, '--config', queueConfig, 'worker'], { cwd: world.dir, env: { ...process.env, ...ENV }, stdio: ['ignore', 'ignore', 'pipe'] });
      events.watch(worker);
      workers.push(worker);
    }
    await events.until('worker', 'syncing', 3);
    const enqueue = async (): Promise<void> => {
      const result = await runCliCaptured(['--config', queueConfig, 'sync', '--enqueue'], ENV);
      expect(result.code, result.stderr).toBe(0);
    };
    await enqueue();
    // Asked again once both run: the second sync of each waits behind the first, while the idle
    // third worker keeps asking for work.
    await Promise.all([events.until(NC, 'started', 1), events.until(CWA, 'started', 1)]);
    await enqueue();
    await Promise.all([events.until(NC, 'completed', 2), events.until(CWA, 'completed', 2)]);
    const exits = workers.map((worker) => new Promise<number | null>((resolve) => worker.on('exit', resolve)));
    for (const worker of workers) worker.kill('SIGTERM');
    expect(await Promise.all(exits)).toEqual([0, 0, 0]);
    expect([NC, CWA].map((id) => [events.count(id, 'started'), events.count(id, 'failed')])).toEqual([[2, 0], [2, 0]]);
    expect(events.waits).toEqual([]);

    const queued = readStore(join(world.dir, 'queued.db'));
    for (const id of [NC, CWA]) {
      const runs = queued.runs.filter((run) => run.integration_id === id);
      expect(runs.map((run) => run.status)).toEqual(['succeeded', 'succeeded']);
      expect(Date.parse(runs[1]!.started_at)).toBeGreaterThanOrEqual(Date.parse(runs[0]!.finished_at));
    }

    const reference = await runCliCaptured(['--config', referenceConfig, 'sync', '--json']);
    expect(reference.code, reference.stderr).toBe(0);
    expect(queued.dump).toEqual(readStore(join(world.dir, 'reference.db')).dump);
    expect(queued.dump.clients.length).toBeGreaterThan(0);
  });
});
