/**
 * DeleteAgent (optional) — retire a duplicate agent in the RMM. Destructive: the host always
 * previews (`dryRun: true`) before it applies, and audits both.
 */
import { capabilityToken } from './token.js';

export interface DeleteAgentResult {
  agentId: string;
  /** True when the RMM was asked to delete; false for a preview. */
  applied: boolean;
  message: string;
}

export interface DeleteAgent {
  deleteAgent(agentId: string, options: { dryRun: boolean; signal?: AbortSignal }): Promise<DeleteAgentResult>;
}
export const DeleteAgent = capabilityToken<DeleteAgent>('DeleteAgent');
