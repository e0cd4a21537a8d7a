/**
 * GetComputerIdentity (optional) — fetch one agent's hardware identity on demand, for plugins
 * whose list endpoint does not carry it cheaply (N-central device assets).
 */
import { capabilityToken } from './token.js';
import type { AgentIdentityInput } from './agent.schema.js';

export interface GetComputerIdentity {
  getComputerIdentity(agentId: string, options?: { signal?: AbortSignal }): Promise<AgentIdentityInput>;
}
export const GetComputerIdentity = capabilityToken<GetComputerIdentity>('GetComputerIdentity');
