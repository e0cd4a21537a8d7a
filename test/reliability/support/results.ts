/**
 * Where the suites put their figures: one JSON file per suite under test/reliability/results/,
 * then docs/reliability.md is rendered from all of them. Test files run in parallel workers,
 * so the write-and-render step holds a lock directory; whichever suite finishes last renders
 * the complete page. Results of the opt-in load run stay in their file until the next load run.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { renderReliabilityReport, type SuiteResult } from './report.js';

/** Repository root: the nearest folder up from here with pnpm-workspace.yaml (works from src and dist). */
export const ROOT = ((): string => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();
export const RESULTS_DIR = join(ROOT, 'test', 'reliability', 'results');
export const REPORT_PATH = join(ROOT, 'docs', 'reliability.md');

function withLock<T>(work: () => T): T {
  const lock = join(RESULTS_DIR, '.lock');
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than a minute was left by a killed run.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 60_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        // gone in between: try again
      }
      if (Date.now() - started > 30_000) throw new Error(`could not take ${lock}`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
  try {
    return work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function writeAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}

/** Every suite result on disk. */
export function readResults(): SuiteResult[] {
  let files: string[];
  try {
    files = readdirSync(RESULTS_DIR).filter((f) => f.endsWith('.json')).sort();
  } catch {
    return [];
  }
  return files.map((f) => JSON.parse(readFileSync(join(RESULTS_DIR, f), 'utf8')) as SuiteResult);
}

/** Saves one suite's figures and re-renders docs/reliability.md from every suite's file. */
export function saveSuiteResult(suite: string, data: unknown, durationMs: number, completeness?: { passed: number; expected: number }): void {
  // Only `npm run test:reliability` rewrites the committed report; a plain `npm test` (and CI)
  // leaves the working tree as it found it.
  if (process.env['RMM_RELIABILITY_REPORT'] !== '1') return;
  mkdirSync(RESULTS_DIR, { recursive: true });
  withLock(() => {
    const result: SuiteResult = {
      suite,
      recordedAt: new Date().toISOString(),
      node: process.version,
      platform: `${process.platform}/${process.arch}`,
      durationMs: Math.round(durationMs),
      ...(completeness ? { passed: completeness.passed, expected: completeness.expected } : {}),
      data,
    };
    writeAtomically(join(RESULTS_DIR, `${suite}.json`), `${JSON.stringify(result, null, 2)}\n`);
    writeAtomically(REPORT_PATH, renderReliabilityReport(readResults()));
  });
}

/** Re-renders docs/reliability.md from the result files as they are (no suite is run). */
export function renderReportFromResults(): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  withLock(() => writeAtomically(REPORT_PATH, renderReliabilityReport(readResults())));
}
