/**
 * Automate TOTP across processes (#29 item 4): every CLI process logs in afresh, and Automate
 * refuses a code already used. Commands run one after the other, and at once, must never
 * reuse a time step: the step each login used is claimed in the store, and a login that finds
 * its step taken waits for the next one. Each login needs its own 30-second step: the children
 * and the simulators share a clock running ten times faster than real time
 * (support/fast-clock.ts), so a step lasts 3 s and the concurrent commands, which log in
 * within far less, still find their steps taken.
 */
import { describe, expect, it } from 'vitest';

import { requireBuiltCli, runCliChild } from '../crash/cli-child.js';
import { recordCheck, saveChecksAfterAll } from '../support/checks.js';
import { fastClock } from '../support/fast-clock.js';
import { CWA, startWorld, type World } from '../support/world.js';

const SUITE = 'processes-totp';
const COMMANDS = 3;
const clock = fastClock(10);
saveChecksAfterAll(SUITE, 1);

const check = (world: World) => runCliChild(['--config', world.configPath, 'check', '--json'], { cwd: world.dir, clock });

describe('Automate TOTP logins from many processes', () => {
  it(`${COMMANDS} consecutive and ${COMMANDS} concurrent commands: every login accepted`, async () => {
    requireBuiltCli();
    const [serial, parallel] = await Promise.all([
      startWorld({ integrations: [CWA], automateMfa: 'totp', devices: 10, clock }),
      startWorld({ integrations: [CWA], automateMfa: 'totp', devices: 10, clock }),
    ]);
    try {
      const consecutive = (async () => {
        const runs = [];
        for (let i = 0; i < COMMANDS; i++) runs.push(await check(serial));
        return runs;
      })();
      const concurrent = Promise.all(Array.from({ length: COMMANDS }, () => check(parallel)));
      const runs = [...(await consecutive), ...(await concurrent)];
      for (const run of runs) expect(run.code, run.stdout + run.stderr).toBe(0);
      for (const world of [serial, parallel]) expect(world.automate.control.auth).toMatchObject({ logins: COMMANDS, rejectedLogins: 0 });
      const longest = Math.max(...runs.map((r) => r.ms));
      const waits = runs.map((r) => r.stderr.match(/waiting for the next TOTP step/g)?.length ?? 0).reduce((a, b) => a + b, 0);
      recordCheck(
        SUITE,
        'Automate TOTP across processes',
        `${COMMANDS} consecutive and ${COMMANDS} concurrent \`rmm-hub check\` processes, each logging in with a TOTP code: ${2 * COMMANDS} logins, 0 rejected (before: a second process within the same 30 s step reused its code and was refused, RMM_ERR_AUTH). A process that found its step taken waited for the next one (${waits} waits); the longest command took ${(longest / 1000).toFixed(1)} s, on a clock running ${clock.rate} times faster than real time.`,
      );
    } finally {
      await Promise.all([serial.close(), parallel.close()]);
    }
  }, 300_000);
});
