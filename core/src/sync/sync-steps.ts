/**
 * The two engine steps the sync drives, as narrow interfaces: the sync only needs "reconcile
 * links for this integration" and "identify computers across everything stored". The linking
 * and identification services implement them; tests can substitute their own.
 */
import type { ScriptResult } from '../capabilities/run-script.js';
import type { AgentRef } from '../store/computer-repository.js';

export interface LinkingStepSummary {
  /** Clients linked to a tenant after the step (auto and manual). */
  linked: number;
  /** Clients with a suggestion waiting for review. */
  suggested: number;
  /** Rows the step wrote; zero when nothing changed upstream. */
  written: number;
}

export interface LinkingStep {
  reconcile(integrationId: string, at: string): LinkingStepSummary;
}

export interface IdentificationStepSummary {
  agents: number;
  computers: number;
  conflicts: number;
  needsIdentity: number;
  identityScriptsRun: number;
  written: number;
}

export type RunIdentityScript = (agent: AgentRef) => Promise<ScriptResult>;

export interface IdentificationStep {
  identify(options: {
    at: string;
    /** Present when at least one integration can run scripts. */
    runIdentityScript?: RunIdentityScript | undefined;
    onProgress?: ((done: number, total: number) => void) | undefined;
    signal?: AbortSignal | undefined;
  }): Promise<IdentificationStepSummary>;
}
