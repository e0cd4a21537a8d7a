/** MoveAgent (optional) — move an agent to another client or location of the same RMM. */
import { capabilityToken } from './token.js';

/** Moves one agent to another client of the same RMM (optional). Routed and interactive. */
export interface MoveAgent {
  /** Moves agent `agentId` to client `targetClientId`; resolves once the RMM has accepted the move. */
  moveAgent(agentId: string, targetClientId: string, options?: { signal?: AbortSignal }): Promise<void>;
}
/** Injection token of the {@link MoveAgent} capability. */
export const MoveAgent = capabilityToken<MoveAgent>('MoveAgent');
