/**
 * DeleteAgent (optional) — retire a duplicate agent in the RMM. Destructive: the host always
 * previews (`dryRun: true`) before it applies, and audits both.
 */
import { capabilityToken } from './token.js';

/** What a DeleteAgent call did, or with `dryRun` would do. */
export interface DeleteAgentResult {
  agentId: string;
  /** True when the RMM was asked to delete; false for a preview. */
  applied: boolean;
  message: string;
}

/** Deletes (retires) one agent in its RMM (optional, destructive). Routed and interactive; the host always calls it with `dryRun: true` first and audits every attempt. */
export interface DeleteAgent {
  /** Deletes agent `agentId`, or with `dryRun` only checks that it could. */
  deleteAgent(agentId: string, options: { dryRun: boolean; signal?: AbortSignal }): Promise<DeleteAgentResult>;
}
/** Injection token of the {@link DeleteAgent} capability. */
export const DeleteAgent = capabilityToken<DeleteAgent>('DeleteAgent');
