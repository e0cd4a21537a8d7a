/**
 * `rmm-hub sync --watch` (#29 item 5): it printed "watching…" and exited 13 after the first
 * sync, because nothing kept the process alive while it waited for a signal. Now it syncs on
 * the interval until SIGTERM or SIGINT, then stops cleanly. The interval's minimum is 60 s: the
 * children and the simulator share a clock running twenty times faster than real time
 * (support/fast-clock.ts), so the interval passes in 3 s.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { requireBuiltCli, spawnCli } from '../crash/cli-child.js';
import { recordCheck, saveChecksAfterAll } from '../support/checks.js';
import { fastClock } from '../support/fast-clock.js';
import { NC, startWorld } from '../support/world.js';

const SUITE = 'processes-watch';
const INTERVAL_S = 60;
const clock = fastClock(20);
saveChecksAfterAll(SUITE, 1);

describe('sync --watch', () => {
  it('syncs again on the interval and stops cleanly on SIGTERM and on SIGINT', async () => {
    requireBuiltCli();
    const world = await startWorld({ integrations: [NC], devices: 30, clock });
    try {
      const integrations = (world.raw['integrations'] as Record<string, unknown>[]).map((i) => ({ ...i, syncIntervalSeconds: INTERVAL_S }));
      const configFor = (signal: string): string => {
        const path = join(world.dir, `watch-${signal}.yaml`);
        writeFileSync(path, JSON.stringify({ ...world.raw, integrations, store: { path: `watch-${signal}.db` } }));
        return path;
      };
      const watchers = (['SIGTERM', 'SIGINT'] as const).map((signal) => ({ signal, child: spawnCli(['--config', configFor(signal), 'sync', '--watch', '--json'], { cwd: world.dir, clock }) }));
      // Each sync prints one report; the second is the interval's.
      await Promise.all(watchers.map(({ child }) => child.waitFor(/"rowsWritten"[\s\S]*"rowsWritten"/)));
      for (const { signal, child } of watchers) child.signal(signal);
      const ends = await Promise.all(watchers.map(({ child }) => child.done));
      for (const end of ends) {
        expect(end.code, end.stderr).toBe(0);
        expect(end.signal).toBeNull();
        expect(end.stdout.match(/"rowsWritten"/g)?.length).toBeGreaterThanOrEqual(2);
      }
      recordCheck(
        SUITE,
        '`sync --watch` watches',
        `two \`rmm-hub sync --watch\` processes (interval ${INTERVAL_S} s, on a clock running ${clock.rate} times faster than real time): each ran ${ends.map((e) => e.stdout.match(/"rowsWritten"/g)?.length).join(' and ')} syncs, then on SIGTERM and SIGINT respectively stopped and exited 0 after ${ends.map((e) => `${(e.ms / 1000).toFixed(0)} s`).join(' and ')} of real time (before: it exited 13 right after the first sync).`,
      );
    } finally {
      await world.close();
    }
  }, 240_000);
});
