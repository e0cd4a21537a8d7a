/**
 * Loading one plugin package: read its package.json, check its `rmmHub` key, import its entry,
 * and check what it exports. Every way this can go wrong ends in a {@link PluginLoadError} with
 * a coded reason — never a crash — so the host can list the refusal and carry on.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import semver from 'semver';

import { PluginLoadCodes, PluginLoadError } from '../errors/catalogue.js';
import { thrownMessage } from '../errors/thrown-value.js';
import { PLUGIN_BRAND, SUPPORTED_PLUGIN_API_VERSIONS, type PluginDefinition } from './define-plugin.js';
import { describeIssues, PluginManifestSchema } from './manifest.schema.js';
import { PluginPackageField, RMM_HUB_PACKAGE_KEY, type PackageJson } from './package-manifest.js';
import { settleWithin } from './time-limit.js';

export interface LoadedPlugin {
  definition: PluginDefinition;
  packageName: string;
  packageVersion: string;
  /** Where it was found: `dependency` or `config`. */
  origin: 'dependency' | 'config';
  packageDir: string;
}

/** How long importing a plugin's entry may take; importing only defines the plugin. */
export const PLUGIN_IMPORT_TIMEOUT_MS = 10_000;

/** Options of {@link loadPluginPackage}. */
export interface LoadPluginOptions {
  /** @default PLUGIN_IMPORT_TIMEOUT_MS */
  importTimeoutMs?: number | undefined;
}

/** Loads the plugin package in `packageDir`. `origin` is only recorded. */
export async function loadPluginPackage(packageDir: string, origin: LoadedPlugin['origin'], options: LoadPluginOptions = {}): Promise<LoadedPlugin> {
  let pkg: PackageJson;
  try {
    pkg = JSON.parse(await readFile(join(packageDir, 'package.json'), 'utf8')) as PackageJson;
  } catch (cause) {
    throw new PluginLoadError(PluginLoadCodes.notFound, packageDir, `No readable package.json in ${packageDir}`, { cause });
  }
  const source = pkg.name ?? packageDir;
  const field = PluginPackageField.safeParse(pkg[RMM_HUB_PACKAGE_KEY]);
  if (!field.success) {
    throw new PluginLoadError(PluginLoadCodes.invalidManifest, source, `package.json "${RMM_HUB_PACKAGE_KEY}" key is missing or invalid: ${describeIssues(field.error)}`, {
      hint: 'A plugin package declares "rmmHub": { "apiVersion": 1, "pluginId": "…" } in its package.json.',
    });
  }
  if (!SUPPORTED_PLUGIN_API_VERSIONS.includes(field.data.apiVersion)) {
    throw versionMismatch(source, field.data.apiVersion);
  }
  checkCoreRange(pkg, source);

  const entry = field.data.entry ?? mainEntry(pkg);
  let module: { default?: unknown };
  const importTimeoutMs = options.importTimeoutMs ?? PLUGIN_IMPORT_TIMEOUT_MS;
  const hung = (): PluginLoadError =>
    new PluginLoadError(PluginLoadCodes.importFailed, source, `Importing plugin ${source} (${entry}) did not finish within ${importTimeoutMs} ms`, {
      hint: `The plugin's entry waits at import time (a top-level await that never settles, or network at load); report it to the author of ${source}, or remove it from the config.`,
    });
  try {
    module = (await settleWithin(import(pathToFileURL(join(packageDir, entry)).href) as Promise<{ default?: unknown }>, importTimeoutMs, hung));
  } catch (cause) {
    if (cause instanceof PluginLoadError) throw cause;
    throw new PluginLoadError(PluginLoadCodes.importFailed, source, `Importing ${entry} failed: ${thrownMessage(cause)}`, {
      cause,
      hint: 'Build the plugin (`pnpm build`) and check that its entry exists and loads without errors.',
    });
  }
  const definition = checkDefinition(module.default, source);
  if (definition.id !== field.data.pluginId) {
    throw new PluginLoadError(PluginLoadCodes.invalidManifest, source, `package.json says pluginId "${field.data.pluginId}" but the plugin's id is "${definition.id}"`);
  }
  if (definition.apiVersion !== field.data.apiVersion) {
    throw new PluginLoadError(PluginLoadCodes.invalidManifest, source, `package.json says apiVersion ${field.data.apiVersion} but the plugin says ${definition.apiVersion}`);
  }
  return { definition, packageName: source, packageVersion: pkg.version ?? definition.version, origin, packageDir };
}

/** This core's own version, as its package.json states it. */
export const CORE_VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as PackageJson).version ?? '0.0.0';

/**
 * Refuses a plugin whose declared range of `@rmm-hub/core` (a peer dependency, as the plugin
 * guide has it) does not include this core's version: npm only warns about an unmet peer, and a
 * plugin built against another core would fail later, at a call, with a less helpful error.
 * Ranges that are not semver (a workspace or file link in development) say nothing to check.
 */
export function checkCoreRange(pkg: PackageJson, source: string, coreVersion = CORE_VERSION): void {
  const range = pkg.peerDependencies?.['@rmm-hub/core'] ?? pkg.dependencies?.['@rmm-hub/core'];
  if (range === undefined || semver.validRange(range) === null) return;
  if (semver.satisfies(coreVersion, range, { includePrerelease: true })) return;
  throw new PluginLoadError(PluginLoadCodes.versionMismatch, source, `${source} is built for @rmm-hub/core ${range}, and this is @rmm-hub/core ${coreVersion}`, {
    hint: `Install a release of ${source} whose @rmm-hub/core range includes ${coreVersion}, or the rmm-hub release it was built for.`,
    context: { range, coreVersion },
  });
}

/** Validates a module's default export as a plugin definition (brand, manifest, API version). */
export function checkDefinition(candidate: unknown, source: string): PluginDefinition {
  if (typeof candidate !== 'object' || candidate === null || (candidate as { $$type?: unknown }).$$type !== PLUGIN_BRAND) {
    throw new PluginLoadError(PluginLoadCodes.invalidManifest, source, 'The default export is not a plugin made with definePlugin()', {
      hint: 'Default-export the result of definePlugin({...}) from the plugin entry.',
    });
  }
  const parsed = PluginManifestSchema.safeParse(candidate);
  if (!parsed.success) {
    throw new PluginLoadError(PluginLoadCodes.invalidManifest, source, `Invalid plugin manifest: ${describeIssues(parsed.error)}`);
  }
  const definition = candidate as PluginDefinition;
  if (!SUPPORTED_PLUGIN_API_VERSIONS.includes(definition.apiVersion)) throw versionMismatch(source, definition.apiVersion);
  return definition;
}

function versionMismatch(source: string, apiVersion: number): PluginLoadError {
  return new PluginLoadError(
    PluginLoadCodes.versionMismatch,
    source,
    `Plugin API version ${apiVersion} is not supported (this host supports ${SUPPORTED_PLUGIN_API_VERSIONS.join(', ')})`,
    { hint: 'Install a plugin release built for this rmm-hub, or upgrade rmm-hub.', context: { apiVersion } },
  );
}

function mainEntry(pkg: PackageJson): string {
  const exportsField = pkg.exports as Record<string, unknown> | string | undefined;
  const dot = typeof exportsField === 'string' ? exportsField : exportsField?.['.'];
  if (typeof dot === 'string') return dot;
  if (dot && typeof dot === 'object') {
    const target = (dot as Record<string, unknown>)['import'] ?? (dot as Record<string, unknown>)['default'];
    if (typeof target === 'string') return target;
  }
  return pkg.main ?? 'index.js';
}
