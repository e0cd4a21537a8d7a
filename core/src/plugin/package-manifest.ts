/**
 * The `rmmHub` key a plugin package carries in its package.json. It lets the host tell a
 * plugin from an ordinary dependency without importing it, and says which API it was built for.
 *
 * @example
 * "rmmHub": { "apiVersion": 1, "pluginId": "ncentral", "entry": "./dist/index.js" }
 */
import { z } from 'zod';

import { PLUGIN_ID_PATTERN } from './manifest.schema.js';

export const RMM_HUB_PACKAGE_KEY = 'rmmHub';

export const PluginPackageField = z
  .object({
    apiVersion: z.number().int().positive(),
    pluginId: z.string().regex(PLUGIN_ID_PATTERN),
    /** Module to import, relative to the package root; defaults to the package's main export. */
    entry: z.string().min(1).optional(),
  })
  .strict();
export type PluginPackageField = z.infer<typeof PluginPackageField>;

export interface PackageJson {
  name?: string;
  version?: string;
  main?: string;
  exports?: unknown;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  [RMM_HUB_PACKAGE_KEY]?: unknown;
}
