import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { PluginLoadCodes, PluginLoadError } from '../errors/catalogue.js';
import { discoverPlugins } from './discovery.js';
import { loadPluginPackage } from './plugin-loader.js';

const root = mkdtempSync(join(tmpdir(), 'rmm-hub-loader-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A plugin package whose entry is `source`. */
function pluginPackage(name: string, source: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', type: 'module', main: 'index.js', rmmHub: { apiVersion: 1, pluginId: 'hangs' } }));
  writeFileSync(join(dir, 'index.js'), source);
  return dir;
}

describe('loading a plugin package', () => {
  it('refuses, naming the plugin, an entry whose top-level await never settles', async () => {
    const dir = pluginPackage('rmm-plugin-hangs', 'await new Promise(() => {});\nexport default {};\n');
    const error = await loadPluginPackage(dir, 'config', { importTimeoutMs: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PluginLoadError);
    expect((error as PluginLoadError).code).toBe(PluginLoadCodes.importFailed);
    expect((error as PluginLoadError).message).toMatch(/rmm-plugin-hangs.*did not finish within 50 ms/);
    expect((error as PluginLoadError).hint).toMatch(/top-level await/);
  });

  it('lists the hanging plugin as refused and carries on with discovery', async () => {
    const dir = pluginPackage('rmm-plugin-hangs-too', 'await new Promise(() => {});\n');
    const { plugins, refused } = await discoverPlugins({ explicit: [dir], importTimeoutMs: 50 });
    expect(plugins).toEqual([]);
    expect(refused).toEqual([expect.objectContaining({ code: PluginLoadCodes.importFailed, reason: expect.stringContaining('rmm-plugin-hangs-too') as string })]);
  });
});
