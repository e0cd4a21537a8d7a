/**
 * Adapters from the engine services to the sync's steps. Linking runs over every stored
 * client (it is one-to-one per integration anyway); identification runs once per sync over
 * every agent of a linked client, gathering identities by script first where it can. Both
 * skip a run their inputs show would change nothing.
 */
import type { ComputerQueries } from '../identification/computer-queries.js';
import type { IdentificationService, IdentificationRunSummary } from '../identification/identification-service.js';
import type { LinkingService } from '../linking/linking-service.js';
import type { IdentificationStep, IdentificationStepSummary, LinkingStep, LinkingStepSummary } from './sync-steps.js';

/**
 * Linking runs over every integration's clients at once, so when several integrations reach
 * their linking phase with nothing changed in between (the usual case: their client listings
 * changed nothing), or a re-sync finds nothing new, a run would only repeat the last one.
 * `fingerprint` — a digest of what linking reads and writes (`LinkingService.inputFingerprint`)
 * — detects that, and the earlier outcome is reused.
 */
export function linkingStep(service: LinkingService, options: { fingerprint?: () => Promise<string> } = {}): LinkingStep {
  let last: { fingerprint: string; summary: LinkingStepSummary } | undefined;
  return {
    async reconcile() {
      // Nothing to compare with before the first run: the digest would be computed for nothing.
      const before = last === undefined ? undefined : await options.fingerprint?.();
      if (before !== undefined && last?.fingerprint === before) return { ...last.summary, written: 0 };
      const { result, written } = await service.run();
      const summary = {
        linked: result.links.length,
        suggested: result.suggestions.length,
        written: written.linksCreated + written.linksUpdated + written.linksRemoved + written.suggestions.inserted + written.suggestions.updated + written.suggestions.deleted,
      };
      const after = await options.fingerprint?.();
      last = after === undefined ? undefined : { fingerprint: after, summary };
      return summary;
    },
  };
}

/**
 * Identification over everything stored, once per sync. A re-sync that changed nothing
 * upstream leaves the service's inputs as the last run left them (its fingerprint says so):
 * the run — reading every agent, matching, diffing — would write nothing, and is skipped.
 * Not when identity scripts may still be due: a failed agent's backoff ends with time alone.
 */
export function identificationStep(service: IdentificationService, queries: ComputerQueries, options: { gatherIdentities: boolean }): IdentificationStep {
  let last: { fingerprint: string; summary: IdentificationStepSummary } | undefined;
  return {
    async identify({ onProgress }) {
      const mayReuse = last !== undefined && !(options.gatherIdentities && last.summary.needsIdentity > 0);
      if (mayReuse && last?.fingerprint === (await service.inputFingerprint())) {
        onProgress?.(last.summary.agents, last.summary.agents);
        return { ...last.summary, identityScriptsRun: 0, written: 0 };
      }
      const summary = await identifyAll(service, queries, options, onProgress);
      last = { fingerprint: await service.inputFingerprint(), summary };
      return summary;
    },
  };
}

async function identifyAll(
  service: IdentificationService,
  queries: ComputerQueries,
  options: { gatherIdentities: boolean },
  onProgress: ((done: number, total: number) => void) | undefined,
): Promise<IdentificationStepSummary> {
  let run: IdentificationRunSummary;
  let scripts = 0;
  if (options.gatherIdentities) {
    const gathered = await service.gatherIdentities();
    run = gathered.run;
    scripts = gathered.attempted;
  } else {
    run = await service.run();
  }
  onProgress?.(run.agents, run.agents);
  return summarise(run, run.agents, scripts, (await queries.listConflicts({ status: 'open' })).length);
}

function summarise(run: IdentificationRunSummary, agents: number, scripts: number, openConflicts: number): IdentificationStepSummary {
  return {
    agents,
    computers: run.computers,
    conflicts: openConflicts,
    needsIdentity: run.needsIdentity,
    identityScriptsRun: scripts,
    written:
      run.computersCreated + run.computersUpdated + run.computersRetired + run.linksWritten + run.linksRemoved + run.conflictsOpened + run.conflictsCleared + run.lifecycleEvents,
  };
}
