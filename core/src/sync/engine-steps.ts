/**
 * Adapters from the engine services to the sync's steps. Linking runs over every stored
 * client (it is one-to-one per integration anyway); identification runs once per sync over
 * every agent of a linked client, gathering identities by script first where it can. Both
 * skip a run their inputs show would change nothing.
 */
import type { ComputerQueries } from '../identification/computer-queries.js';
import type { IdentificationService, IdentificationRunSummary } from '../identification/identification-service.js';
import type { LinkingService } from '../linking/linking-service.js';
import type { IdentificationMemo } from '../identification/port/computer-repository.js';
import type { Store } from '../store/store.js';
import { identificationRounds, writtenBy } from './identification-rounds.js';
import type { IdentificationMemos, IdentificationStep, IdentificationStepSummary, LinkingStep, LinkingStepSummary } from './sync-steps.js';

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
 * The last run's fingerprint and outcome are kept in `memos` (the store's, so a sync in a new
 * process — each CLI sync — skips too; in this process only when not given).
 * Not when identity scripts may still be due: a failed agent's backoff ends with time alone.
 *
 * Given `store`, the sync identifies in rounds as its listings finish tenants (see
 * `identification-rounds.ts`) — except while gathering identities by script, which is done
 * over the whole fleet at once.
 */
export function identificationStep(
  service: IdentificationService,
  queries: ComputerQueries,
  options: { gatherIdentities: boolean; memos?: IdentificationMemos; store?: Pick<Store, 'links' | 'computers' | 'changes'> },
): IdentificationStep {
  const memos = options.memos ?? memosInProcess();
  const step: IdentificationStep = {
    rounds({ at }) {
      const { store } = options;
      if (store === undefined || options.gatherIdentities) return undefined;
      return identificationRounds({ service, queries, memos, store, at, whole: () => step.identify({ at }) });
    },
    async identify({ at, onProgress }) {
      const memo = await memos.identificationMemo();
      const last = memo === undefined ? undefined : (JSON.parse(memo.outcome) as IdentificationStepSummary);
      const mayReuse = last !== undefined && !(options.gatherIdentities && last.needsIdentity > 0);
      if (mayReuse && memo?.fingerprint === (await service.inputFingerprint())) {
        onProgress?.(last.agents, last.agents);
        return { ...last, identityScriptsRun: 0, written: 0 };
      }
      const { summary, fingerprint } = await identifyAll(service, queries, options, onProgress);
      // As a later sync would report it when reusing it; an unchanged memo is not written again.
      const outcome = JSON.stringify({ ...summary, identityScriptsRun: 0, written: 0 });
      if (memo?.fingerprint !== fingerprint || memo.outcome !== outcome) await memos.recordIdentificationMemo({ fingerprint, outcome, at });
      return summary;
    },
  };
  return step;
}

/** A memo kept by the step itself: reused within this process only. */
function memosInProcess(): IdentificationMemos {
  let kept: IdentificationMemo | undefined;
  return {
    identificationMemo: async () => kept,
    recordIdentificationMemo: async (memo) => {
      kept = memo;
    },
  };
}

async function identifyAll(
  service: IdentificationService,
  queries: ComputerQueries,
  options: { gatherIdentities: boolean },
  onProgress: ((done: number, total: number) => void) | undefined,
): Promise<{ summary: IdentificationStepSummary; fingerprint: string }> {
  let run: IdentificationRunSummary;
  let scripts = 0;
  if (options.gatherIdentities) {
    const gathered = await service.gatherIdentities(undefined, { fingerprint: true });
    run = gathered.run;
    scripts = gathered.attempted;
  } else {
    run = await service.run(undefined, { fingerprint: true });
  }
  onProgress?.(run.agents, run.agents);
  const summary = summarise(run, run.agents, scripts, (await queries.listConflicts({ status: 'open' })).length);
  // Reports of scripts that failed after the last run make it differ from what a later sync
  // reads: that sync runs again, which only costs time.
  return { summary, fingerprint: run.inputFingerprint ?? (await service.inputFingerprint()) };
}

function summarise(run: IdentificationRunSummary, agents: number, scripts: number, openConflicts: number): IdentificationStepSummary {
  return {
    agents,
    computers: run.computers,
    conflicts: openConflicts,
    needsIdentity: run.needsIdentity,
    identityScriptsRun: scripts,
    written: writtenBy(run),
  };
}
