/**
 * Plugins are found in the dependencies of the application that opens the hub (the nearest
 * package.json at or above its folder), not only in the CLI's; `plugins:` still adds more.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { PluginLoadCodes, validateConfig } from '@rmm-hub/core';
import { findPlugins, RmmHub } from '@rmm-hub/hub';
import { SqliteStore } from '@rmm-hub/store-sqlite';

import { fixturePlugin } from './support/fixture-plugins.js';

const CLI_BIN = fileURLToPath(new URL('../packages/cli/bin/rmm-hub.js', import.meta.url));
const EXAMPLE_PLUGIN = fileURLToPath(new URL('../plugins/example', import.meta.url));

/** A host application's folder whose package.json depends on `packageName`, linked into its node_modules. */
function appDependingOn(packageName: string, packageDir: string): string {
  const app = mkdtempSync(join(tmpdir(), 'rmm-hub-app-'));
  mkdirSync(join(app, 'node_modules', ...packageName.split('/').slice(0, -1)), { recursive: true });
  symlinkSync(packageDir, join(app, 'node_modules', packageName), 'dir');
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'host-app', private: true, dependencies: { [packageName]: '*' } }));
  mkdirSync(join(app, 'src', 'deep'), { recursive: true });
  writeFileSync(join(app, 'fixture.key'), 'fixture-key-1234\n', { mode: 0o600 });
  return app;
}

const fixtureIntegration = { id: 'fx', plugin: 'fixture-good', config: { apiKey: 'file:fixture.key' } };

describe('discovery from the host application’s dependencies', () => {
  it('starts an integration whose plugin only the application depends on, from a folder below it', async () => {
    const app = appDependingOn('fixture-plugin-good', fixturePlugin('good'));
    const store = SqliteStore.open({ path: ':memory:' });
    const hub = await RmmHub.open({ config: { integrations: [fixtureIntegration] }, baseDir: app, store, appRoot: join(app, 'src', 'deep') });
    try {
      expect(hub.integrations().map((i) => [i.id, i.state, i.error?.message])).toEqual([['fx', 'ready', undefined]]);
      expect(hub.plugins().loaded.map((p) => [p.definition.id, p.origin])).toEqual([['fixture-good', 'dependency']]);
    } finally {
      await hub.close();
      await store.close(); // the hub leaves a store it was given to its owner
    }
  });

  it('does not find it from an application that does not depend on it', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'rmm-hub-app-'));
    writeFileSync(join(elsewhere, 'package.json'), JSON.stringify({ name: 'other-app', private: true }));
    const store = SqliteStore.open({ path: ':memory:' });
    const hub = await RmmHub.open({ config: { integrations: [fixtureIntegration] }, baseDir: elsewhere, store, appRoot: elsewhere });
    try {
      expect(hub.integrations()[0]).toMatchObject({ state: 'refused', error: { code: PluginLoadCodes.notFound } });
    } finally {
      await hub.close();
      await store.close(); // the hub leaves a store it was given to its owner
    }
  });

  it('adds the config’s `plugins:` to the application’s dependencies, and honours discovery settings', async () => {
    const app = appDependingOn('fixture-plugin-good', fixturePlugin('good'));
    const config = { plugins: [fixturePlugin('undeclared')], discovery: { fromDependencies: true, exclude: [] } };
    const both = await findPlugins({ config: validateConfig(config), baseDir: app }, { appRoot: app });
    expect(both.plugins.map((p) => [p.definition.id, p.origin]).sort()).toEqual([['fixture-good', 'dependency'], ['fixture-undeclared', 'config']]);
    const explicitOnly = await findPlugins({ config: validateConfig({ ...config, discovery: { fromDependencies: false } }), baseDir: app }, { appRoot: app });
    expect(explicitOnly.plugins.map((p) => p.definition.id)).toEqual(['fixture-undeclared']);
  });

  it('reports an application package.json it cannot read, and still finds the plugins of the other sources', async () => {
    const app = mkdtempSync(join(tmpdir(), 'rmm-hub-app-'));
    writeFileSync(join(app, 'package.json'), '{ "name": "half-written", ');
    const { plugins, refused } = await findPlugins(
      { config: validateConfig({ plugins: [fixturePlugin('good')] }), baseDir: app },
      { appRoot: app },
    );
    expect(plugins.map((p) => p.definition.id)).toEqual(['fixture-good']);
    expect(refused).toEqual([expect.objectContaining({ source: join(app, 'package.json'), code: PluginLoadCodes.invalidManifest, hint: expect.stringContaining('discovery.fromDependencies') })]);
  });

  it('lets the CLI find a plugin the application in its working folder depends on, besides its own', () => {
    const app = appDependingOn('@rmm-hub/plugin-example', EXAMPLE_PLUGIN);
    const listed = JSON.parse(execFileSync(process.execPath, [CLI_BIN, 'plugins', '--json'], { cwd: app, encoding: 'utf8', env: { ...process.env, RMM_HUB_CONFIG: '' } })) as {
      plugins: { id: string; origin: string }[];
    };
    expect(listed.plugins.map((p) => p.id).sort()).toEqual(['cw-automate', 'example', 'ncentral']);
    expect(listed.plugins.find((p) => p.id === 'example')?.origin).toBe('dependency');
  });
});
