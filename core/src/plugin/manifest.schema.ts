/**
 * The zod schema a plugin manifest must satisfy. Used by `definePlugin()` and again by the
 * loader, which cannot trust that a package really went through `definePlugin()`.
 */
import { z } from 'zod';

import { CAPABILITY_NAMES } from '../capabilities/registry.js';

/** Plugin ids: lower-case letters and digits in dash-separated words, starting with a letter, 2–40 chars. */
export const PLUGIN_ID_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

const isZodSchema = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && '_zod' in value && typeof (value as { safeParse?: unknown }).safeParse === 'function';

export const PluginManifestSchema = z.object({
  id: z
    .string()
    .min(2)
    .max(40)
    .regex(PLUGIN_ID_PATTERN, `must match ${PLUGIN_ID_PATTERN.source} (lower-case words joined by dashes)`),
  displayName: z.string().trim().min(1).max(100),
  version: z.string().regex(SEMVER, 'must be a semver version such as 1.2.3'),
  apiVersion: z.number().int().positive(),
  description: z.string().max(1000).optional(),
  configSchema: z.custom<z.ZodType>(isZodSchema, 'must be a zod schema'),
  capabilities: z
    .array(z.enum(CAPABILITY_NAMES))
    .min(1, 'must declare at least one capability')
    .refine((list) => new Set(list).size === list.length, 'must not list a capability twice'),
  defaultSyncIntervalSeconds: z.number().int().min(60).max(7 * 24 * 3600).optional(),
  register: z.custom<(...args: unknown[]) => unknown>((value) => typeof value === 'function', 'must be a function'),
});

/** `path: message` for every issue, joined; paths make the offending field obvious. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.map(String).join('.') : '<root>'}: ${issue.message}`)
    .join('; ');
}
