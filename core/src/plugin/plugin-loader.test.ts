import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { PluginLoadCodes, PluginLoadError } from '../errors/catalogue.js';
import { discoverPlugins } from './discovery.js';
import { checkCoreRange, CORE_VERSION, loadPluginPackage } from './plugin-loader.js';

const root = mkdtempSync(join(tmpdir(), 'rmm-hub-loader-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A plugin package whose entry is `source`. */
function pluginPackage(name: string, source: string, extra: Record<string, unknown> = {}): string {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', type: 'module', main: 'index.js', rmmHub: { apiVersion: 1, pluginId: 'hangs' }, ...extra }));
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

describe("a plugin's range of @rmm-hub/core", () => {
  it('refuses, before importing it, a plugin built for another core, naming both versions', async () => {
    const dir = pluginPackage('rmm-plugin-old-core', 'throw new Error("must not be imported");\n', { peerDependencies: { '@rmm-hub/core': '^0.0.1' } });
    const error = await loadPluginPackage(dir, 'config').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: PluginLoadCodes.versionMismatch, message: `rmm-plugin-old-core is built for @rmm-hub/core ^0.0.1, and this is @rmm-hub/core ${CORE_VERSION}` });
    expect((error as PluginLoadError).hint).toMatch(/whose @rmm-hub\/core range includes/);
  });

  it('accepts a range that includes this core, prereleases included, and ignores workspace or file links', () => {
    expect(() => checkCoreRange({ peerDependencies: { '@rmm-hub/core': '^0.1.0' } }, 'p', '0.1.3')).not.toThrow();
    expect(() => checkCoreRange({ peerDependencies: { '@rmm-hub/core': '^0.2.0' } }, 'p', '0.2.1-next.1')).not.toThrow();
    expect(() => checkCoreRange({ dependencies: { '@rmm-hub/core': '>=0.3' } }, 'p', '0.2.9')).toThrow(PluginLoadError);
    expect(() => checkCoreRange({ peerDependencies: { '@rmm-hub/core': 'workspace:*' } }, 'p', '9.9.9')).not.toThrow();
    expect(() => checkCoreRange({}, 'p', '9.9.9')).not.toThrow();
  });
});
