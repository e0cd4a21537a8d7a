/**
 * Persistence of the computer-identification engine: computers, agent→computer links with
 * their evidence, the per-computer timeline and the conflict queue.
 */

export interface ComputerRecord {
  id: string;
  tenantId: string;
  /** A display name: the hostname of its most recently seen agent. */
  name: string;
  createdAt: string;
}

export interface AgentRef {
  integrationId: string;
  agentId: string;
}

export interface ComputerRepository {
  get(computerId: string): ComputerRecord | undefined;
  /** The agents identified as this computer, newest first. */
  agentsOf(computerId: string): AgentRef[];
  computerOf(agent: AgentRef): string | undefined;
}
