/**
 * What people decided and what happened must outlive the process: decisions, links,
 * conflicts, the timeline, undoable operations, pins, sync runs and the audit log are there
 * again after the store is closed and opened anew. Only for stores that keep their data.
 */
import type { Store } from '@rmm-hub/core';
import { collect } from '@rmm-hub/core';
import { describe, expect, it } from 'vitest';

import type { SuiteContext } from '../suite-context.js';
import { agentLink, AT, computer, LATER, seedFleet } from '../fleet.js';

/** Every kind of record whose loss people would notice, read back the way the CLI reads it. */
async function snapshot(store: Store): Promise<unknown> {
  return {
    tenants: await store.tenants.list(),
    clients: await store.clients.list({ includeGone: true }),
    agents: await collect(store.agents.iterate({ includeGone: true })),
    links: await store.links.listLinks(),
    decisions: await store.links.listDecisions({ includeRevoked: true }),
    suggestions: await store.links.listSuggestions(),
    computers: await store.computers.list({ includeRetired: true }),
    agentLinks: await store.computers.linksOf('k1'),
    pins: await store.computers.listPins(),
    timeline: await store.computers.timeline('k1'),
    op: await store.computers.getOp('op1'),
    conflicts: await store.computers.listConflicts(),
    reports: await store.computers.listIdentityReports(),
    syncRuns: await store.syncRuns.list(),
    audit: await store.audit.list(),
    state: await store.integrationState.get('nc', 'step'),
    fingerprints: [await store.links.inputFingerprint(), await store.computers.inputFingerprint()],
  };
}

export function describePersistence(ctx: SuiteContext): void {
  describe('persistence', () => {
    const reopen = ctx.reopen;
    if (reopen === undefined) {
      // A store without `reopen` (the in-memory one) has nothing to keep across a close: listed as
      // skipped with that reason in its title, so it never reads as passed.
      it.skip('keeps everything across close and reopen (skipped: the store keeps nothing once closed)', () => undefined);
      return;
    }

    it('keeps decisions, conflicts, the timeline, the audit log and the rest across close and reopen', async () => {
      let store = await ctx.fresh();
      await seedFleet(store);
      await store.links.insertDecision({ id: 'd1', integrationId: 'nc', clientId: 'c1', kind: 'link', tenantId: 'ta', actor: 'alice', decidedAt: AT });
      await store.links.insertDecision({ id: 'd2', integrationId: 'nc', clientId: 'c2', kind: 'keep-separate', actor: 'alice', decidedAt: AT });
      await store.links.revokeDecision('d2', { actor: 'bob', at: LATER, reason: 'wrong client' });
      await store.links.replaceSuggestions([{ integrationId: 'cw', clientId: 'c1', tenantId: 'tb', score: 0.7, rank: 0, reasons: [] }]);
      await store.computers.upsertComputers([computer('k1'), computer('k2', 'ta', { retiredAt: LATER })]);
      await store.computers.upsertLinks([agentLink('nc', '1', 'k1'), agentLink('nc', '2', 'k1')]);
      await store.computers.setPins([{ integrationId: 'nc', agentId: '2', computerId: 'k1', opId: 'op1', at: LATER }]);
      await store.computers.appendTimeline([{ computerId: 'k1', at: LATER, kind: 'resolved', opId: 'op1', summary: 'kept together', details: { by: 'alice' } }]);
      await store.computers.recordOp({ id: 'op1', kind: 'resolve', actor: 'alice', at: LATER, summary: 'kept together' }, [{ entity: 'pin', key: 'nc/2', before: null, after: 'k1' }]);
      await store.computers.markOpUndone('op1', 'bob', LATER);
      await store.computers.upsertConflicts([{ id: 'x1', kind: 'clone', tenantIds: ['ta'], key: 'uuid=U', computerIds: ['k1'], ambiguousAgents: [], detail: 'd', status: 'resolved', resolution: 'split', resolvedBy: 'alice', resolvedAt: LATER, firstSeenAt: AT, updatedAt: LATER }]);
      await store.computers.upsertIdentityReports([{ integrationId: 'nc', agentId: '1', status: 'ok', identity: '{}', attempts: 1, at: AT }]);
      const run = await store.syncRuns.start('nc', AT, { pid: 1, host: 'h' });
      await store.syncRuns.finish(run.id, { status: 'partial', counts: { agents: 6 }, at: LATER });
      await store.audit.append({ actor: 'alice', action: 'link:accept', subject: 'client:nc/c1', details: { tenantId: 'ta' }, at: AT });
      await store.integrationState.update('nc', 'step', () => '42', AT);
      const before = await snapshot(store);
      store = await reopen(store);
      expect(await snapshot(store)).toEqual(before);
    });
  });
}
