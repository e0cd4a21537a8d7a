/**
 * One sync's identification in rounds, as its listings finish tenants (`TenantRounds`), ending
 * where one run over the whole fleet at the end of the sync would:
 *
 * - a round whose store is still as the last whole identification left it (the memo's
 *   fingerprint, see `engine-steps.ts`) is skipped: a re-sync with nothing changed identifies
 *   nothing, and its summary is the memo's;
 * - the final pass identifies every tenant no round did: one whose client was unlinked (its
 *   computers are retired), one only another integration's listing would feed, one skipped
 *   or failed above;
 * - a tenant's computers depend on the rest of the fleet only through the values quarantined
 *   for being on too many machines, which later listings can change; the tenants of a round
 *   whose quarantine differs from the final one are identified again.
 */
import type { ComputerQueries } from '../identification/computer-queries.js';
import type { IdentificationRunSummary, IdentificationService } from '../identification/identification-service.js';
import type { Store } from '../store/store.js';
import type { IdentificationMemos, IdentificationStepSummary, TenantRounds } from './sync-steps.js';

export interface IdentificationRoundsOptions {
  service: Pick<IdentificationService, 'identifyTenants' | 'inputFingerprint'>;
  queries: Pick<ComputerQueries, 'listConflicts'>;
  memos: IdentificationMemos;
  /** Where the final pass finds every tenant: linked clients' tenants and tenants with computers. */
  store: Pick<Store, 'links' | 'computers' | 'changes'>;
  /** Identification over everything at once, memo first: the sync's end when no round ran. */
  whole: () => Promise<IdentificationStepSummary>;
  at: string;
}

/** A pass that ran: what it counted, for the summary, and the quarantine it was identified under. */
interface Pass {
  tenantIds: ReadonlySet<string>;
  quarantine: string;
  agents: number;
  computers: number;
  needsIdentity: number;
}

export function identificationRounds(options: IdentificationRoundsOptions): TenantRounds {
  const { service, memos } = options;
  let memoFingerprint: Promise<string | undefined> | undefined;
  /** The store's change count when its digest last matched the memo's. */
  let unchangedAt: number | undefined;
  const passes: Pass[] = [];
  const identified = new Set<string>();
  let written = 0;

  const run = async (tenantIds: ReadonlySet<string>, fingerprint: boolean): Promise<IdentificationRunSummary> => {
    const summary = await service.identifyTenants(tenantIds, { fingerprint });
    passes.push({ tenantIds, quarantine: JSON.stringify(summary.quarantined), agents: summary.agents, computers: summary.computers, needsIdentity: summary.needsIdentity });
    for (const tenantId of tenantIds) identified.add(tenantId);
    written += writtenBy(summary);
    return summary;
  };

  return {
    async round(tenantIds) {
      if (passes.length === 0) {
        // The digest reads every agent: taken again only once rows have changed since it matched.
        const changes = await options.store.changes();
        if (changes === unchangedAt) return;
        memoFingerprint ??= memos.identificationMemo().then((memo) => memo?.fingerprint);
        const unchanged = await memoFingerprint;
        if (unchanged !== undefined && unchanged === (await service.inputFingerprint())) {
          unchangedAt = changes;
          return;
        }
      }
      await run(tenantIds, false);
    },

    async finish() {
      if (passes.length === 0) return options.whole();
      const everyTenant = new Set([...(await options.store.links.listLinks()).map((l) => l.tenantId), ...(await options.store.computers.tenantsWithActiveComputers())]);
      let last = await run(new Set([...everyTenant].filter((tenantId) => !identified.has(tenantId))), true);
      const final = JSON.stringify(last.quarantined);
      const drifted = passes.filter((p) => p.quarantine !== final);
      if (drifted.length > 0) {
        for (const pass of drifted) passes.splice(passes.indexOf(pass), 1);
        last = await run(new Set(drifted.flatMap((p) => [...p.tenantIds])), true);
      }
      const sum = (key: 'agents' | 'computers' | 'needsIdentity'): number => passes.reduce((n, p) => n + p[key], 0);
      const summary: IdentificationStepSummary = {
        agents: sum('agents'),
        computers: sum('computers'),
        conflicts: (await options.queries.listConflicts({ status: 'open' })).length,
        needsIdentity: sum('needsIdentity'),
        identityScriptsRun: 0,
        written,
      };
      // What a later sync reports when its store is as this one leaves it (see `identificationStep`).
      const fingerprint = last.inputFingerprint ?? (await service.inputFingerprint());
      await memos.recordIdentificationMemo({ fingerprint, outcome: JSON.stringify({ ...summary, written: 0 }), at: options.at });
      return summary;
    },
  };
}

/** Rows a run wrote: what the sync reports as identification's share of `rowsWritten`. */
export function writtenBy(run: IdentificationRunSummary): number {
  return run.computersCreated + run.computersUpdated + run.computersRetired + run.linksWritten + run.linksRemoved + run.conflictsOpened + run.conflictsCleared + run.lifecycleEvents;
}
