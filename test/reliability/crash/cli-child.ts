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

import { ROOT } from '../support/results.js';

export const CLI = join(ROOT, 'packages', 'cli', 'bin', 'rmm-hub.js');
const BUILT = join(ROOT, 'packages', 'cli', 'dist', 'bin.js');
const CRASH_POINTS = fileURLToPath(new URL('./crash-point.mjs', import.meta.url));

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
export function runCliChild(args: readonly string[], options: { cwd: string; crashPoints?: { killAt?: string }; env?: NodeJS.ProcessEnv }): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const crash = options.crashPoints;
    const killAt = crash?.killAt;
    const child = spawn(process.execPath, [...(crash ? ['--import', CRASH_POINTS] : []), CLI, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env, ...(killAt ? { RMM_CRASH_AT: killAt } : {}) },
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
