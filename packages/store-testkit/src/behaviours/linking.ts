/**
 * What the linking engine keeps: tenant links (written only when they differ), decisions
 * (revoked once, never deleted), suggestions (replaced writing only the rows that differ), and a
 * fingerprint of everything a linking run reads and writes.
 */
import type { LinkSuggestionRecord } from '@rmm-hub/core';
import { describe, expect, it } from 'vitest';

import type { SuiteContext } from '../suite-context.js';
import { describeFingerprint } from './fingerprint-cases.js';
import { agent, agentLink, AT, client, computer, LATER, seedFoundation, tenantLink } from '../fleet.js';

const suggestion = (clientId: string, tenantId: string, rank: number, score = 0.8): LinkSuggestionRecord => ({
  integrationId: 'nc', clientId, tenantId, score, rank, reasons: [{ kind: 'name', weight: score, detail: 'similar names' }],
});

export function describeLinking(ctx: SuiteContext): void {
  describe('tenant links', () => {
    it('are written only when they differ, keep their creation time unless the tenant changes, and list in key order', async () => {
      const store = await ctx.fresh();
      await seedFoundation(store);
      expect(await store.links.putLink({ ...tenantLink('nc', 'c2', 'ta'), source: 'auto', score: 0.93 })).toBe(true);
      const before = await store.changes();
      expect(await store.links.putLink({ ...tenantLink('nc', 'c2', 'ta', LATER), source: 'auto', score: 0.93 })).toBe(false);
      expect(await store.changes()).toBe(before);
      expect(await store.links.putLink({ ...tenantLink('nc', 'c2', 'ta', LATER), source: 'manual' })).toBe(true);
      expect(await store.links.getLink('nc', 'c2')).toEqual({ ...tenantLink('nc', 'c2', 'ta'), score: undefined });
      expect(await store.links.putLink(tenantLink('nc', 'c2', 'tb', LATER))).toBe(true);
      expect(await store.links.getLink('nc', 'c2')).toMatchObject({ tenantId: 'tb', createdAt: LATER });
      await store.links.putLink(tenantLink('cw', 'c3', 'ta'));
      await store.links.putLink(tenantLink('nc', 'c1', 'ta'));
      expect((await store.links.listLinks()).map((l) => `${l.integrationId}/${l.clientId}`)).toEqual(['cw/c3', 'nc/c1', 'nc/c2']);
      expect((await store.links.listLinks({ tenantId: 'ta' })).map((l) => `${l.integrationId}/${l.clientId}`)).toEqual(['cw/c3', 'nc/c1']);
      expect((await store.links.listLinks({ integrationId: 'nc', tenantId: 'tb' })).map((l) => l.clientId)).toEqual(['c2']);
    });

    it('are removed, giving back what was removed', async () => {
      const store = await ctx.fresh();
      await seedFoundation(store);
      await store.links.putLink(tenantLink('nc', 'c1', 'ta'));
      expect(await store.links.removeLink('nc', 'c1')).toEqual({ ...tenantLink('nc', 'c1', 'ta'), score: undefined });
      expect(await store.links.removeLink('nc', 'c1')).toBeUndefined();
      expect(await store.links.getLink('nc', 'c1')).toBeUndefined();
    });
  });

  describe('link decisions', () => {
    it('are kept, listed oldest first, and revoked once, never deleted', async () => {
      const store = await ctx.fresh();
      const decide = (id: string, decidedAt: string, clientId = 'c1') =>
        store.links.insertDecision({ id, integrationId: 'nc', clientId, kind: 'link', tenantId: 'ta', actor: 'alice', reason: 'known customer', decidedAt });
      expect(await decide('d2', LATER)).toEqual({ id: 'd2', integrationId: 'nc', clientId: 'c1', kind: 'link', tenantId: 'ta', actor: 'alice', reason: 'known customer', decidedAt: LATER });
      await decide('d1', LATER, 'c2');
      await decide('d3', AT);
      await store.links.insertDecision({ id: 'd4', integrationId: 'cw', clientId: 'c1', kind: 'keep-separate', actor: 'bob', decidedAt: AT });
      expect((await store.links.listDecisions()).map((d) => d.id)).toEqual(['d3', 'd4', 'd1', 'd2']);
      expect(await store.links.revokeDecision('d3', { actor: 'bob', at: LATER, reason: 'mistake' })).toBe(true);
      expect(await store.links.revokeDecision('d3', { actor: 'bob', at: LATER })).toBe(false);
      expect(await store.links.revokeDecision('nope', { actor: 'bob', at: LATER })).toBe(false);
      expect(await store.links.getDecision('d3')).toMatchObject({ revokedAt: LATER, revokedBy: 'bob', revokeReason: 'mistake', actor: 'alice' });
      expect(await store.links.getDecision('d4')).toMatchObject({ kind: 'keep-separate', tenantId: undefined, reason: undefined, revokedAt: undefined });
      expect((await store.links.listDecisions({ integrationId: 'nc' })).map((d) => d.id)).toEqual(['d1', 'd2']);
      expect((await store.links.listDecisions({ integrationId: 'nc', clientId: 'c1', includeRevoked: true })).map((d) => d.id)).toEqual(['d3', 'd2']);
    });
  });

  describe('link suggestions', () => {
    it('are replaced writing only the rows that differ, and list by integration, client and rank', async () => {
      const store = await ctx.fresh();
      await seedFoundation(store);
      const first = [suggestion('c2', 'tb', 1, 0.7), suggestion('c2', 'ta', 0), suggestion('c1', 'ta', 0)];
      expect(await store.links.replaceSuggestions(first)).toEqual({ inserted: 3, updated: 0, deleted: 0, unchanged: 0 });
      const before = await store.changes();
      expect(await store.links.replaceSuggestions(first)).toEqual({ inserted: 0, updated: 0, deleted: 0, unchanged: 3 });
      expect(await store.changes()).toBe(before);
      expect((await store.links.listSuggestions()).map((s) => `${s.clientId}:${s.tenantId}`)).toEqual(['c1:ta', 'c2:ta', 'c2:tb']);
      expect(await store.links.replaceSuggestions([suggestion('c2', 'ta', 0, 0.9), suggestion('c3', 'tb', 0)])).toEqual({ inserted: 1, updated: 1, deleted: 2, unchanged: 0 });
      expect(await store.links.listSuggestions({ clientId: 'c2' })).toEqual([suggestion('c2', 'ta', 0, 0.9)]);
      expect((await store.links.listSuggestions({ integrationId: 'nc' })).map((s) => s.clientId)).toEqual(['c2', 'c3']);
      expect(await store.links.listSuggestions({ integrationId: 'cw' })).toEqual([]);
    });
  });

  describeFingerprint('the linking fingerprint', {
    seeded: async () => {
      const store = await ctx.fresh();
      await seedFoundation(store);
      await store.links.putLink(tenantLink('nc', 'c1', 'ta'));
      await store.agents.upsertMany('nc', [agent('1', 'c1'), agent('3', 'c2')], AT);
      await store.computers.upsertComputers([computer('k1')]);
      return store;
    },
    fingerprint: (store) => store.links.inputFingerprint(),
    unchanged: async (store) => {
      await store.clients.upsertMany('nc', [client('c1'), client('c2')], LATER);
      await store.links.putLink(tenantLink('nc', 'c1', 'ta'));
      await store.audit.append({ actor: 'alice', action: 'status:read', subject: 'hub', details: {} });
    },
    changes: [
      ['a client renamed', (s) => s.clients.upsertMany('nc', [client('c1', 'Renamed')], LATER)],
      ['a client gone', (s) => s.clients.markGone('cw', new Set(['c1', 'c2']), LATER)],
      ['a tenant renamed', (s) => s.tenants.upsert({ id: 'tb', name: 'Beta Ltd', domains: [], isMsp: false })],
      ['a decision', (s) => s.links.insertDecision({ id: 'd1', integrationId: 'nc', clientId: 'c2', kind: 'keep-separate', actor: 'alice', decidedAt: LATER })],
      ['a link', (s) => s.links.putLink(tenantLink('nc', 'c2', 'tb'))],
      ['a suggestion', (s) => s.links.replaceSuggestions([suggestion('c2', 'tb', 0)])],
      ['an unlinked client\'s agent identified as a computer', (s) => s.computers.upsertLinks([agentLink('nc', '3', 'k1')])],
    ],
  });
}
