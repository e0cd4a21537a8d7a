/**
 * The manifest: what discovery would check (brand, manifest schema, API version), plus what the
 * CLI needs later — a config schema that exports to JSON Schema (`rmm-hub config schema`) and,
 * when the package folder is given, a package.json whose `rmmHub` key matches the plugin.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { checkDefinition, isRmmError, PluginPackageField, RMM_HUB_PACKAGE_KEY, SUPPORTED_PLUGIN_API_VERSIONS } from '@rmm-hub/core';
import { z } from 'zod';

import { ConformanceFailure, expectThat } from '../conformance-failure.js';
import type { ConformanceSession } from '../conformance-session.js';

const CHECK = 'manifest';

/** Fails unless the plugin is a valid, API-compatible definition with an exportable config schema. */
export async function checkManifest(session: ConformanceSession<unknown>): Promise<void> {
  const plugin = session.plugin as unknown;
  const source = typeof (plugin as { id?: unknown })?.id === 'string' ? (plugin as { id: string }).id : '<plugin>';
  try {
    checkDefinition(plugin, source);
  } catch (error) {
    if (!isRmmError(error)) throw error;
    throw new ConformanceFailure(CHECK, `the host would refuse this plugin (${error.code}): ${error.message}${error.hint ? ` — ${error.hint}` : ''}`);
  }
  expectThat(SUPPORTED_PLUGIN_API_VERSIONS.includes(session.plugin.apiVersion), CHECK, () => `apiVersion ${session.plugin.apiVersion} is not supported`);
  try {
    z.toJSONSchema(session.plugin.configSchema, { io: 'input', unrepresentable: 'any' });
  } catch (error) {
    throw new ConformanceFailure(CHECK, `configSchema cannot be exported as JSON Schema (\`rmm-hub config schema\` would fail): ${(error as Error).message}`);
  }
  if (session.options.packageDir !== undefined) await checkPackageJson(session.options.packageDir, session.plugin.id, session.plugin.apiVersion);
}

async function checkPackageJson(dir: string, pluginId: string, apiVersion: number): Promise<void> {
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new ConformanceFailure(CHECK, `cannot read ${join(dir, 'package.json')}: ${(error as Error).message}`);
  }
  const field = PluginPackageField.safeParse(pkg[RMM_HUB_PACKAGE_KEY]);
  expectThat(field.success, CHECK, () => `package.json has no valid "${RMM_HUB_PACKAGE_KEY}" key; add "${RMM_HUB_PACKAGE_KEY}": { "apiVersion": ${apiVersion}, "pluginId": "${pluginId}" }`);
  expectThat(field.data.pluginId === pluginId, CHECK, () => `package.json says pluginId "${field.data.pluginId}" but the plugin's id is "${pluginId}"`);
  expectThat(field.data.apiVersion === apiVersion, CHECK, () => `package.json says apiVersion ${field.data.apiVersion} but the plugin says ${apiVersion}`);
  const exportsMap = pkg['exports'];
  const exportsPackageJson = typeof exportsMap !== 'object' || exportsMap === null || './package.json' in exportsMap;
  expectThat(exportsPackageJson, CHECK, () => 'package.json has an exports map without "./package.json": discovery resolves <name>/package.json and would not find the plugin');
}
