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
 *   for being on too many machines, which later listings can change. A value quarantined
 *   under a round but not at the end, or the other way round, has moved: the tenants of that
 *   round holding it are identified again, and only they (the others would come out the same).
 */
import type { ComputerQueries } from '../identification/computer-queries.js';
import { identifierValueKey, type IdentificationRunSummary, type IdentificationService, type IdentifierValue, type TenantTally } from '../identification/identification-service.js';
import type { Store } from '../store/store.js';
import type { IdentificationMemos, IdentificationStepSummary, TenantRounds } from './sync-steps.js';

export interface IdentificationRoundsOptions {
  service: Pick<IdentificationService, 'identifyTenants' | 'inputFingerprint' | 'tenantsHolding'>;
  queries: Pick<ComputerQueries, 'listConflicts'>;
  memos: IdentificationMemos;
  /** Where the final pass finds every tenant: linked clients' tenants and tenants with computers. */
  store: Pick<Store, 'links' | 'computers' | 'changes'>;
  /** Identification over everything at once, memo first: the sync's end when no round ran. */
  whole: () => Promise<IdentificationStepSummary>;
  at: string;
}

/** A round that ran: its tenants, and the quarantine they were identified under. */
interface Pass {
  tenantIds: ReadonlySet<string>;
  quarantined: ReadonlyMap<string, IdentifierValue>;
}

export function identificationRounds(options: IdentificationRoundsOptions): TenantRounds {
  const { service, memos } = options;
  let memoFingerprint: Promise<string | undefined> | undefined;
  /** The store's change count when its digest last matched the memo's. */
  let unchangedAt: number | undefined;
  const passes: Pass[] = [];
  /** What the latest pass over each tenant counted: the summary's figures. */
  const tallies = new Map<string, TenantTally>();
  let written = 0;

  const run = async (tenantIds: ReadonlySet<string>, fingerprint: boolean): Promise<IdentificationRunSummary> => {
    const summary = await service.identifyTenants(tenantIds, { fingerprint, onTenant: (tenantId, tally) => tallies.set(tenantId, tally) });
    passes.push({ tenantIds, quarantined: byKey(summary.quarantined) });
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
      const identified = new Set(passes.flatMap((p) => [...p.tenantIds]));
      const everyTenant = new Set([...(await options.store.links.listLinks()).map((l) => l.tenantId), ...(await options.store.computers.tenantsWithActiveComputers())]);
      let last = await run(new Set([...everyTenant].filter((tenantId) => !identified.has(tenantId))), true);
      const moved = movedValues(passes.slice(0, -1), byKey(last.quarantined));
      if (moved.values.length > 0) {
        const again = await service.tenantsHolding(moved.values, moved.tenantIds);
        if (again.length > 0) last = await run(new Set(again), true);
      }
      const sum = (key: keyof TenantTally): number => [...tallies.values()].reduce((n, t) => n + t[key], 0);
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

/**
 * The values whose quarantine differs between a pass and the end (`final`), and the tenants of
 * the passes where any does: where to look for the tenants to identify again.
 */
function movedValues(passes: readonly Pass[], final: ReadonlyMap<string, IdentifierValue>): { values: IdentifierValue[]; tenantIds: Set<string> } {
  const moved = new Map<string, IdentifierValue>();
  const tenantIds = new Set<string>();
  for (const pass of passes) {
    const differ = [...onlyIn(pass.quarantined, final), ...onlyIn(final, pass.quarantined)];
    for (const [key, value] of differ) moved.set(key, value);
    if (differ.length > 0) for (const tenantId of pass.tenantIds) tenantIds.add(tenantId);
  }
  return { values: [...moved.values()], tenantIds };
}

function onlyIn(these: ReadonlyMap<string, IdentifierValue>, those: ReadonlyMap<string, IdentifierValue>): [string, IdentifierValue][] {
  return [...these].filter(([key]) => !those.has(key));
}

function byKey(values: readonly IdentifierValue[]): Map<string, IdentifierValue> {
  return new Map(values.map((value) => [identifierValueKey(value), value]));
}

/** Rows a run wrote: what the sync reports as identification's share of `rowsWritten`. */
export function writtenBy(run: IdentificationRunSummary): number {
  return run.computersCreated + run.computersUpdated + run.computersRetired + run.linksWritten + run.linksRemoved + run.conflictsOpened + run.conflictsCleared + run.lifecycleEvents;
}
