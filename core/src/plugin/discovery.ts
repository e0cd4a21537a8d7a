/**
 * Finding plugins. Two sources, never a crawl of the disk:
 * 1. the config's explicit `plugins:` list (package names, or paths to package folders);
 * 2. the declared dependencies of the host packages — the application that opens the hub and
 *    the running package (e.g. `@rmm-hub/cli`) — keeping only those whose package.json carries
 *    the `rmmHub` key.
 * Built-in plugins are found exactly like third-party ones: there is no hard-coded list.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';

import { PluginLoadCodes, PluginLoadError, isRmmError } from '../errors/index.js';
import { loadPluginPackage, type LoadedPlugin } from './plugin-loader.js';
import { RMM_HUB_PACKAGE_KEY, type PackageJson } from './package-manifest.js';

export interface DiscoveryOptions {
  /** Explicit entries from the config: package names (resolved from `baseDir`) or folder paths. */
  explicit?: readonly string[];
  /** Directory explicit entries are resolved from (the config file's folder). */
  baseDir?: string;
  /**
   * package.json files whose dependencies are scanned: the host application's, the running
   * package's. A plugin depended on by several is loaded once.
   */
  hostPackageJson?: string | readonly string[] | undefined;
  /** Package names or plugin ids to skip. */
  exclude?: readonly string[];
  /** How long importing one plugin's entry may take. @default PLUGIN_IMPORT_TIMEOUT_MS */
  importTimeoutMs?: number | undefined;
}

export interface RefusedPlugin {
  source: string;
  code: string;
  reason: string;
  hint?: string | undefined;
}

export interface DiscoveryResult {
  plugins: LoadedPlugin[];
  refused: RefusedPlugin[];
}

export async function discoverPlugins(options: DiscoveryOptions): Promise<DiscoveryResult> {
  const candidates: { dir: string; origin: LoadedPlugin['origin']; source: string }[] = [];
  const refused: RefusedPlugin[] = [];
  const exclude = new Set(options.exclude ?? []);
  const baseDir = options.baseDir ?? process.cwd();

  for (const entry of options.explicit ?? []) {
    if (exclude.has(entry)) continue;
    try {
      candidates.push({ dir: resolvePackageDir(entry, baseDir), origin: 'config', source: entry });
    } catch (cause) {
      refused.push({
        source: entry,
        code: PluginLoadCodes.notFound,
        reason: `Cannot find plugin package "${entry}" from ${baseDir}`,
        hint: 'Install the package, or give the path to its folder.',
      });
      void cause;
    }
  }

  const manifests = typeof options.hostPackageJson === 'string' ? [options.hostPackageJson] : (options.hostPackageJson ?? []);
  for (const manifest of manifests) {
    let host: PackageJson;
    try {
      host = JSON.parse(await readFile(manifest, 'utf8')) as PackageJson;
    } catch (cause) {
      // The application's own package.json is the user's file: say so, and keep the other sources.
      refused.push({
        source: manifest,
        code: PluginLoadCodes.invalidManifest,
        reason: `cannot read the dependencies in ${manifest}: ${cause instanceof Error ? cause.message : String(cause)}`,
        hint: 'Fix that package.json, or set discovery.fromDependencies: false and list plugins under `plugins:`.',
      });
      continue;
    }
    const hostDir = dirname(manifest);
    const deps = Object.keys({ ...host.dependencies, ...host.optionalDependencies }).sort();
    for (const name of deps) {
      if (exclude.has(name)) continue;
      let dir: string;
      try {
        dir = resolvePackageDir(name, hostDir);
      } catch {
        continue; // an uninstalled optional dependency is not a plugin problem
      }
      const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as PackageJson;
      if (pkg[RMM_HUB_PACKAGE_KEY] !== undefined) candidates.push({ dir, origin: 'dependency', source: name });
    }
  }

  const plugins: LoadedPlugin[] = [];
  const seenDirs = new Set<string>();
  for (const candidate of candidates) {
    if (seenDirs.has(candidate.dir)) continue; // listed in config and as a dependency
    seenDirs.add(candidate.dir);
    try {
      const loaded = await loadPluginPackage(candidate.dir, candidate.origin, { importTimeoutMs: options.importTimeoutMs });
      if (exclude.has(loaded.definition.id)) continue;
      const clash = plugins.find((p) => p.definition.id === loaded.definition.id);
      if (clash) {
        throw new PluginLoadError(PluginLoadCodes.duplicateId, loaded.packageName, `Plugin id "${loaded.definition.id}" is already taken by ${clash.packageName}`, {
          hint: 'Remove one of the two packages, or exclude one under discovery.exclude.',
        });
      }
      plugins.push(loaded);
    } catch (error) {
      refused.push(
        isRmmError(error)
          ? { source: candidate.source, code: error.code, reason: error.message, hint: error.hint }
          : { source: candidate.source, code: PluginLoadCodes.importFailed, reason: String(error) },
      );
    }
  }
  return { plugins, refused };
}

/** The package.json at or nearest above `from`: the application a hub is opened for; undefined when there is none. */
export function nearestPackageJson(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

function resolvePackageDir(entry: string, baseDir: string): string {
  if (entry.startsWith('.') || isAbsolute(entry)) return resolve(baseDir, entry);
  // Every plugin exports ./package.json (a documented requirement), which makes this work
  // whatever its exports map says about the entry.
  const require = createRequire(join(baseDir, 'noop.js'));
  return dirname(require.resolve(`${entry}/package.json`));
}
