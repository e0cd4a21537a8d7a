/**
 * `IntegrationInfo` (see host.ts) as JSON: the schema the CLI's `--json` contract and the HTTP API's
 * OpenAPI document both publish for a configured integration. Open (`looseObject`), so a field
 * added to IntegrationInfo later is allowed through before it is described here.
 */
import { z } from 'zod';

/** One configured integration: ready, refused (with why) or disabled, and what it can do. */
export const IntegrationInfoSchema = z.looseObject({
  id: z.string(),
  pluginId: z.string(),
  displayName: z.string(),
  enabled: z.boolean(),
  state: z.enum(['ready', 'refused', 'disabled']),
  capabilities: z.array(z.string()),
  error: z.looseObject({ code: z.string(), message: z.string(), hint: z.string().optional(), path: z.string().optional() }).optional(),
});
