/**
 * CI smoke test of `pnpm bench --quick`: runs the runner as a child process (it needs the
 * compiled test/dist/bench modules: `node scripts/setup.mjs` builds them, as `npm test` does)
 * and checks that it produces every figure, each with a number and — where there is a
 * target — a pass/fail. It never asserts that a figure passes: timings depend on the machine,
 * and performance is judged by the benchmark run, not by tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const runner = fileURLToPath(new URL('./run.mjs', import.meta.url));
const built = fileURLToPath(new URL('../dist/bench/sync-efficiency.run.js', import.meta.url));

/** Every figure the runner must produce, with whether it carries a target. */
const EXPECTED: Record<string, boolean> = {
  'http.ratio': true,
  'http.clientRps': false,
  'http.fetchRps': false,
  'linking.ms': true,
  'linking.cpuMs': false,
  'linking.precision': true,
  'linking.recall': true,
  'linking.baseline.ms': false,
  'linking.baseline.precision': false,
  'linking.baseline.recall': false,
  'identification.ms': true,
  'identification.phases': false,
  'identification.inMemoryMs': false,
  'resync.peakRssMiB': false,
  'identification.agentsPerSecond': true,
  'identification.precision': true,
  'identification.recall': true,
  'identification.recallAll': false,
  'identification.crossTenantMerges': true,
  'identification.rerunRowsChanged': true,
  'identification.baseline.precision': false,
  'identification.baseline.recall': false,
  'identification.baseline.crossTenantMerges': false,
  'sync.complete': true,
  'sync.wallMs': false,
  'sync.listingMs': false,
  'sync.boundMs': false,
  'sync.efficiency': true,
  'sync.efficiencyAtRoundTrip': false,
  'sync.bareListingMs': false,
  'sync.bareEfficiency': false,
  'sync.requests': false,
  'sync.retries': false,
  'sync.peakRssMiB': true,
  'sync.rssGrowth': true,
  'resync.wallMs': false,
  'resync.rowsWritten': true,
};

interface Figure {
  id: string;
  value: number | string;
  target: string | null;
  pass: boolean | null;
}

describe('pnpm bench --quick', () => {
  it.runIf(existsSync(built))(
    'produces every figure, each with its value and, where it has a target, a pass/fail; stdout is the same JSON as the file',
    () => {
      // A file of its own, so a developer's results.json from a real run survives `npm test`.
      const dir = mkdtempSync(join(tmpdir(), 'rmm-hub-bench-test-'));
      const file = join(dir, 'results.json');
      const run = spawnSync(process.execPath, [runner, '--quick', '--json', '--devices=1000', '--latency=5', `--out=${file}`], { cwd: root, encoding: 'utf8', timeout: 170_000 });
      const saved = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { figures: Figure[] }) : undefined;
      rmSync(dir, { recursive: true, force: true });
      expect(run.status, run.stderr.slice(-2000)).toBe(0);
      const out = JSON.parse(run.stdout) as { quick: boolean; figures: Figure[]; failures: unknown[] };
      expect(out.quick).toBe(true);
      expect(out.failures).toEqual([]);
      expect(out.figures.map((f) => f.id).sort()).toEqual(Object.keys(EXPECTED).sort());
      for (const f of out.figures) {
        expect(typeof f.value === 'number' ? Number.isFinite(f.value) : f.value.length > 0, f.id).toBe(true);
        if (EXPECTED[f.id]) {
          expect(typeof f.pass, f.id).toBe('boolean');
          expect(f.target, f.id).toBeTruthy();
        } else expect(f.pass, f.id).toBeNull();
      }
      expect(saved?.figures).toEqual(out.figures);
    },
    180_000,
  );

  it.runIf(!existsSync(built))('needs the build (node scripts/setup.mjs)', () => {
    throw new Error(`${built} is missing: run \`node scripts/setup.mjs\` (npm test does) before this suite`);
  });
});
