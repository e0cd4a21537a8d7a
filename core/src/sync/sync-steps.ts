/**
 * The two engine steps the sync drives, as narrow interfaces: the sync only needs "reconcile
 * links for this integration" and "identify computers across everything stored". The linking
 * and identification services implement them; tests can substitute their own.
 */
import type { ComputerRepository } from '../identification/port/computer-repository.js';

export interface LinkingStepSummary {
  /** Clients linked to a tenant after the step (auto and manual). */
  linked: number;
  /** Clients with a suggestion waiting for review. */
  suggested: number;
  /** Rows the step wrote; zero when nothing changed upstream. */
  written: number;
}

export interface LinkingStep {
  reconcile(integrationId: string, at: string): Promise<LinkingStepSummary>;
}

export interface IdentificationStepSummary {
  agents: number;
  computers: number;
  conflicts: number;
  needsIdentity: number;
  identityScriptsRun: number;
  written: number;
}

export interface IdentificationStep {
  identify(options: {
    at: string;
    onProgress?: ((done: number, total: number) => void) | undefined;
    signal?: AbortSignal | undefined;
  }): Promise<IdentificationStepSummary>;
  /**
   * Identification a few tenants at a time, as the sync's listings finish them; undefined (or
   * absent) where it must run over everything at once (identity scripts are gathered fleet-wide).
   */
  rounds?(options: { at: string }): TenantRounds | undefined;
}

/** One sync's identification in rounds (see `identification-rounds.ts`). */
export interface TenantRounds {
  /** Identifies these tenants, whose agents every listing feeding them has stored. */
  round(tenantIds: ReadonlySet<string>): Promise<void>;
  /** After the last round: identifies what the rounds did not need to or could not, and sums up. */
  finish(): Promise<IdentificationStepSummary>;
}

/**
 * Where the identification step keeps what its last run recorded: the store's memo (see
 * `ComputerRepository.identificationMemo`), which outlives the process.
 */
export type IdentificationMemos = Pick<ComputerRepository, 'identificationMemo' | 'recordIdentificationMemo'>;
