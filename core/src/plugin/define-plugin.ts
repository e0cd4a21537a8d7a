/**
 * `definePlugin()` is how a plugin package describes itself to the host. It validates the
 * manifest eagerly, so an author sees a bad id or an unknown capability at import time, and
 * returns a frozen, branded object the host recognises at discovery.
 */
import type { DependencyContainer } from 'tsyringe';
import type { z } from 'zod';

import type { CapabilityName } from '../capabilities/registry.js';
import { PluginLoadCodes, PluginLoadError } from '../errors/catalogue.js';
import { describeIssues, PluginManifestSchema } from './manifest.schema.js';
import type { PluginContext } from './plugin-context.js';

/** The plugin API this host implements. A plugin built for another major is refused. */
export const PLUGIN_API_VERSION = 1;
/** The API versions this host accepts. */
export const SUPPORTED_PLUGIN_API_VERSIONS: readonly number[] = [PLUGIN_API_VERSION];

/** Brand checked at discovery; a plain object that merely looks like a plugin is refused. */
export const PLUGIN_BRAND = '@rmm-hub/plugin';

/** What a plugin declares about itself; the argument of {@link definePlugin}. */
export interface PluginManifest<TConfig = unknown> {
  /** Lower-case words joined by single dashes, 2–40 characters: see {@link PLUGIN_ID_PATTERN}. */
  id: string;
  displayName: string;
  /** The plugin's own semver version. */
  version: string;
  /** The plugin API it was written against; must be in {@link SUPPORTED_PLUGIN_API_VERSIONS}. */
  apiVersion: number;
  description?: string;
  /** zod schema of an integration's `config`; mark secret fields with `secret()`. */
  configSchema: z.ZodType<TConfig>;
  /** Capabilities `register` provides. Each must really be provided, or the plugin is refused. */
  capabilities: readonly CapabilityName[];
  /** The sync interval the plugin recommends, when the config does not set one. */
  defaultSyncIntervalSeconds?: number;
  /** Provides the plugin's capabilities for one configured integration (`ctx.provide`), in that integration's own child container. */
  register(container: DependencyContainer, ctx: PluginContext<TConfig>): void | Promise<void>;
}

/** A manifest checked and branded by {@link definePlugin}: what a plugin entry default-exports. */
export type PluginDefinition<TConfig = unknown> = Readonly<PluginManifest<TConfig>> & { readonly $$type: typeof PLUGIN_BRAND };

/**
 * Describes a plugin to the host: checks `manifest` at once and returns it frozen and branded,
 * the value a plugin entry default-exports.
 *
 * @example
 * export default definePlugin({
 *   id: 'acme-rmm',
 *   displayName: 'Acme RMM',
 *   version: '1.0.0',
 *   apiVersion: PLUGIN_API_VERSION,
 *   configSchema: z.object({ serverUrl: z.string().url(), apiKey: secret(z.string()) }),
 *   capabilities: ['HealthCheck', 'ListClients', 'ListComputers', 'RunScript'],
 *   register(container, ctx) {
 *     ctx.provide(ListClients, { useValue: new AcmeClients(ctx) });
 *     // …
 *   },
 * });
 */
export function definePlugin<TConfig>(manifest: PluginManifest<TConfig>): PluginDefinition<TConfig> {
  const parsed = PluginManifestSchema.safeParse(manifest);
  if (!parsed.success) {
    throw new PluginLoadError(
      PluginLoadCodes.invalidManifest,
      typeof manifest?.id === 'string' ? manifest.id : '<unknown plugin>',
      `Invalid plugin manifest: ${describeIssues(parsed.error)}`,
      { hint: 'Fix the manifest passed to definePlugin(); see docs/plugin-guide.md.' },
    );
  }
  return Object.freeze({ ...manifest, capabilities: Object.freeze([...manifest.capabilities]), $$type: PLUGIN_BRAND });
}
