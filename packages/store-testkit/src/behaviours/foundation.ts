/**
 * The foundation tables the sync writes: integrations, tenants, clients and agents. Upserts are
 * idempotent (the same input twice changes nothing the second time, and `changes()` says so),
 * a complete listing marks the rest gone without deleting it, and listings come in a stable order.
 */
import type { HealthReport, IdentifiedAgent } from '@rmm-hub/core';
import { collect } from '@rmm-hub/core';
import { describe, expect, it } from 'vitest';

import type { SuiteContext } from '../suite-context.js';
import { agent, AT, client, LATER, seedFoundation } from '../fleet.js';

export function describeFoundation(ctx: SuiteContext): void {
  describe('integrations', () => {
    it('are written once: an unchanged upsert writes nothing, a changed one updates', async () => {
      const store = await ctx.fresh();
      await store.integrations.upsert({ id: 'nc', pluginId: 'ncentral', displayName: 'N-central', enabled: true });
      const before = await store.changes();
      await store.integrations.upsert({ id: 'nc', pluginId: 'ncentral', displayName: 'N-central', enabled: true });
      expect(await store.changes()).toBe(before);
      await store.integrations.upsert({ id: 'nc', pluginId: 'ncentral', displayName: 'N-central EU', enabled: false });
      expect(await store.integrations.get('nc')).toMatchObject({ displayName: 'N-central EU', enabled: false });
      expect(await store.integrations.get('missing')).toBeUndefined();
    });

    it('keep their last health and sync, and list in id order', async () => {
      const store = await ctx.fresh();
      for (const id of ['zz', 'nc', 'cw']) await store.integrations.upsert({ id, pluginId: id, displayName: id, enabled: true });
      const health: HealthReport = { status: 'healthy', checks: [{ name: 'api', status: 'pass', message: 'ok' }], checkedAt: AT } as HealthReport;
      await store.integrations.recordHealth('nc', health);
      await store.integrations.recordSync('nc', LATER);
      expect(await store.integrations.get('nc')).toMatchObject({ lastHealth: health, lastSyncAt: LATER });
      await store.integrations.upsert({ id: 'nc', pluginId: 'nc', displayName: 'renamed', enabled: true });
      expect(await store.integrations.get('nc')).toMatchObject({ lastHealth: health, lastSyncAt: LATER });
      expect((await store.integrations.list()).map((i) => i.id)).toEqual(['cw', 'nc', 'zz']);
    });
  });

  describe('tenants', () => {
    it('say whether an upsert changed anything, keep their creation time, and list in id order', async () => {
      const store = await ctx.fresh();
      expect(await store.tenants.upsert({ id: 'tb', name: 'Beta', domains: ['Beta.example', 'a.example'], isMsp: false, createdAt: AT })).toBe(true);
      const before = await store.changes();
      expect(await store.tenants.upsert({ id: 'tb', name: 'Beta', domains: ['a.example', 'beta.example'], isMsp: false, createdAt: LATER })).toBe(false);
      expect(await store.changes()).toBe(before);
      expect(await store.tenants.upsert({ id: 'tb', name: 'Beta Ltd', domains: ['a.example'], isMsp: false })).toBe(true);
      await store.tenants.upsert({ id: 'ta', name: 'MSP', psaCompanyId: '42', domains: [], isMsp: true, createdAt: AT });
      expect(await store.tenants.get('tb')).toEqual({ id: 'tb', name: 'Beta Ltd', psaCompanyId: undefined, domains: ['a.example'], isMsp: false, createdAt: AT });
      expect(await store.tenants.list()).toEqual([
        { id: 'ta', name: 'MSP', psaCompanyId: '42', domains: [], isMsp: true, createdAt: AT },
        expect.objectContaining({ id: 'tb' }),
      ]);
    });

    it('keep domains lower-cased and sorted', async () => {
      const store = await ctx.fresh();
      await store.tenants.upsert({ id: 't', name: 'T', domains: ['B.example', 'a.example'], isMsp: false, createdAt: AT });
      expect((await store.tenants.get('t'))?.domains).toEqual(['a.example', 'b.example']);
    });
  });

  describe('clients', () => {
    it('are upserted idempotently: the same listing twice counts every client unchanged and writes nothing', async () => {
      const store = await ctx.fresh();
      await seedFoundation(store);
      const listing = [client('c1'), client('c2'), client('c4', 'New')];
      expect(await store.clients.upsertMany('nc', listing, LATER)).toEqual({ inserted: 1, updated: 0, unchanged: 2 });
      const before = await store.changes();
      expect(await store.clients.upsertMany('nc', listing, LATER)).toEqual({ inserted: 0, updated: 0, unchanged: 3 });
      expect(await store.changes()).toBe(before);
    });

    it('update only what changed, keeping when each was first seen', async () => {
      const store = await ctx.fresh();
      await seedFoundation(store);
      const renamed = { ...client('c1', 'Renamed'), parentId: 'c2', hints: { psaCompanyId: '7', domains: ['x.example'], externalIds: { psa: '7' } } };
      expect(await store.clients.upsertMany('nc', [renamed, client('c2')], LATER)).toEqual({ inserted: 0, updated: 1, unchanged: 1 });
      expect(await store.clients.get('nc', 'c1')).toEqual({ ...renamed, integrationId: 'nc', firstSeenAt: AT, goneAt: undefined });
      expect(await store.clients.get('cw', 'c1')).toMatchObject({ name: 'Client c1' });
      expect(await store.clients.get('nc', 'missing')).toBeUndefined();
    });

    it('are marked gone after a complete listing without them (never deleted), and come back when listed again', async () => {
      const store = await ctx.fresh();
      await seedFoundation(store);
      expect(await store.clients.markGone('nc', new Set(['c1']), LATER)).toBe(2);
      expect(await store.clients.markGone('nc', new Set(['c1']), LATER)).toBe(0);
      expect((await store.clients.list({ integrationId: 'nc' })).map((c) => c.id)).toEqual(['c1']);
      expect((await store.clients.list({ integrationId: 'nc', includeGone: true })).map((c) => [c.id, c.goneAt])).toEqual([['c1', undefined], ['c2', LATER], ['c3', LATER]]);
      expect((await store.clients.list({ integrationId: 'cw' })).map((c) => c.id)).toEqual(['c1', 'c2', 'c3']);
      expect(await store.clients.upsertMany('nc', [client('c2')], LATER)).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
      expect(await store.clients.get('nc', 'c2')).toMatchObject({ goneAt: undefined, firstSeenAt: AT });
    });

    it('list in integration and client order', async () => {
      const store = await ctx.fresh();
      await seedFoundation(store);
      await store.clients.upsertMany('nc', [client('c10'), client('C0'), client('b')], AT);
      expect((await store.clients.list()).map((c) => `${c.integrationId}/${c.id}`)).toEqual(['cw/c1', 'cw/c2', 'cw/c3', 'nc/C0', 'nc/b', 'nc/c1', 'nc/c10', 'nc/c2', 'nc/c3']);
    });
  });

  describe('agents', () => {
    it('are upserted idempotently, and every field round-trips', async () => {
      const store = await ctx.fresh();
      await seedFoundation(store);
      const full: IdentifiedAgent = {
        id: '1', clientId: 'c1', siteId: 's1', hostname: 'pc-1.corp.local', os: 'Windows 11', online: false, lastSeen: AT, canRunScripts: false,
        identity: { smbiosUuid: 'U-1', serialNumber: 'SN 1', boardSerial: 'B1', manufacturer: 'Dell Inc.', model: 'OptiPlex', macAddresses: ['00:11:22:33:44:55'], osInstallDate: AT },
      };
      const listing = [full, agent('2', 'c1')];
      expect(await store.agents.upsertMany('nc', listing, AT)).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
      const before = await store.changes();
      expect(await store.agents.upsertMany('nc', listing, LATER)).toEqual({ inserted: 0, updated: 0, unchanged: 2 });
      expect(await store.changes()).toBe(before);
      expect(await store.agents.get('nc', '1')).toEqual({ ...full, integrationId: 'nc', firstSeenAt: AT, goneAt: undefined });
    });

    it('update every field of a changed agent, keeping when it was first seen', async () => {
      const store = await ctx.fresh();
      await seedFoundation(store);
      await store.agents.upsertMany('nc', [agent('7', 'c1')], AT);
      const changed: IdentifiedAgent = { id: '7', clientId: 'c2', siteId: 's2', hostname: 'PC-7b', os: 'Linux', online: false, lastSeen: AT, canRunScripts: false, identity: { macAddresses: [], serialNumber: 'SN' } };
      expect(await store.agents.upsertMany('nc', [changed], LATER)).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
      expect(await store.agents.get('nc', '7')).toEqual({ ...changed, integrationId: 'nc', firstSeenAt: AT, goneAt: undefined });
    });

    it('keep when their identity was read and against what, as bookkeeping that leaves the agent unchanged', async () => {
      const store = await ctx.fresh();
      await seedFoundation(store);
      const one = agent('1', 'c1');
      await store.agents.upsertMany('nc', [one, agent('2', 'c1')], AT);
      await store.agents.recordIdentityChecks('nc', [{ agentId: '1', basis: 'basis-1' }, { agentId: 'unknown', basis: 'x' }], LATER);
      const stored = await store.agents.identitiesOf('nc', ['1', '2', 'unknown']);
      expect(stored.get('1')).toEqual({ identity: one.identity, checkedAt: LATER, basis: 'basis-1' });
      expect(stored.get('2')).toEqual({ identity: agent('2', 'c1').identity, checkedAt: undefined, basis: undefined });
      expect(stored.has('unknown')).toBe(false);
      expect(await store.agents.upsertMany('nc', [one], LATER)).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
      expect(await store.agents.get('nc', '1')).toEqual({ ...one, integrationId: 'nc', firstSeenAt: AT, goneAt: undefined });
    });

    it('are unchanged when written back with the identity the store gave for them, whatever order its members were listed in', async () => {
      const store = await ctx.fresh();
      await seedFoundation(store);
      // The sync reads an identity not due for a refresh from the store and writes it back with the listing.
      const listed = agent('1', 'c1', { identity: { serialNumber: 'SN-1', macAddresses: ['001A2B3C4D5E'], manufacturer: 'Dell Inc.', smbiosUuid: 'U-1' } });
      await store.agents.upsertMany('nc', [listed], AT);
      const { identity } = (await store.agents.identitiesOf('nc', ['1'])).get('1')!;
      expect(await store.agents.upsertMany('nc', [{ ...listed, identity }], AT)).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
    });

    it('are not rewritten when only their last check-in moved, by no more than the presence resolution', async () => {
      const store = await ctx.fresh();
      await seedFoundation(store);
      const seen = (iso: string, overrides: Partial<IdentifiedAgent> = {}): IdentifiedAgent => agent('1', 'c1', { lastSeen: iso, ...overrides });
      await store.agents.upsertMany('nc', [seen('2026-01-01T10:00:00.000Z')], AT);
      const before = await store.changes();
      expect(await store.agents.upsertMany('nc', [seen('2026-01-01T10:05:00.000Z')], LATER)).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
      expect(await store.changes()).toBe(before);
      expect(await store.agents.get('nc', '1')).toMatchObject({ lastSeen: '2026-01-01T10:00:00.000Z' });
      expect(await store.agents.upsertMany('nc', [seen('2026-01-01T11:00:00.000Z')], LATER)).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
      expect(await store.agents.get('nc', '1')).toMatchObject({ lastSeen: '2026-01-01T11:00:00.000Z' });
      expect(await store.agents.upsertMany('nc', [seen('2026-01-01T11:01:00.000Z', { online: false })], LATER)).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
      expect(await store.agents.get('nc', '1')).toMatchObject({ lastSeen: '2026-01-01T11:01:00.000Z', online: false });
      expect(await store.agents.upsertMany('nc', [seen('2026-01-01T11:01:00.000Z', { lastSeen: undefined, online: false })], LATER)).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    });

    it('are marked gone only among the clients a complete listing covered, and come back when listed again', async () => {
      const store = await ctx.fresh();
      await seedFoundation(store);
      await store.agents.upsertMany('nc', [agent('1', 'c1'), agent('2', 'c1'), agent('3', 'c2')], AT);
      await store.agents.upsertMany('cw', [agent('2', 'c1')], AT);
      expect(await store.agents.markGone('nc', [], new Set(), LATER)).toBe(0);
      expect(await store.agents.markGone('nc', ['c1'], new Set(['1']), LATER)).toBe(1);
      expect(await store.agents.markGone('nc', ['c1'], new Set(['1']), LATER)).toBe(0);
      expect(await store.agents.get('nc', '2')).toMatchObject({ goneAt: LATER });
      expect(await store.agents.get('nc', '3')).toMatchObject({ goneAt: undefined });
      expect(await store.agents.get('cw', '2')).toMatchObject({ goneAt: undefined });
      expect(await store.agents.count({ integrationId: 'nc' })).toBe(2);
      expect(await store.agents.count({ integrationId: 'nc', includeGone: true })).toBe(3);
      expect(await store.agents.count()).toBe(3);
      expect(await store.agents.upsertMany('nc', [agent('2', 'c1')], LATER)).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
      expect(await store.agents.get('nc', '2')).toMatchObject({ goneAt: undefined, firstSeenAt: AT });
    });

    it('stream in integration and agent order, filtered by integration, client and presence', async () => {
      const store = await ctx.fresh();
      await seedFoundation(store);
      await store.agents.upsertMany('nc', [agent('9', 'c2'), agent('10', 'c1'), agent('1', 'c1')], AT);
      await store.agents.upsertMany('cw', [agent('5', 'c3')], AT);
      await store.agents.markGone('nc', ['c2'], new Set(), LATER);
      const ids = async (filter?: Parameters<typeof store.agents.iterate>[0]): Promise<string[]> =>
        (await collect(store.agents.iterate(filter))).map((a) => `${a.integrationId}/${a.id}`);
      expect(await ids()).toEqual(['cw/5', 'nc/1', 'nc/10']);
      expect(await ids({ includeGone: true })).toEqual(['cw/5', 'nc/1', 'nc/10', 'nc/9']);
      expect(await ids({ integrationId: 'nc', clientIds: ['c2'], includeGone: true })).toEqual(['nc/9']);
      expect(await ids({ clientIds: ['c1', 'c3'] })).toEqual(['cw/5', 'nc/1', 'nc/10']);
      expect(await ids({ clientIds: [] })).toEqual([]);
    });
  });
}
