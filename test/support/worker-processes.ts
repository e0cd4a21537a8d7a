/**
 * Real `rmm-hub worker` processes, and what they say about their jobs: the multi-process test
 * and the workers benchmark start them the same way and read the same lines from their stderr
 * (`<id>: started|completed|failed`, a sync's `<id> [##..] health` progress line, and
 * `worker: syncing …` once a worker is ready, its signal handlers in place).
 */
import { spawn, type ChildProcess } from 'node:child_process';

import { CLI } from '../reliability/crash/cli-child.js';

/** A job's phases, a sync's `health` phase (its first progress line), and `worker: syncing`: a worker ready. */
export type JobPhase = 'started' | 'completed' | 'failed' | 'health' | 'syncing';

/** Starts `rmm-hub --config <config> worker [--concurrency N]` in `cwd`, its stderr piped for {@link JobEvents.watch}. */
export function startWorkerProcess(config: string, options: { cwd: string; env?: NodeJS.ProcessEnv; concurrency?: number }): ChildProcess {
  const concurrency = options.concurrency === undefined ? [] : ['--concurrency', String(options.concurrency)];
  return spawn(process.execPath, [CLI, '--config', config, 'worker', ...concurrency], { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** Resolves with how a process ended: its signal, else its exit code. */
export function exitOf(child: ChildProcess): Promise<NodeJS.Signals | number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.signalCode ?? child.exitCode);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
}

/** Counts each integration's jobs started and completed over all workers, and resolves a wait once a count is reached. */
export class JobEvents {
  readonly #counts = new Map<string, number>();
  readonly #waiters: { key: string; n: number; resolve: () => void }[] = [];
  /** The worker that last started each integration's job. */
  readonly runner = new Map<string, ChildProcess>();
  /** When (`performance.now()`) each integration's job last started, as this process read it. */
  readonly startedAt = new Map<string, number>();
  /** A worker given an integration another still syncs would wait on the store's lock and say so (waiting for identification, which follows each sync, is expected). */
  readonly waits: string[] = [];
  /** The workers' lines on identification jobs that ended: `identify 3 tenants: completed (2 identified; …)`. */
  readonly identifications: string[] = [];
  /** Told of every job that ended, on any worker. */
  onEnded: () => void = () => undefined;

  watch(worker: ChildProcess): void {
    let pending = '';
    worker.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('waiting: a sync of ')) this.waits.push(line);
        if (/^identify .*: (completed|failed)/.test(line)) this.identifications.push(line);
        if (/: (completed|failed)/.test(line)) this.onEnded();
        const match = /^(\S+): (started|completed|failed|syncing)/.exec(line) ?? /^(\S+)\s+\[[#.]+\] (health)\b/.exec(line);
        if (!match) continue;
        const [, id, phase] = match as unknown as [string, string, JobPhase];
        if (phase === 'started') {
          this.runner.set(id, worker);
          this.startedAt.set(id, performance.now());
        }
        this.#counts.set(`${id}: ${phase}`, this.count(id, phase) + 1);
        for (const w of [...this.#waiters]) {
          if ((this.#counts.get(w.key) ?? 0) >= w.n) {
            this.#waiters.splice(this.#waiters.indexOf(w), 1);
            w.resolve();
          }
        }
      }
    });
  }

  until(id: string, phase: JobPhase, n: number): Promise<void> {
    if (this.count(id, phase) >= n) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push({ key: `${id}: ${phase}`, n, resolve }));
  }

  count(id: string, phase: JobPhase): number {
    return this.#counts.get(`${id}: ${phase}`) ?? 0;
  }
}
