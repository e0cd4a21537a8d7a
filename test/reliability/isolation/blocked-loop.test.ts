/**
 * A plugin that blocks the event loop — its client listing spins on the CPU and never yields —
 * no longer freezes `rmm-hub sync` for good: the watchdog ends the process after
 * `loopWatchdogSeconds` with RMM_ERR_PLUGIN_BLOCKED naming the plugin and the function it spun
 * in, and what N-central's sync had committed before is still in the database.
 *
 * And a plugin whose top-level await never settles is refused by name, instead of every command
 * exiting 13 with no output.
 *
 * The plugins are real packages on disk, loaded by the built CLI through `plugins:`, as
 * third-party plugins would be.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SqliteStore } from '@rmm-hub/store-sqlite';

import { runCliCaptured } from '../../support/run-cli.js';
import { requireBuiltCli, spawnCli, type ChildRun } from '../crash/cli-child.js';
import { recordCheck, saveChecksAfterAll } from '../support/checks.js';
import { ROOT } from '../support/results.js';
import { NC, startWorld, type World } from '../support/world.js';

saveChecksAfterAll('watchdog', 2);

const WATCHDOG_SECONDS = 2;

let world: World;
beforeAll(async () => {
  world = await startWorld({ devices: 60, integrations: [NC] });
});
afterAll(async () => {
  await world?.close();
});

/** Writes a plugin package whose ListClients spins after its first await. */
/**
 * Runs the CLI and kills it if it is still running after a minute: what this suite guards
 * against is a process that never ends, and a hung child must not outlive the test.
 */
async function runGuarded(args: readonly string[], cwd: string): Promise<ChildRun> {
  const child = spawnCli(args, { cwd });
  let killed = false;
  const guard = setTimeout(() => {
    killed = true;
    child.signal('SIGKILL');
  }, 60_000);
  try {
    return { ...(await child.done), killed };
  } finally {
    clearTimeout(guard);
  }
}

function writeBlockingPlugin(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const core = pathToFileURL(join(ROOT, 'core', 'dist', 'plugin-api.js')).href;
  const zod = pathToFileURL(createRequire(join(ROOT, 'core', 'package.json')).resolve('zod')).href;
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'rmm-hub-plugin-blocking', version: '1.0.0', type: 'module', main: 'index.js', rmmHub: { apiVersion: 1, pluginId: 'blocking' } }));
  writeFileSync(
    join(dir, 'index.js'),
    `import { definePlugin, HealthCheck, ListClients, ListComputers, PLUGIN_API_VERSION } from ${JSON.stringify(core)};
import { z } from ${JSON.stringify(zod)};

function spinForever() {
  let turns = 0;
  for (;;) turns = (turns + 1) % 1000000;
}

export default definePlugin({
  id: 'blocking', displayName: 'Blocking fixture', version: '1.0.0', apiVersion: PLUGIN_API_VERSION,
  configSchema: z.object({}).strict(),
  capabilities: ['HealthCheck', 'ListClients', 'ListComputers'],
  register(_container, ctx) {
    ctx.provide(HealthCheck, { useValue: { check: async () => ({ status: 'healthy', checks: [{ name: 'blocking', status: 'pass', message: 'fine' }], checkedAt: new Date().toISOString() }) } });
    ctx.provide(ListClients, { useValue: { async *listClients() { await new Promise((resolve) => setTimeout(resolve, 300)); spinForever(); } } });
    ctx.provide(ListComputers, { useValue: { async *listComputers() {} } });
  },
});
`,
  );
}

describe('a plugin that blocks the event loop', () => {
  it('ends `rmm-hub sync` with a coded error naming the plugin, keeping what was committed', async () => {
    requireBuiltCli();
    // A first sync of N-central alone: what must survive. Only the blocked sync needs a process of its own.
    const alone = await runCliCaptured(['--config', world.configPath, 'sync', '--json']);
    expect(alone.code, alone.stderr).toBe(0);
    const pluginDir = join(world.dir, 'blocking-plugin');
    writeBlockingPlugin(pluginDir);
    const raw = structuredClone(world.raw);
    raw['plugins'] = [pluginDir];
    raw['loopWatchdogSeconds'] = WATCHDOG_SECONDS;
    raw['integrations'] = [...(raw['integrations'] as unknown[]), { id: 'spinner', plugin: 'blocking', config: {} }];
    world.rewrite(raw);
    try {
      const run = await runGuarded(['--config', world.configPath, 'sync'], world.dir);
      expect(run.killed, 'the watchdog ended the process, not the test').toBe(false);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/error \[RMM_ERR_PLUGIN_BLOCKED\]: plugin "blocking" blocked the event loop for \d+ s \(in spinForever at .*blocking-plugin\/index\.js:\d+\)/);
      expect(run.stderr).toMatch(/hint: .*What was already saved is kept/);
      const store = SqliteStore.open({ path: join(world.dir, 'rmm-hub.db') });
      try {
        const clients = (await store.clients.list({ integrationId: NC })).length;
        expect(clients).toBeGreaterThan(0);
        expect((await store.syncRuns.list({ integrationId: NC })).some((r) => r.status === 'succeeded')).toBe(true);
        recordCheck(
          'watchdog',
          'a plugin spinning on the CPU in its listing',
          `\`rmm-hub sync\` with the watchdog at ${WATCHDOG_SECONDS} s ended after ${(run.ms / 1000).toFixed(1)} s (start-up included) with exit code 1 and RMM_ERR_PLUGIN_BLOCKED naming the plugin and the function and line it spun in; before, the process froze until killed. The ${clients} N-central clients synced before were still in the database.`,
        );
      } finally {
        await store.close();
      }
    } finally {
      world.rewrite(world.raw);
    }
  }, 120_000);

  it('refuses, by name, a plugin whose import never settles; the command still runs', async () => {
    requireBuiltCli();
    const pluginDir = join(world.dir, 'hanging-import');
    mkdirSync(pluginDir, { recursive: true });
    writeFileSync(join(pluginDir, 'package.json'), JSON.stringify({ name: 'rmm-hub-plugin-hangs', version: '1.0.0', type: 'module', main: 'index.js', rmmHub: { apiVersion: 1, pluginId: 'hangs' } }));
    writeFileSync(join(pluginDir, 'index.js'), 'await new Promise(() => {});\nexport default {};\n');
    world.rewrite({ ...world.raw, plugins: [pluginDir] });
    try {
      const run = await runGuarded(['--config', world.configPath, 'plugins', '--json'], world.dir);
      expect(run.killed).toBe(false);
      expect(run.code).not.toBe(13);
      expect(run.stdout + run.stderr).toMatch(/RMM_ERR_PLUGIN_IMPORT_FAILED[\s\S]*rmm-hub-plugin-hangs \(index\.js\) did not finish within 10000 ms/);
      recordCheck('watchdog', 'a plugin whose import never settles', `\`rmm-hub plugins\` listed it as refused with RMM_ERR_PLUGIN_IMPORT_FAILED naming the package, after the 10 s import limit (${(run.ms / 1000).toFixed(1)} s in all), exit code ${String(run.code)}; the built-in plugins loaded; before, every command exited 13 with no output`);
    } finally {
      world.rewrite(world.raw);
    }
  }, 120_000);
});
