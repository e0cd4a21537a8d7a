/**
 * What the HTTP API reads and keeps: API tokens (only a hash of the secret, names unique among
 * live tokens, revoked ones still listed) and the keyset pages of computers, of the conflict
 * queue and of the audit log that keep a list fast at any fleet size.
 */
import type { ConflictRecord, Store } from '@rmm-hub/core';
import { describe, expect, it } from 'vitest';

import type { SuiteContext } from '../suite-context.js';
import { AT, LATER, agentLink, computer, seedFleet } from '../fleet.js';

const token = (id: string, name: string, createdAt = AT) => ({ id, name, role: 'viewer' as const, createdAt, secretHash: `hash-${id}` });

/** Computers whose names differ only in case and sort differently by code point, across two tenants. */
async function namedComputers(store: Store): Promise<void> {
  await seedFleet(store);
  await store.computers.upsertComputers([
    computer('k1', 'ta', { name: 'beta' }),
    computer('k2', 'ta', { name: 'Alpha' }),
    computer('k3', 'tb', { name: 'alpha' }),
    computer('k4', 'ta', { name: 'ALPINE', retiredAt: LATER }),
    computer('k5', 'ta', { name: 'Gamma' }),
  ]);
  await store.computers.upsertLinks([agentLink('nc', '1', 'k2'), agentLink('nc', '2', 'k2', { flags: 3 }), agentLink('nc', '4', 'k3')]);
  const conflict: ConflictRecord = {
    id: 'x1', kind: 'cross-tenant', tenantIds: ['ta', 'tb'], key: 'uuid=U-1', computerIds: ['k2', 'k3'], ambiguousAgents: [],
    detail: 'same UUID in two tenants', status: 'open', firstSeenAt: AT, updatedAt: AT,
  };
  await store.computers.upsertConflicts([conflict, { ...conflict, id: 'x2', status: 'cleared' }]);
}

