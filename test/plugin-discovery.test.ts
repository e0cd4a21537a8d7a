import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { discoverPlugins, PluginLoadCodes } from '@rmm-hub/core';

import { fixturePlugin } from './support/fixture-plugins.js';

describe('plugin discovery', () => {
  it('loads plugins listed explicitly in the config', async () => {
    const { plugins, refused } = await discoverPlugins({ explicit: [fixturePlugin('good')] });
    expect(refused).toEqual([]);
    expect(plugins.map((p) => [p.definition.id, p.packageName, p.origin])).toEqual([['fixture-good', 'fixture-plugin-good', 'config']]);
  });

  it("finds plugins among the running package's declared dependencies, skipping ordinary packages", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rmm-discovery-'));
    mkdirSync(join(dir, 'node_modules', 'left-pad'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'left-pad', 'package.json'), JSON.stringify({ name: 'left-pad', version: '1.0.0' }));
    symlinkSync(fixturePlugin('good'), join(dir, 'node_modules', 'fixture-plugin-good'), 'dir');
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'host-app', dependencies: { 'fixture-plugin-good': '*', 'left-pad': '*', 'not-installed': '*' } }),
    );
    const { plugins, refused } = await discoverPlugins({ hostPackageJson: join(dir, 'package.json') });
    expect(plugins.map((p) => [p.definition.id, p.origin])).toEqual([['fixture-good', 'dependency']]);
    expect(refused).toEqual([]);
  });

  it('refuses a plugin built for another API version, and keeps going', async () => {
    const { plugins, refused } = await discoverPlugins({ explicit: [fixturePlugin('future-api'), fixturePlugin('good')] });
    expect(plugins.map((p) => p.definition.id)).toEqual(['fixture-good']);
    expect(refused).toEqual([expect.objectContaining({ code: PluginLoadCodes.versionMismatch, hint: expect.any(String) })]);
  });

  it('refuses a duplicate id, a definition not made by definePlugin, and a missing package, each with its code', async () => {
    const { plugins, refused } = await discoverPlugins({
      explicit: [fixturePlugin('good'), fixturePlugin('duplicate'), fixturePlugin('not-branded'), 'no-such-plugin-package'],
    });
    expect(plugins).toHaveLength(1);
    expect(refused.map((r) => r.code).sort()).toEqual(
      [PluginLoadCodes.duplicateId, PluginLoadCodes.invalidManifest, PluginLoadCodes.notFound].sort(),
    );
  });

  it('honours exclusions by package name or plugin id', async () => {
    const byId = await discoverPlugins({ explicit: [fixturePlugin('good')], exclude: ['fixture-good'] });
    expect(byId.plugins).toEqual([]);
  });
});
