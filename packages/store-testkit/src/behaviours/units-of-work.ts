/**
 * Units of work: the sync writes each page of a listing in one, identification each run, a
 * decision its link, audit entry and suggestions together. All of it is written, or none.
 */
import { collect } from '@rmm-hub/core';
import { describe, expect, it } from 'vitest';

import type { SuiteContext } from '../suite-context.js';
import { inSequence, inTransaction } from '../unit-of-work.js';
import { agent, AT, client, seedFoundation, tenantLink } from '../fleet.js';

export function describeUnitsOfWork(ctx: SuiteContext): void {
  describe('units of work', () => {
    it('commit every write of the work together and give back what the work returns', async () => {
      const store = await ctx.fresh();
      await seedFoundation(store);
      const result = await inTransaction(
        store,
        () => store.links.putLink(tenantLink('nc', 'c1', 'ta')),
        () => store.agents.upsertMany('nc', [agent('1', 'c1')], AT),
        () => store.audit.append({ actor: 'alice', action: 'link:accept', subject: 'client:nc/c1', details: {} }),
        () => 'done',
      );
      expect(result).toBe('done');
      expect(await store.links.getLink('nc', 'c1')).toMatchObject({ tenantId: 'ta' });
      expect(await store.agents.get('nc', '1')).toMatchObject({ hostname: 'PC-1' });
      expect(await store.audit.list({ subject: 'client:nc/c1' })).toHaveLength(1);
    });

    it('roll back whole when the work throws mid-way, and let the error through', async () => {
      const store = await ctx.fresh();
      await seedFoundation(store);
      const before = { stats: await store.stats(), clients: await store.clients.list({ includeGone: true }) };
      const failure = new Error('the listing broke off');
      await expect(
        inTransaction(
          store,
          () => store.clients.upsertMany('nc', [client('c1', 'Renamed'), client('c9')], AT),
          () => store.agents.upsertMany('nc', [agent('1', 'c1'), agent('2', 'c9')], AT),
          () => store.links.putLink(tenantLink('nc', 'c9', 'tb')),
          () => store.audit.append({ actor: 'sync', action: 'sync:page', subject: 'integration:nc', details: {} }),
          () => store.tenants.upsert({ id: 'tc', name: 'Gamma', domains: [], isMsp: false }),
          () => {
            throw failure;
          },
        ),
      ).rejects.toBe(failure);
      expect(await store.stats()).toEqual(before.stats);
      expect(await store.clients.list({ includeGone: true })).toEqual(before.clients);
      expect(await store.agents.count({ includeGone: true })).toBe(0);
      expect(await store.links.listLinks()).toEqual([]);
      expect(await store.audit.list()).toEqual([]);
      expect(await store.tenants.get('tc')).toBeUndefined();
    });

    it('roll back identification writes whole too', async () => {
      const store = await ctx.fresh();
      await seedFoundation(store);
      await store.agents.upsertMany('nc', [agent('1', 'c1')], AT);
      const before = await store.stats();
      await expect(
        inTransaction(
          store,
          () => store.computers.upsertComputers([{ id: 'k1', tenantId: 'ta', name: 'PC-1', createdAt: AT }]),
          () => store.computers.upsertLinks([{ integrationId: 'nc', agentId: '1', computerId: 'k1', evidence: 'uuid', flags: 0, linkedAt: AT }]),
          () => store.computers.appendTimeline([{ computerId: 'k1', at: AT, kind: 'merged', opId: 'op1', summary: 'merged', details: {} }]),
          () => store.computers.recordOp({ id: 'op1', kind: 'run', actor: 'system', at: AT, summary: 'run' }, [{ entity: 'computer', key: 'k1', before: null, after: 'k1' }]),
          () => {
            throw new Error('stop');
          },
        ),
      ).rejects.toThrow('stop');
      expect(await store.stats()).toEqual(before);
      expect(await store.computers.counts()).toEqual({ computers: 0, links: 0 });
      expect(await store.computers.timeline('k1')).toEqual([]);
      expect(await store.computers.getOp('op1')).toBeUndefined();
    });

    it('join the outer one when nested: what the inner one wrote goes when the outer one fails', async () => {
      const store = await ctx.fresh();
      await seedFoundation(store);
      await expect(
        inTransaction(
          store,
          () => store.transaction(() => inSequence(() => store.tenants.upsert({ id: 'tc', name: 'Gamma', domains: [], isMsp: false }))),
          () => {
            throw new Error('outer fails after the inner one returned');
          },
        ),
      ).rejects.toThrow('outer fails');
      expect(await store.tenants.get('tc')).toBeUndefined();
    });

    it('join the outer one when nested: the inner one commits with the outer one', async () => {
      const store = await ctx.fresh();
      await seedFoundation(store);
      await inTransaction(
        store,
        () => store.transaction(() => inSequence(() => store.tenants.upsert({ id: 'tc', name: 'Gamma', domains: [], isMsp: false }))),
        () => store.tenants.upsert({ id: 'td', name: 'Delta', domains: [], isMsp: false }),
      );
      expect((await store.tenants.list()).map((t) => t.id)).toEqual(['ta', 'tb', 'tc', 'td']);
    });

    it('bulk loads of identification commit whole, and roll back whole when the work throws', async () => {
      const store = await ctx.fresh();
      await seedFoundation(store);
      await store.agents.upsertMany('nc', [agent('1', 'c1'), agent('2', 'c1')], AT);
      const failing = async (): Promise<unknown> => await store.computers.bulkLoad(() => inSequence(
        () => store.computers.upsertComputers([{ id: 'k1', tenantId: 'ta', name: 'PC-1', createdAt: AT }]),
        () => {
          throw new Error('disk on fire');
        },
      ));
      await expect(failing()).rejects.toThrow('disk on fire');
      expect(await store.computers.counts()).toEqual({ computers: 0, links: 0 });
      await store.computers.bulkLoad(() => inSequence(
        () => store.computers.upsertComputers([{ id: 'k1', tenantId: 'ta', name: 'PC-1', createdAt: AT }]),
        () => store.computers.upsertLinks(['1', '2'].map((agentId) => ({ integrationId: 'nc', agentId, computerId: 'k1', evidence: 'uuid', flags: 0, linkedAt: AT }))),
      ));
      expect(await store.computers.counts()).toEqual({ computers: 1, links: 2 });
      expect((await collect(store.agents.iterate())).map((a) => a.id)).toEqual(['1', '2']);
    });
  });
}
