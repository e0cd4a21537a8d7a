/**
 * An agent as identification reads it, and how the store refers to one. The engine and the
 * store both speak these; they depend on nothing but the capability contract.
 */
import type { AgentIdentity } from '../../capabilities/agent.schema.js';

export interface AgentRef {
  integrationId: string;
  agentId: string;
}

/**
 * An agent's identifiers in the engine's spelling: normalised (see `identifiersOf`), not yet
 * vetted. The store keeps them beside the RMM's raw report, written when the agent is.
 */
export interface AgentIdentifiers {
  /** The hostname upper-cased without its DNS suffix; `''` when there is none. */
  host: string;
  uuid: string | undefined;
  serial: string | undefined;
  board: string | undefined;
  /** As reported: a run reduces it to a vendor, after the registry has vetted the spelling. */
  manufacturer: string | undefined;
  /** Normalised, each once, sorted. */
  macs: string[];
  osInstallDate: string | undefined;
}

/**
 * A live agent of a client linked to a tenant, as identification reads it: what the store
 * streams (`AgentRepository.iterateLinked`), so the sync hands stored agents over as they are.
 */
export interface IdentificationAgent {
  /** The tenant of the agent's client, through its tenant link. */
  tenantId: string;
  integrationId: string;
  agentId: string;
  hostname: string;
  online: boolean;
  lastSeen?: string | undefined;
  identity: AgentIdentity;
  canRunScripts: boolean;
}

/**
 * A live agent of a client linked to a tenant with its identifiers as the store keeps them,
 * normalised when the agent was written: the one record identification consumes, whether read
 * from the store or made from agents handed over (`identificationRecord`).
 */
export interface LinkedAgentIdentifiers extends AgentIdentifiers {
  tenantId: string;
  integrationId: string;
  agentId: string;
  /** As the RMM reported it. */
  hostname: string;
  online: boolean;
  lastSeen: string | undefined;
  canRunScripts: boolean;
}
