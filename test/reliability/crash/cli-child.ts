/**
 * Runs the built CLI (`node packages/cli/bin/rmm-hub.js …`) as a child process. With
 * `crashPoints`, the child carries crash-point.mjs: it reports every named point of the sync
 * it reaches, and with `killAt` it stops at that point and is killed there with SIGKILL — the
 * crash the suite inflicts, at a place in the sync rather than a moment in time. The simulators
 * stay in the test process, so the child talks to them over loopback like a real deployment.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

import type { FastClock } from '../support/fast-clock.js';
import { ROOT } from '../support/results.js';

export const CLI = join(ROOT, 'packages', 'cli', 'bin', 'rmm-hub.js');
const BUILT = join(ROOT, 'packages', 'cli', 'dist', 'bin.js');
const CRASH_POINTS = fileURLToPath(new URL('./crash-point.mjs', import.meta.url));
const FAST_CLOCK = fileURLToPath(new URL('../support/fast-clock.preload.mjs', import.meta.url));

/** Node options and environment that put a child on `clock` (nothing without one). */
function onClock(clock: FastClock | undefined): { execArgv: string[]; env: NodeJS.ProcessEnv } {
  return clock ? { execArgv: ['--import', FAST_CLOCK], env: { RMM_TEST_CLOCK: `${clock.origin}:${clock.rate}` } } : { execArgv: [], env: {} };
}

/** How a child run ended. */
export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** True when our SIGKILL ended it (false: it finished without reaching `killAt`). */
  killed: boolean;
  /** The crash points the run reached, in order (with `crashPoints`). */
  points: string[];
}

/** Throws a readable error when the CLI has not been built (`pnpm build`; `npm test` builds first). */
export function requireBuiltCli(): void {
  if (!existsSync(BUILT)) throw new Error(`the CLI is not built (${BUILT} is missing): run \`npx tsc -b\` or \`pnpm test:reliability\`, which builds first`);
}

/** Runs `rmm-hub <args>`; with `crashPoints`, records the points reached and kills at `killAt`. */
export function runCliChild(args: readonly string[], options: { cwd: string; crashPoints?: { killAt?: string }; env?: NodeJS.ProcessEnv; clock?: FastClock }): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const crash = options.crashPoints;
    const killAt = crash?.killAt;
    const clock = onClock(options.clock);
    const child = spawn(process.execPath, [...(crash ? ['--import', CRASH_POINTS] : []), ...clock.execArgv, CLI, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env, ...clock.env, ...(killAt ? { RMM_CRASH_AT: killAt } : {}) },
      // fd 3: where crash-point.mjs reports the points reached.
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    const [out, err, reports] = [child.stdio[1], child.stdio[2], child.stdio[3]].map((s) => s as Readable) as [Readable, Readable, Readable];
    let stdout = '';
    let stderr = '';
    let killed = false;
    const points: string[] = [];
    out.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    err.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    if (crash) {
      let pending = '';
      reports.on('data', (chunk: Buffer) => {
        const lines = (pending + chunk.toString('utf8')).split('\n');
        pending = lines.pop() ?? '';
        for (const point of lines) {
          points.push(point);
          if (point === killAt) killed = child.kill('SIGKILL');
        }
      });
    }
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolve({ code, signal, stdout, stderr, ms: Math.round(performance.now() - started), killed: killed && signal === 'SIGKILL', points });
    });
  });
}

/** A CLI child still running: what it printed so far, a way to wait for a line, and its end. */
export interface LiveChild {
  readonly pid: number;
  output(): { stdout: string; stderr: string };
  /** Resolves once stdout or stderr matches `pattern` (rejects if the child ends first). */
  waitFor(pattern: RegExp): Promise<void>;
  signal(signal: NodeJS.Signals): void;
  done: Promise<ChildRun>;
}

/** Starts `rmm-hub <args>` and returns at once; `uid` runs it as another user (the suite runs as root). */
export function spawnCli(args: readonly string[], options: SpawnOptions): LiveChild {
  return spawnNode(CLI, args, options);
}

export interface SpawnOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  uid?: number;
  gid?: number;
  /** Runs the child on this clock rather than real time. */
  clock?: FastClock;
}

/** Starts `node <script> <args>` and returns at once. */
export function spawnNode(script: string, args: readonly string[], options: SpawnOptions): LiveChild {
  const started = performance.now();
  const clock = onClock(options.clock);
  const child = spawn(process.execPath, [...clock.execArgv, script, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env, ...clock.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.gid ?? options.uid }),
  });
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: () => void; reject: (e: Error) => void }[] = [];
  const check = (): void => {
    for (const w of [...waiters]) {
      if (w.pattern.test(stdout) || w.pattern.test(stderr)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    check();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
    check();
  });
  const done = new Promise<ChildRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      for (const w of waiters.splice(0)) w.reject(new Error(`the CLI ended (code ${code}) before printing ${w.pattern}: ${stderr.slice(-500)}`));
      resolve({ code, signal, stdout, stderr, ms: Math.round(performance.now() - started), killed: false, points: [] });
    });
  });
  return {
    pid: child.pid ?? -1,
    output: () => ({ stdout, stderr }),
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        waiters.push({ pattern, resolve, reject });
        check();
      }),
    signal: (name) => void child.kill(name),
    done,
  };
}
