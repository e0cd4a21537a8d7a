/**
 * Versions move (a changeset bumps core, a plugin release lags): the promises between core and
 * the plugins in this workspace must still hold. A plugin's peer range on @rmm-hub/core must
 * take core's current version — npm refuses the install otherwise — and the API version its
 * package.json declares must be one the loader accepts (plugin-loader.ts refuses any other with
 * RMM_ERR_PLUGIN_VERSION_MISMATCH). Read from the workspace, so a new plugin is checked too.
 */
import { satisfies, validRange } from 'semver';
import { describe, expect, it } from 'vitest';

import { SUPPORTED_PLUGIN_API_VERSIONS } from '@rmm-hub/core';

import { workspacePackages } from './support/packaging/workspace-packages.js';

const packages = workspacePackages();
const core = packages.find((pkg) => pkg.manifest.name === '@rmm-hub/core')!.manifest;
const plugins = packages.filter((pkg) => pkg.manifest.rmmHub !== undefined);

describe('versions between core and the plugins', () => {
  it('finds the plugins of the workspace', () => {
    expect(plugins.map((pkg) => pkg.manifest.name)).toEqual(expect.arrayContaining(['@rmm-hub/plugin-ncentral', '@rmm-hub/plugin-cw-automate']));
  });

  for (const { manifest } of plugins) {
    it(`${manifest.name} accepts core ${core.version} as its peer and declares a supported API version`, () => {
      const range = manifest.peerDependencies?.['@rmm-hub/core'];
      expect(range, `${manifest.name} must take @rmm-hub/core as a peerDependency`).toBeDefined();
      expect(validRange(range!), `"${range}" is not a semver range`).not.toBeNull();
      expect(satisfies(core.version, range!), `${manifest.name}'s peer range ${range} does not take core ${core.version}: widen it`).toBe(true);
      expect(SUPPORTED_PLUGIN_API_VERSIONS).toContain(manifest.rmmHub!.apiVersion);
    });
  }
});
