/**
 * GetComputerIdentity (optional) — fetch one agent's hardware identity on demand, for plugins
 * whose list endpoint does not carry it cheaply (N-central device assets).
 */
import { capabilityToken } from './token.js';
import type { AgentIdentityInput } from './agent.schema.js';

/** Reads one agent's hardware identity on demand (optional). Routed to the integration that holds the agent. */
export interface GetComputerIdentity {
  /** The hardware identity of agent `agentId`, read from the RMM now. */
  getComputerIdentity(agentId: string, options?: { signal?: AbortSignal }): Promise<AgentIdentityInput>;
}
/** Injection token of the {@link GetComputerIdentity} capability. */
export const GetComputerIdentity = capabilityToken<GetComputerIdentity>('GetComputerIdentity');
