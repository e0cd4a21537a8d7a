/**
 * The host's config file (YAML or JSON). Unknown keys are errors, not silently ignored: a
 * misspelt `intergrations:` must fail loudly with its path. Each integration's own `config`
 * block is validated later, against its plugin's schema, once the plugin is known.
 */
import { z } from 'zod';

import { IdentificationConfig } from '../identification/identification.config.js';
import { LinkingConfig } from '../linking/linking.config.js';
import { PLUGIN_ID_PATTERN } from '../plugin/manifest.schema.js';
import { QueueConfig } from './queue-config.schema.js';
import { StoreConfig } from './store-config.schema.js';

/** Integration ids share the plugin id pattern: they appear in URLs, logs and CLI flags. */
export const INTEGRATION_ID_PATTERN = PLUGIN_ID_PATTERN;

export const TenantConfig = z
  .object({
    id: z.string().trim().min(1).max(100).describe('The platform tenant id'),
    name: z.string().trim().min(1).max(300),
    psaCompanyId: z.string().trim().min(1).optional().describe('The PSA company id (e.g. ConnectWise Manage company id)'),
    domains: z.array(z.string().trim().toLowerCase().min(3)).default([]),
    isMsp: z.boolean().default(false).describe("True for the MSP's own tenant"),
  })
  .strict();
export type TenantConfig = z.infer<typeof TenantConfig>;

export const IntegrationConfig = z
  .object({
    id: z
      .string()
      .min(2)
      .max(40)
      .regex(INTEGRATION_ID_PATTERN, 'must be lower-case words joined by dashes, e.g. "ncentral-prod"')
      .describe('A name for this integration, unique in the file'),
    plugin: z.string().min(1).describe('The id of the plugin that implements it, e.g. "ncentral"'),
    enabled: z.boolean().default(true),
    displayName: z.string().trim().min(1).optional(),
    syncIntervalSeconds: z.number().int().min(60).max(7 * 24 * 3600).optional().describe("Defaults to the plugin's recommendation"),
    callTimeoutSeconds: z.number().positive().max(24 * 3600).default(600).describe('Upper bound for any single capability call'),
    config: z.record(z.string(), z.unknown()).default({}).describe("The plugin's own settings; secrets as env:NAME or file:PATH"),
  })
  .strict();
export type IntegrationConfig = z.infer<typeof IntegrationConfig>;

export const HostConfig = z
  .object({
    store: StoreConfig.prefault({}),
    queue: QueueConfig.optional().describe('A job queue for worker processes; leave out to sync in one process'),
    plugins: z
      .array(z.string().min(1))
      .default([])
      .describe('Extra plugin packages (names or paths), besides those declared as dependencies'),
    discovery: z
      .object({
        fromDependencies: z.boolean().default(true).describe("Load plugins declared as dependencies of the application (the nearest package.json at or above the working folder) and of the rmm-hub CLI"),
        exclude: z.array(z.string()).default([]).describe('Package names or plugin ids to skip'),
      })
      .strict()
      .prefault({}),
    tenants: z.array(TenantConfig).default([]).describe("The platform's tenants, when the host application does not supply them"),
    integrations: z.array(IntegrationConfig).default([]),
    linking: LinkingConfig.prefault({}).describe('Tenant-linking engine settings'),
    identification: IdentificationConfig.prefault({}).describe('Computer-identification engine settings'),
    log: z.object({ level: z.enum(['debug', 'info', 'warn', 'error']).default('info') }).strict().prefault({}),
    loopWatchdogSeconds: z.number().int().min(1).max(3600).default(30).describe("End the process with an error naming the plugin when a plugin's code blocks the event loop this long"),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Map<string, number>();
    config.integrations.forEach((integration, index) => {
      const first = seen.get(integration.id);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['integrations', index, 'id'],
          message: `duplicate integration id "${integration.id}" (also at integrations[${first}])`,
        });
      } else seen.set(integration.id, index);
    });
    const tenantIds = new Set<string>();
    config.tenants.forEach((tenant, index) => {
      if (tenantIds.has(tenant.id)) ctx.addIssue({ code: 'custom', path: ['tenants', index, 'id'], message: `duplicate tenant id "${tenant.id}"` });
      tenantIds.add(tenant.id);
    });
    if (config.tenants.filter((t) => t.isMsp).length > 1) {
      ctx.addIssue({ code: 'custom', path: ['tenants'], message: 'only one tenant can be the MSP itself (isMsp: true)' });
    }
  });
export type HostConfig = z.infer<typeof HostConfig>;
/** The settings as written (defaults may be left out): what a config file holds, or `RmmHub.open({ config })` takes. */
export type HostConfigInput = z.input<typeof HostConfig>;
