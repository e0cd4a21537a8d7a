import { describe, expect, it } from 'vitest';

import type { IdentificationRunSummary, IdentifierValue } from '../identification/identification-service.js';
import { identificationRounds, type IdentificationRoundsOptions } from './identification-rounds.js';

const BULK: IdentifierValue = { kind: 'serial', value: 'SN-BULK' };
const CLONED: IdentifierValue = { kind: 'mac', value: '00:15:5D:00:00:01' };

/** A summary of a run that wrote `written` rows under `quarantined`. */
function summary(quarantined: IdentifierValue[], written: number): IdentificationRunSummary {
  return {
    computers: 0, computersCreated: written, computersUpdated: 0, computersRetired: 0, links: 0, linksWritten: 0, linksRemoved: 0, agentsMoved: 0,
    conflictsOpened: 0, conflictsCleared: 0, lifecycleEvents: 0, needsIdentity: 0, stale: 0,
    registryVersion: 'test', opId: undefined, durationMs: 0, phases: { surveyMs: 0, readMs: 0, identifyMs: 0, writeMs: 0 },
    agents: 0, conflicts: [], quarantined, needsIdentityAgents: [], inputFingerprint: 'after',
  };
}

/**
 * Rounds over a stand-in service: each call identifies under the next quarantine of `quarantines`
 * (the last one from then on), counts every tenant as 2 agents and 1 computer, and `holders` says
 * which tenant holds which values.
 */
function rounds(quarantines: IdentifierValue[][], holders: Record<string, IdentifierValue[]>) {
  const calls: string[][] = [];
  const service: IdentificationRoundsOptions['service'] = {
    identifyTenants: async (tenantIds, options) => {
      const ids = [...tenantIds].sort();
      calls.push(ids);
      for (const id of ids) options?.onTenant?.(id, { agents: 2, computers: 1, needsIdentity: 0 });
      return summary(quarantines[Math.min(calls.length - 1, quarantines.length - 1)] ?? [], ids.length);
    },
    tenantsHolding: async (values, tenantIds) => {
      const keys = new Set(values.map((v) => `${v.kind}:${v.value}`));
      return [...tenantIds].filter((id) => (holders[id] ?? []).some((v) => keys.has(`${v.kind}:${v.value}`))).sort();
    },
    inputFingerprint: async () => 'before',
  };
  let changes = 0;
  const memo: { fingerprint?: string } = {};
  const tenants = Object.keys(holders);
  const store = {
    links: { listLinks: async () => tenants.map((tenantId) => ({ tenantId })) },
    computers: { tenantsWithActiveComputers: async () => [] },
    changes: async () => ++changes,
  } as unknown as IdentificationRoundsOptions['store'];
  const subject = identificationRounds({
    service,
    queries: { listConflicts: async () => [] },
    memos: { identificationMemo: async () => undefined, recordIdentificationMemo: async (m) => void (memo.fingerprint = m.fingerprint) },
    store,
    whole: () => Promise.reject(new Error('no round ran')),
    at: '2025-06-01T00:00:00.000Z',
  });
  return { subject, calls, memo };
}

describe('identificationRounds', () => {
  it('identifies again only the tenants of a round that hold a value whose quarantine moved after it', async () => {
    // Round 1 under no quarantine, round 2 once SN-BULK reached the threshold, the final pass
    // (tc, whose listing fed no round) under the same.
    const { subject, calls, memo } = rounds([[], [BULK], [BULK]], { ta: [BULK], tb: [], tc: [], td: [BULK] });
    await subject.round(new Set(['ta', 'tb']));
    await subject.round(new Set(['td']));
    const result = await subject.finish();
    // ta held SN-BULK when round 1 identified it without the quarantine; tb holds nothing that moved;
    // td was identified under the final quarantine already.
    expect(calls).toEqual([['ta', 'tb'], ['td'], ['tc'], ['ta']]);
    // Each tenant counted once, as its latest pass found it; rows counted every time they were written.
    expect(result).toMatchObject({ agents: 8, computers: 4, written: 5 });
    expect(memo.fingerprint).toBe('after');
  });

  it('identifies again the holders of a value released after a round, as of one quarantined after it', async () => {
    const { subject, calls } = rounds([[CLONED], [BULK]], { ta: [CLONED], tb: [BULK], tc: [] });
    await subject.round(new Set(['ta', 'tb', 'tc']));
    await subject.finish();
    expect(calls).toEqual([['ta', 'tb', 'tc'], [], ['ta', 'tb']]);
  });

  it('identifies nobody again when every round saw the final quarantine', async () => {
    const { subject, calls } = rounds([[BULK]], { ta: [BULK], tb: [] });
    await subject.round(new Set(['ta']));
    await subject.finish();
    expect(calls).toEqual([['ta'], ['tb']]);
  });
});
