/**
 * AgentUrl (optional) — a deep link to the agent's page in the RMM's web console, for a person
 * to open. Routed to the agent's own integration. The console's page paths are not part of any
 * published API, so plugins build them from a configurable template ({@link agentUrlFrom}).
 */
import { z } from 'zod';

import { capabilityToken } from './token.js';

export const AgentLink = z.object({ url: z.url({ protocol: /^https?$/ }) });
export type AgentLink = z.infer<typeof AgentLink>;

export interface AgentUrl {
  agentUrl(agentId: string, options?: { signal?: AbortSignal }): Promise<AgentLink>;
}
export const AgentUrl = capabilityToken<AgentUrl>('AgentUrl');

/**
 * The console URL of an agent: `template` with `{agentId}` replaced (URL-encoded), resolved
 * against the server's root when it is a path (`/automate/computer/{agentId}`).
 */
export function agentUrlFrom(template: string, serverRoot: string, agentId: string): string {
  return new URL(template.replaceAll('{agentId}', encodeURIComponent(agentId)), serverRoot).toString();
}

/** A console page template: a URL or a path on the server, with `{agentId}` where the id goes. */
export const AgentUrlTemplate = z
  .string()
  .trim()
  .refine((template) => template.includes('{agentId}'), { message: 'must contain {agentId}, where the agent id goes, e.g. /console/agent/{agentId}' })
  .describe("the agent's page in the web console (AgentUrl): a path on the server or a URL, {agentId} where the id goes; page paths are not part of the API, so set it if your console's differ");

/** AgentUrl from a template, for RMMs whose console pages are a fixed pattern of the agent id. */
export function templateAgentUrl(template: string, serverRoot: string): AgentUrl {
  return { agentUrl: async (agentId) => ({ url: agentUrlFrom(template, serverRoot, agentId) }) };
}
