/**
 * What a person sees at the end of `rmm-hub sync` (and `demo`) in a real terminal: the progress
 * display redraws in place while the sync runs, then steps aside — the summary is on the final
 * screen, once, below the progress lines, and nothing drew over it or erased a step line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startDemoEnvironment, type DemoEnvironment } from '@rmm-hub/cli';

import { requireBuiltCli } from './reliability/crash/cli-child.js';
import { runInTerminal } from './support/pty.js';

let env: DemoEnvironment;

beforeAll(async () => {
  requireBuiltCli();
  env = await startDemoEnvironment({ devices: 300, seed: 5, latencyMs: 2, automateMfa: 'integrator' });
});
afterAll(async () => {
  await env.close({ keep: false });
});

const count = (lines: string[], pattern: RegExp): number => lines.filter((line) => pattern.test(line)).length;

describe('sync in a terminal', () => {
  it('leaves the summary on the screen, once, below the final progress lines', async () => {
    const { code, screen, raw } = await runInTerminal(['--config', env.configPath, 'sync'], { cwd: env.dir });
    expect(code, raw).toBe(0);
    // The live display did redraw in place (log-update erases lines), so the test is about the real thing.
    expect(raw).toContain(`${String.fromCharCode(27)}[2K`);
    expect(count(screen, /^INTEGRATION\s+STATUS\s+CLIENTS/), screen.join('\n')).toBe(1);
    expect(count(screen, /^rows written: \d+; took /)).toBe(1);
    expect(count(screen, /^identification: \d+ agents → \d+ computers/)).toBe(1);
    const header = screen.findIndex((line) => /^INTEGRATION\s+STATUS/.test(line));
    for (const id of ['ncentral', 'automate']) {
      const progress = screen.findIndex((line) => line.startsWith(`${id} `) && /\[#{20}\] done/.test(line));
      expect(progress, screen.join('\n')).toBeGreaterThanOrEqual(0);
      expect(progress).toBeLessThan(header);
      expect(count(screen, new RegExp(`^${id} +\\[`))).toBe(1);
    }
    expect(screen.at(-1)).toMatch(/^rows written: /);
  });
});

describe('demo in a terminal', () => {
  it('keeps every step line and the report on the final screen, each once', async () => {
    const { code, screen, raw } = await runInTerminal(['demo', '--devices', '100'], { cwd: env.dir });
    expect(code, raw).toBe(0);
    for (const step of [/^checking the integrations/, /^first sync: /, /^second sync: /, /^third sync, /, /^running one script per RMM/, /^rmm-hub demo — 100 machines/, /^Targets$/]) {
      expect(count(screen, step), `${String(step)}\n${screen.join('\n')}`).toBe(1);
    }
  });
});

