/** MoveAgent (optional) — move an agent to another client or location of the same RMM. */
import { capabilityToken } from './token.js';

export interface MoveAgent {
  moveAgent(agentId: string, targetClientId: string, options?: { signal?: AbortSignal }): Promise<void>;
}
export const MoveAgent = capabilityToken<MoveAgent>('MoveAgent');