export function describeHttpApi(ctx: SuiteContext): void {
  describe('API tokens', () => {
    it('are found by their secret hash, never give it back, and keep names unique among live tokens', async () => {
      const store = await ctx.fresh();
      await store.apiTokens.create(token('t1', 'ops'));
      await store.apiTokens.create(token('t2', 'ci', LATER));
      expect(await store.apiTokens.findBySecretHash('hash-t1')).toEqual({ id: 't1', name: 'ops', role: 'viewer', createdAt: AT });
      expect(await store.apiTokens.findBySecretHash('hash-none')).toBeUndefined();
      await expect(store.apiTokens.create(token('t3', 'ops'))).rejects.toMatchObject({ code: 'RMM_ERR_USAGE' });
      expect(JSON.stringify(await store.apiTokens.list())).not.toContain('hash-');
      expect((await store.apiTokens.list()).map((t) => t.id)).toEqual(['t1', 't2']);
    });

    it('stay listed once revoked, free their name, and record their last use', async () => {
      const store = await ctx.fresh();
      await store.apiTokens.create(token('t1', 'ops'));
      await store.apiTokens.touch('t1', LATER);
      expect(await store.apiTokens.revoke('ops', LATER)).toMatchObject({ id: 't1', revokedAt: LATER, lastUsedAt: LATER });
      expect(await store.apiTokens.revoke('ops', LATER)).toBeUndefined();
      await store.apiTokens.create(token('t2', 'ops', LATER));
      expect(await store.apiTokens.revoke('t1', '2030-01-01T00:00:00.000Z')).toMatchObject({ revokedAt: LATER });
      expect((await store.apiTokens.list()).map((t) => [t.id, t.revokedAt])).toEqual([['t1', LATER], ['t2', undefined]]);
    });
  });

  describe('pages', () => {
    it('list computers by name without case, then id, with their counts, resuming after the last one', async () => {
      const store = await ctx.fresh();
      await namedComputers(store);
      const first = await store.computers.page({ limit: 2 });
      expect(first.map((c) => c.id)).toEqual(['k2', 'k3']);
      expect(first[0]).toMatchObject({ agents: 2, staleAgents: 1, needsIdentity: 1, openConflicts: 1 });
      const rest = await store.computers.page({ limit: 10, after: { name: first[1]!.name, id: first[1]!.id } });
      expect(rest.map((c) => c.id)).toEqual(['k1', 'k5']);
      expect(rest[0]).toMatchObject({ agents: 0, staleAgents: 0, needsIdentity: 0, openConflicts: 0 });
      expect((await store.computers.page({ limit: 10, includeRetired: true })).map((c) => c.id)).toEqual(['k2', 'k3', 'k4', 'k1', 'k5']);
      expect((await store.computers.page({ limit: 10, search: 'ALP', includeRetired: true, tenantId: 'ta' })).map((c) => c.id)).toEqual(['k2', 'k4']);
    });

    it('list the conflict queue by id, filtered by status, tenant and kind, resuming after the last one', async () => {
      const store = await ctx.fresh();
      const conflict = (id: string, kind: string, tenantIds: string[], status: ConflictRecord['status'], firstSeenAt = AT): ConflictRecord => ({
        id, kind, tenantIds, key: `uuid=${id}`, computerIds: [], ambiguousAgents: [], detail: '', status, firstSeenAt, updatedAt: LATER,
      });
      // Seen in the reverse of id order, so id order is not the order of first sight.
      await store.computers.upsertConflicts([
        conflict('q5', 'clone', ['ta'], 'open', AT),
        conflict('q4', 'cross-tenant', ['ta', 'tb'], 'open', LATER),
        conflict('q3', 'clone', ['tb'], 'resolved', LATER),
        conflict('q2', 'clone', ['tb'], 'open', LATER),
        conflict('q1', 'reinstall', ['ta'], 'cleared', LATER),
      ]);
      const ids = async (query: Parameters<Store['computers']['conflictPage']>[0]): Promise<string[]> => (await store.computers.conflictPage(query)).map((c) => c.id);
      expect(await ids({ status: 'open', limit: 2 })).toEqual(['q2', 'q4']);
      expect(await ids({ status: 'open', after: 'q4', limit: 2 })).toEqual(['q5']);
      expect(await ids({ limit: 10, after: 'q1' })).toEqual(['q2', 'q3', 'q4', 'q5']);
      expect(await ids({ tenantId: 'tb', limit: 10 })).toEqual(['q2', 'q3', 'q4']);
      expect(await ids({ status: 'open', tenantId: 'ta', kind: 'clone', limit: 10 })).toEqual(['q5']);
      expect(await ids({ tenantId: 't-none', limit: 10 })).toEqual([]);
      expect(await store.computers.conflictPage({ status: 'open', limit: 1 })).toEqual([conflict('q2', 'clone', ['tb'], 'open', LATER)]);
    });

    it('list the audit log newest first, filtered, before a sequence number', async () => {
      const store = await ctx.fresh();
      const entries = [];
      for (const [actor, action] of [['alice', 'link:accept'], ['bob', 'link:reject'], ['alice', 'link:reject'], ['alice', 'link:accept']] as const) {
        entries.push(await store.audit.append({ actor, action, subject: 'client:nc/1', details: {}, at: AT }));
      }
      const seqs = entries.map((e) => e.seq);
      expect((await store.audit.page({ limit: 2 })).map((e) => e.seq)).toEqual([seqs[3], seqs[2]]);
      expect((await store.audit.page({ limit: 10, beforeSeq: seqs[2] })).map((e) => e.seq)).toEqual([seqs[1], seqs[0]]);
      expect((await store.audit.page({ limit: 10, actor: 'alice', action: 'link:reject' })).map((e) => e.seq)).toEqual([seqs[2]]);
      expect(await store.audit.page({ limit: 10, subject: 'client:other' })).toEqual([]);
    });
  });

  describe('the dashboard', () => {
    it('counts open conflicts by kind, leaving out cleared and resolved ones', async () => {
      const store = await ctx.fresh();
      expect(await store.computers.openConflictCounts()).toEqual({});
      await namedComputers(store);
      const [open] = await store.computers.listConflicts({ status: 'open' });
      await store.computers.upsertConflicts([
        { ...open!, id: 'x3', kind: 'clone' },
        { ...open!, id: 'x4', kind: 'clone' },
        { ...open!, id: 'x5', kind: 'clone', status: 'resolved', resolution: 'merge', resolvedBy: 'alice', resolvedAt: LATER },
      ]);
      expect(await store.computers.openConflictCounts()).toEqual({ 'cross-tenant': 1, clone: 2 });
    });
  });
}
