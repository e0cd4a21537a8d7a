/**
 * The two engine steps the sync drives, as narrow interfaces: the sync only needs "reconcile
 * links for this integration" and "identify computers across everything stored". The linking
 * and identification services implement them; tests can substitute their own.
 */
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
}
