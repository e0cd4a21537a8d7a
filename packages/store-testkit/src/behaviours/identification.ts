/**
 * What the identification engine reads and keeps: the live agents of linked clients with their
 * tenant and normalised identifiers; computers and agent links with their evidence; pins,
 * the timeline, undoable operations, conflicts and identity reports; and a fingerprint of
 * everything a run reads and writes.
 */
import { collect, identifiersOf, type ConflictRecord, type IdentifiedAgent, type SpreadQuery, type SpreadValue, type Store } from '@rmm-hub/core';
import { describe, expect, it } from 'vitest';

import type { SuiteContext } from '../suite-context.js';
import { describeFingerprint } from './fingerprint-cases.js';
import { agent, agentLink, AT, byAgent, computer, LATER, LATEST, seedFleet, tenantLink } from '../fleet.js';

const conflict = (id: string, firstSeenAt: string, overrides: Partial<ConflictRecord> = {}): ConflictRecord => ({
  id, kind: 'cross-tenant', tenantIds: ['ta', 'tb'], key: 'uuid=U-1', computerIds: ['k1', 'k2'], ambiguousAgents: [{ integrationId: 'nc', agentId: '1' }],
  detail: 'same UUID in two tenants', status: 'open', firstSeenAt, updatedAt: firstSeenAt, ...overrides,
});

/** Computers k1 (ta: nc/1, nc/2), k2 (ta: cw/5, retired) and k3 (tb: nc/4). */
async function identified(store: Store): Promise<void> {
  await seedFleet(store);
  await store.computers.upsertComputers([computer('k1'), computer('k2', 'ta', { retiredAt: LATER }), computer('k3', 'tb')]);
  await store.computers.upsertLinks([agentLink('nc', '1', 'k1'), agentLink('nc', '2', 'k1', { flags: 1 }), agentLink('cw', '5', 'k2'), agentLink('nc', '4', 'k3')]);
}

