/**
 * Runs the built CLI (`node packages/cli/bin/rmm-hub.js …`) as a child process, optionally
 * killing it with SIGKILL after a delay: the crash the suite inflicts. The simulators stay in
 * the test process, so the child talks to them over loopback like a real deployment would.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { ROOT } from '../support/results.js';

export const CLI = join(ROOT, 'packages', 'cli', 'bin', 'rmm-hub.js');
const BUILT = join(ROOT, 'packages', 'cli', 'dist', 'bin.js');

/** How a child run ended. */
export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** True when our SIGKILL ended it (false: it finished before the delay). */
  killed: boolean;
}

/** Throws a readable error when the CLI has not been built (`pnpm build`; `npm test` builds first). */
export function requireBuiltCli(): void {
  if (!existsSync(BUILT)) throw new Error(`the CLI is not built (${BUILT} is missing): run \`npx tsc -b\` or \`pnpm test:reliability\`, which builds first`);
}

/** Runs `rmm-hub <args>`; with `killAfterMs`, sends SIGKILL at that time. */
export function runCliChild(args: readonly string[], options: { cwd: string; killAfterMs?: number; env?: NodeJS.ProcessEnv }): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer =
      options.killAfterMs === undefined
        ? undefined
        : setTimeout(() => {
            killed = child.exitCode === null && child.signalCode === null && child.kill('SIGKILL');
          }, options.killAfterMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Math.round(performance.now() - started), killed: killed && signal === 'SIGKILL' });
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
}

/** Starts `node <script> <args>` and returns at once. */
export function spawnNode(script: string, args: readonly string[], options: SpawnOptions): LiveChild {
  const started = performance.now();
  const child = spawn(process.execPath, [script, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
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
      resolve({ code, signal, stdout, stderr, ms: Math.round(performance.now() - started), killed: false });
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
