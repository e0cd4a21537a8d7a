/**
 * Where a hub finds its plugins: the dependencies of the host application (the nearest
 * package.json at or above its folder), of any further package.json the caller names (the
 * CLI names its own), and the config's `plugins:` list.
 */
import { discoverPlugins, nearestPackageJson, type DiscoveryResult, type LoadedConfig } from '@rmm-hub/core';

/** Where to look for plugins besides the config's `plugins:` list. */
export interface PluginSources {
  /** Folder of the host application. @default process.cwd() */
  appRoot?: string | undefined;
  /** Further package.json files whose dependencies hold plugins; scanned before the application's. */
  alsoDiscoverFrom?: readonly string[] | undefined;
}

/**
 * The plugins a hub on `loaded` would start, and those refused with why. Nothing is started:
 * this is what `rmm-hub plugins` lists.
 */
export async function findPlugins(loaded: Pick<LoadedConfig, 'config' | 'baseDir'>, sources: PluginSources = {}): Promise<DiscoveryResult> {
  const { config, baseDir } = loaded;
  const app = nearestPackageJson(sources.appRoot ?? process.cwd());
  const manifests = [...(sources.alsoDiscoverFrom ?? []), ...(app ? [app] : [])];
  return discoverPlugins({
    explicit: config.plugins,
    baseDir,
    hostPackageJson: config.discovery.fromDependencies ? manifests : undefined,
    exclude: config.discovery.exclude,
  });
}