export function describeIdentification(ctx: SuiteContext): void {
  describe('agents as identification reads them', () => {
    it('are the live agents of linked clients, each with its tenant, across integrations, and nothing else', async () => {
      const store = await ctx.fresh();
      await seedFleet(store);
      await store.agents.markGone('nc', ['c1'], new Set(['1']), LATER);
      const linked = byAgent(await collect(store.agents.iterateLinked()));
      expect(linked.map((a) => `${a.tenantId}:${a.integrationId}/${a.agentId}`)).toEqual(['ta:cw/5', 'ta:nc/1', 'tb:nc/4']);
      const four = agent('4', 'c3');
      expect(linked[2]).toEqual({ tenantId: 'tb', integrationId: 'nc', agentId: '4', hostname: four.hostname, online: true, lastSeen: undefined, identity: four.identity, canRunScripts: true });
    });

    it("take their tenant from their site's link first, then their client's; a listed site's unseen agents go", async () => {
      const store = await ctx.fresh();
      await seedFleet(store);
      // c1 of nc has two sites: s1 linked to tb, s2 unlinked (its agents follow c1, linked to ta).
      await store.clients.upsertMany('nc', [{ id: 's1', name: 'Site 1', kind: 'site', parentId: 'c1', hints: { domains: [], externalIds: {} } }, { id: 's2', name: 'Site 2', kind: 'site', parentId: 'c1', hints: { domains: [], externalIds: {} } }, { id: 's3', name: 'Site 3', kind: 'site', parentId: 'c2', hints: { domains: [], externalIds: {} } }], AT);
      await store.links.putLink(tenantLink('nc', 's1', 'tb'));
      // c2 is not linked, its site s3 is.
      await store.links.putLink(tenantLink('nc', 's3', 'tb'));
      // 1 (in tb through its site) and 2 (in ta through its client) share a serial: a value in two tenants.
      const shared = { serialNumber: 'SHARED-1', macAddresses: [] };
      await store.agents.upsertMany('nc', [agent('1', 'c1', { siteId: 's1', identity: shared }), agent('2', 'c1', { siteId: 's2', identity: shared }), agent('3', 'c2', { siteId: 's3' }), agent('7', 'c2')], AT);
      const before = await store.computers.inputFingerprint();
      const expected = ['ta:nc/2', 'tb:nc/1', 'tb:nc/3', 'tb:nc/4', 'ta:cw/5'].sort();
      expect((await collect(store.agents.iterateLinked())).map((a) => `${a.tenantId}:${a.integrationId}/${a.agentId}`).sort()).toEqual(expected);
      // The survey counts each agent under the same tenant as the reads do.
      const spread = await store.agents.identifierSpread({ machines: 99, overrides: [] });
      expect(spread.filter((v) => v.kind === 'serial').map((v) => v.tenantIds)).toEqual([['ta', 'tb']]);
      expect(byAgent(await store.agents.linkedIdentifiersOf('tb')).map((a) => a.agentId)).toEqual(['1', '3', '4']);
      expect(byAgent(await store.agents.linkedIdentifiersOf('ta')).map((a) => `${a.integrationId}/${a.agentId}`)).toEqual(['cw/5', 'nc/2']);
      // Moving a site's link to another tenant is an input of identification.
      await store.links.putLink(tenantLink('nc', 's1', 'ta'));
      expect(await store.computers.inputFingerprint()).not.toBe(before);
      // A listing of site s3 alone marks its unseen agents gone, not the rest of c2's.
      expect(await store.agents.markGone('nc', ['s3'], new Set(), LATER)).toBe(1);
      expect((await store.agents.get('nc', '3'))?.goneAt).toBe(LATER);
      expect((await store.agents.get('nc', '7'))?.goneAt).toBeUndefined();
    });

    it('come with their identifiers normalised from the stored report, in full per tenant and as keys for the survey', async () => {
      const store = await ctx.fresh();
      await seedFleet(store);
      await store.agents.upsertMany('nc', [agent('4', 'c3', {
        hostname: 'pc-4.corp.local', online: false, lastSeen: AT, canRunScripts: false,
        identity: { smbiosUuid: '{6f9619ff-8b86-d011-b42d-00c04fc964ff}', serialNumber: ' ab  12 ', manufacturer: 'Dell Inc.', macAddresses: ['aa-bb-cc-dd-ee-ff', 'AA:BB:CC:DD:EE:FF'], osInstallDate: AT },
      })], LATER);
      const expected = byAgent(await collect(store.agents.iterateLinked())).map(({ identity, ...facts }) => ({ ...facts, ...identifiersOf(facts.hostname, identity) }));
      expect(byAgent([...(await store.agents.linkedIdentifiersOf('ta')), ...(await store.agents.linkedIdentifiersOf('tb'))])).toEqual(expected);
      expect(await store.agents.linkedIdentifiersOf('tb')).toEqual([expect.objectContaining({
        agentId: '4', host: 'PC-4', uuid: '6F9619FF-8B86-D011-B42D-00C04FC964FF', serial: 'AB 12', manufacturer: 'Dell Inc.', macs: ['AABBCCDDEEFF'], osInstallDate: AT, online: false, lastSeen: AT,
      })]);
      expect(await store.agents.linkedIdentifiersOf('nobody')).toEqual([]);
    });

    it('have their values counted by machines and tenants: what is on too many machines, what is in more than one tenant', async () => {
      const store = await ctx.fresh();
      await seedFleet(store);
      const shared = '11111111-2222-3333-4444-555555555555';
      const identity = (smbiosUuid: string | undefined, serialNumber: string | undefined, boardSerial?: string): IdentifiedAgent['identity'] =>
        ({ smbiosUuid, serialNumber, boardSerial, macAddresses: ['00-11-22-33-44-55'] });
      // nc/1 and cw/5 are one machine (PC-1, its FQDN reduced to the hostname); nc/3 is unlinked and nc/7 gone: neither counts.
      await store.agents.upsertMany('nc', [
        agent('1', 'c1', { identity: identity(shared, 'SN-X') }),
        agent('2', 'c1', { identity: identity(shared, undefined) }),
        agent('3', 'c2', { identity: identity(shared, 'SN-X') }),
        agent('4', 'c3', { identity: identity(undefined, 'SN-X', 'B-1') }),
        agent('7', 'c1', { identity: identity(shared, undefined) }),
      ], AT);
      await store.agents.upsertMany('cw', [agent('5', 'c2', { hostname: 'pc-1.corp.example', identity: identity(shared, undefined) })], AT);
      await store.agents.markGone('nc', ['c1'], new Set(['1', '2']), LATER);
      const spread = async (query: SpreadQuery): Promise<SpreadValue[]> =>
        (await store.agents.identifierSpread(query)).sort((a, b) => (`${a.kind}:${a.value}` < `${b.kind}:${b.value}` ? -1 : 1));

      expect(await spread({ machines: 3, overrides: [] })).toEqual([
        { kind: 'mac', value: '001122334455', machines: 3, tenantIds: ['ta', 'tb'] },
        { kind: 'serial', value: 'SN-X', machines: 2, tenantIds: ['ta', 'tb'] },
      ]);
      expect(await spread({ machines: 2, overrides: [] })).toEqual([
        { kind: 'mac', value: '001122334455', machines: 3, tenantIds: ['ta', 'tb'] },
        { kind: 'serial', value: 'SN-X', machines: 2, tenantIds: ['ta', 'tb'] },
        { kind: 'uuid', value: shared, machines: 2, tenantIds: ['ta'] },
      ]);
      // An override replaces what it names (null: with nothing) and keeps the rest; one for an agent not counted is ignored.
      expect(await spread({ machines: 2, overrides: [
        { integrationId: 'nc', agentId: '1', board: 'B-1' },
        { integrationId: 'nc', agentId: '2', uuid: null },
        { integrationId: 'nc', agentId: '4', serial: 'SN-Y', macs: [] },
        { integrationId: 'nc', agentId: '3', uuid: shared, macs: ['AABBCCDDEEFF'] },
        { integrationId: 'cw', agentId: '6', serial: 'SN-Y' },
      ] })).toEqual([
        { kind: 'board', value: 'B-1', machines: 2, tenantIds: ['ta', 'tb'] },
        { kind: 'mac', value: '001122334455', machines: 2, tenantIds: ['ta'] },
      ]);
    });
  });

  describe('computers and agent links', () => {
    it('are read back as written, by computer, by agent and by tenant', async () => {
      const store = await ctx.fresh();
      await identified(store);
      expect(await store.computers.get('k2')).toEqual(computer('k2', 'ta', { retiredAt: LATER }));
      expect(await store.computers.get('nope')).toBeUndefined();
      expect(await store.computers.getLink({ integrationId: 'nc', agentId: '2' })).toEqual(agentLink('nc', '2', 'k1', { flags: 1 }));
      expect(await store.computers.computerOf({ integrationId: 'cw', agentId: '5' })).toBe('k2');
      expect(await store.computers.computerOf({ integrationId: 'cw', agentId: '6' })).toBeUndefined();
      expect((await store.computers.linksOf('k1')).map((l) => l.agentId)).toEqual(['1', '2']);
      expect(byAgent(await store.computers.linksToTenant('ta')).map((l) => `${l.integrationId}/${l.agentId}`)).toEqual(['cw/5', 'nc/1', 'nc/2']);
      expect(await store.computers.tenantsWithActiveComputers()).toEqual(['ta', 'tb']);
      expect(await store.computers.counts()).toEqual({ computers: 3, links: 4 });
      const all = await store.computers.loadAll();
      expect([all.computers.length, all.links.length, all.pins.length]).toEqual([3, 4, 0]);
    });

    it('list in tenant, name and id order, retired ones only when asked', async () => {
      const store = await ctx.fresh();
      await identified(store);
      await store.computers.upsertComputers([computer('k0', 'ta', { name: 'PC-k1' }), computer('k9', 'ta', { name: 'ALPHA' })]);
      expect((await store.computers.list()).map((c) => c.id)).toEqual(['k9', 'k0', 'k1', 'k3']);
      expect((await store.computers.list({ tenantId: 'ta', includeRetired: true })).map((c) => c.id)).toEqual(['k9', 'k0', 'k1', 'k2']);
    });

    it('give a computer\'s agents most recently seen first', async () => {
      const store = await ctx.fresh();
      await identified(store);
      await store.agents.upsertMany('nc', [agent('1', 'c1', { lastSeen: AT }), agent('2', 'c1', { lastSeen: LATER })], LATER);
      await store.agents.upsertMany('nc', [agent('9', 'c1')], LATER);
      await store.computers.upsertLinks([agentLink('nc', '9', 'k1')]);
      expect(await store.computers.agentsOf('k1')).toEqual([{ integrationId: 'nc', agentId: '2' }, { integrationId: 'nc', agentId: '1' }, { integrationId: 'nc', agentId: '9' }]);
    });

    it('upsert by key, the later row winning, and keep when a computer was created', async () => {
      const store = await ctx.fresh();
      await identified(store);
      await store.computers.upsertComputers([computer('k1', 'ta', { name: 'renamed', createdAt: LATER }), computer('k1', 'ta', { name: 'renamed again', createdAt: LATER, osInstallDate: AT })]);
      await store.computers.upsertLinks([agentLink('nc', '1', 'k3', { evidence: 'x' }), agentLink('nc', '1', 'k2', { evidence: 'y', linkedAt: LATER })]);
      expect(await store.computers.get('k1')).toEqual(computer('k1', 'ta', { name: 'renamed again', osInstallDate: AT }));
      expect(await store.computers.getLink({ integrationId: 'nc', agentId: '1' })).toEqual(agentLink('nc', '1', 'k2', { evidence: 'y', linkedAt: LATER }));
      expect(await store.computers.counts()).toEqual({ computers: 3, links: 4 });
    });

    it('delete links by agent, or only while they still point at the given computer', async () => {
      const store = await ctx.fresh();
      await identified(store);
      await store.computers.deleteLinks([{ integrationId: 'cw', agentId: '5' }, { integrationId: 'cw', agentId: '6' }]);
      expect(await store.computers.getLink({ integrationId: 'cw', agentId: '5' })).toBeUndefined();
      expect(await store.computers.deleteLinksTo([
        { integrationId: 'nc', agentId: '1', computerId: 'k1' },
        { integrationId: 'nc', agentId: '2', computerId: 'k3' },
        { integrationId: 'nc', agentId: '6', computerId: 'k1' },
      ])).toBe(1);
      expect((await store.computers.linksOf('k1')).map((l) => l.agentId)).toEqual(['2']);
    });
  });

  describe('pins', () => {
    it('are set by agent (the later one replacing), listed in agent order per computer, and deleted', async () => {
      const store = await ctx.fresh();
      await identified(store);
      const pin = (integrationId: string, agentId: string, computerId: string, opId = 'op1') => ({ integrationId, agentId, computerId, opId, at: AT });
      await store.computers.setPins([pin('nc', '2', 'k1'), pin('cw', '5', 'k1'), pin('nc', '4', 'k3')]);
      await store.computers.setPins([pin('nc', '4', 'k1', 'op2')]);
      expect(await store.computers.listPins('k1')).toEqual([pin('cw', '5', 'k1'), pin('nc', '2', 'k1'), pin('nc', '4', 'k1', 'op2')]);
      await store.computers.deletePins([{ integrationId: 'nc', agentId: '2' }]);
      expect((await store.computers.listPins()).map((p) => p.agentId)).toEqual(['5', '4']);
      expect((await store.computers.loadAll()).pins).toHaveLength(2);
    });
  });

  describe('the timeline and operations', () => {
    it('keep a computer\'s timeline in the order it was written, with rising sequence numbers', async () => {
      const store = await ctx.fresh();
      await identified(store);
      const entry = (computerId: string, kind: 'merged' | 'split' | 'undone', at: string) => ({ computerId, at, kind, opId: 'op1', summary: `${kind} ${computerId}`, details: { agents: ['nc/1'] } });
      await store.computers.appendTimeline([entry('k1', 'merged', LATER), entry('k3', 'split', AT)]);
      await store.computers.appendTimeline([entry('k1', 'undone', AT)]);
      const timeline = await store.computers.timeline('k1');
      expect(timeline.map(({ seq: _seq, ...rest }) => rest)).toEqual([entry('k1', 'merged', LATER), entry('k1', 'undone', AT)]);
      expect(timeline[1]!.seq).toBeGreaterThan(timeline[0]!.seq);
      expect(await store.computers.timeline('k2')).toEqual([]);
    });

    it('record operations with their changes in order, and mark them undone', async () => {
      const store = await ctx.fresh();
      const changes = [
        { entity: 'link' as const, key: 'nc/1', before: null, after: 'k1' },
        { entity: 'computer' as const, key: 'k2', before: LATER, after: null },
      ];
      await store.computers.recordOp({ id: 'op1', kind: 'resolve', actor: 'alice', at: AT, summary: 'kept apart' }, changes);
      expect(await store.computers.getOp('op1')).toEqual({ op: { id: 'op1', kind: 'resolve', actor: 'alice', at: AT, summary: 'kept apart', undoneAt: undefined, undoneBy: undefined }, changes });
      await store.computers.markOpUndone('op1', 'bob', LATER);
      expect((await store.computers.getOp('op1'))?.op).toMatchObject({ undoneAt: LATER, undoneBy: 'bob' });
      expect(await store.computers.getOp('nope')).toBeUndefined();
    });
  });

  describe('conflicts', () => {
    it('upsert by id keeping when first seen, and list oldest first by status and tenant', async () => {
      const store = await ctx.fresh();
      await store.computers.upsertConflicts([conflict('x2', LATER), conflict('x1', LATER, { tenantIds: ['tb'] }), conflict('x3', AT, { status: 'cleared' })]);
      await store.computers.upsertConflicts([conflict('x2', LATEST, { status: 'resolved', resolution: 'kept apart', resolvedBy: 'alice', resolvedAt: LATEST, updatedAt: LATEST })]);
      expect(await store.computers.getConflict('x2')).toEqual(conflict('x2', LATER, { status: 'resolved', resolution: 'kept apart', resolvedBy: 'alice', resolvedAt: LATEST, updatedAt: LATEST }));
      expect(await store.computers.getConflict('nope')).toBeUndefined();
      expect((await store.computers.listConflicts()).map((c) => c.id)).toEqual(['x3', 'x1', 'x2']);
      expect((await store.computers.listConflicts({ status: 'open' })).map((c) => c.id)).toEqual(['x1']);
      expect((await store.computers.listConflicts({ tenantId: 'ta' })).map((c) => c.id)).toEqual(['x3', 'x2']);
    });
  });

  describe('identity reports', () => {
    it('are kept per agent, and a failed attempt never replaces an answer', async () => {
      const store = await ctx.fresh();
      const ok = { integrationId: 'nc', agentId: '1', status: 'ok' as const, identity: '{"serialNumber":"S1"}', attempts: 1, at: AT };
      const failed = { integrationId: 'nc', agentId: '1', status: 'failed' as const, attempts: 2, lastError: 'timeout', nextAttemptAt: LATEST, at: LATER };
      await store.computers.upsertIdentityReports([{ ...failed, agentId: '2' }, ok]);
      await store.computers.upsertIdentityReports([failed]);
      expect(await store.computers.listIdentityReports()).toEqual([
        { ...ok, lastError: undefined, nextAttemptAt: undefined },
        { ...failed, agentId: '2', identity: undefined },
      ]);
      await store.computers.upsertIdentityReports([{ ...ok, agentId: '2', attempts: 3, at: LATEST }]);
      expect((await store.computers.listIdentityReports())[1]).toMatchObject({ status: 'ok', attempts: 3 });
    });
  });

  describe('the identification memo', () => {
    it('is none before the first run, then the last one recorded, read back as written', async () => {
      const store = await ctx.fresh();
      expect(await store.computers.identificationMemo()).toBeUndefined();
      await store.computers.recordIdentificationMemo({ fingerprint: 'f1', outcome: '{"agents":3}', at: AT });
      await store.computers.recordIdentificationMemo({ fingerprint: 'f2', outcome: '{"agents":4}', at: LATER });
      expect(await store.computers.identificationMemo()).toEqual({ fingerprint: 'f2', outcome: '{"agents":4}', at: LATER });
      expect((await store.stats())['identification_memo']).toBe(1);
    });
  });

  describeFingerprint('the identification fingerprint', {
    seeded: async () => {
      const store = await ctx.fresh();
      await identified(store);
      await store.computers.upsertConflicts([conflict('x1', AT)]);
      return store;
    },
    fingerprint: (store) => store.computers.inputFingerprint(),
    unchanged: async (store) => {
      await store.agents.upsertMany('nc', [agent('1', 'c1'), agent('2', 'c1')], LATER);
      await store.computers.upsertConflicts([conflict('x1', AT)]);
      await store.audit.append({ actor: 'alice', action: 'status:read', subject: 'hub', details: {} });
    },
    changes: [
      ['an agent\'s report', (s) => s.agents.upsertMany('nc', [agent('1', 'c1', { hostname: 'RENAMED' })], LATER)],
      ['an agent gone', (s) => s.agents.markGone('nc', ['c1'], new Set(['1']), LATER)],
      ['a client linked to another tenant', (s) => s.links.putLink(tenantLink('nc', 'c1', 'tb'))],
      ['a newly linked client', (s) => s.links.putLink(tenantLink('nc', 'c2', 'tb'))],
      ['a pin', (s) => s.computers.setPins([{ integrationId: 'nc', agentId: '1', computerId: 'k1', opId: 'op1', at: LATER }])],
      ['an identity report', (s) => s.computers.upsertIdentityReports([{ integrationId: 'nc', agentId: '1', status: 'ok', identity: '{}', attempts: 1, at: LATER }])],
      ['a computer', (s) => s.computers.upsertComputers([computer('k1', 'ta', { retiredAt: LATEST })])],
      ['a link', (s) => s.computers.deleteLinks([{ integrationId: 'nc', agentId: '2' }])],
      ['a conflict resolved', (s) => s.computers.upsertConflicts([conflict('x1', AT, { status: 'resolved' })])],
    ],
  });
}
