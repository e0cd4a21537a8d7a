/**
 * How the sync writes through the store: each page of a listing in one unit of work. A run with
 * nothing new writes no row, and a run interrupted mid-page leaves the pages it finished whole
 * and nothing of the page it was on.
 */
import type { IdentifiedAgent, RmmClient, Store } from '@rmm-hub/core';
import { collect } from '@rmm-hub/core';
import { describe, expect, it } from 'vitest';

import type { SuiteContext } from '../suite-context.js';
import { inTransaction } from '../unit-of-work.js';
import { agent, AT, client, LATER, tenantLink } from '../fleet.js';

/** One listing page as the sync writes it: clients and their agents, in one unit of work. */
function writePage(store: Store, clients: RmmClient[], agents: IdentifiedAgent[], at: string, ...after: (() => unknown)[]): Promise<unknown> {
  return inTransaction(
    store,
    () => store.clients.upsertMany('nc', clients, at),
    () => store.agents.upsertMany('nc', agents, at),
    ...after,
  );
}

const pages: [RmmClient[], IdentifiedAgent[]][] = [
  [[client('c1'), client('c2')], [agent('1', 'c1'), agent('2', 'c1'), agent('3', 'c2')]],
  [[client('c3')], [agent('4', 'c3'), agent('5', 'c3')]],
];

/** A complete sync of `pages`: each page, then what a complete listing marks gone. */
async function sync(store: Store, at: string): Promise<void> {
  const run = await store.syncRuns.start('nc', at, { pid: 1, host: 'h' });
  for (const [clients, agents] of pages) await writePage(store, clients, agents, at);
  await inTransaction(
    store,
    () => store.clients.markGone('nc', new Set(pages.flatMap(([clients]) => clients.map((c) => c.id))), at),
    () => store.agents.markGone('nc', pages.flatMap(([clients]) => clients.map((c) => c.id)), new Set(pages.flatMap(([, agents]) => agents.map((a) => a.id))), at),
  );
  await store.syncRuns.finish(run.id, { status: 'succeeded', counts: {}, at });
}

export function describeSyncWrites(ctx: SuiteContext): void {
  describe('sync writes', () => {
    it('a run with nothing new writes no row of clients, agents or links', async () => {
      const store = await ctx.fresh();
      await store.integrations.upsert({ id: 'nc', pluginId: 'nc', displayName: 'NC', enabled: true });
      await store.tenants.upsert({ id: 'ta', name: 'Acme', domains: [], isMsp: false, createdAt: AT });
      await sync(store, AT);
      await store.links.putLink(tenantLink('nc', 'c1', 'ta'));
      const stats = await store.stats();
      const before = await store.changes();
      const agentsBefore = await collect(store.agents.iterate({ includeGone: true }));
      for (const [clients, agents] of pages) expect(await writePage(store, clients, agents, LATER, () => store.links.putLink(tenantLink('nc', 'c1', 'ta', LATER)))).toBe(false);
      expect(await store.clients.markGone('nc', new Set(['c1', 'c2', 'c3']), LATER)).toBe(0);
      expect(await store.agents.markGone('nc', ['c1', 'c2', 'c3'], new Set(['1', '2', '3', '4', '5']), LATER)).toBe(0);
      expect(await store.changes()).toBe(before);
      expect(await store.stats()).toEqual(stats);
      expect(await collect(store.agents.iterate({ includeGone: true }))).toEqual(agentsBefore);
    });

    it('a run interrupted mid-page leaves the pages it finished whole and nothing of the page it was on', async () => {
      const store = await ctx.fresh();
      await store.integrations.upsert({ id: 'nc', pluginId: 'nc', displayName: 'NC', enabled: true });
      const [first, second] = pages as [[RmmClient[], IdentifiedAgent[]], [RmmClient[], IdentifiedAgent[]]];
      await writePage(store, ...first, AT);
      const crash = new Error('killed mid-page');
      await expect(writePage(store, ...second, AT, () => {
        throw crash;
      })).rejects.toBe(crash);
      expect((await store.clients.list()).map((c) => c.id)).toEqual(['c1', 'c2']);
      expect((await collect(store.agents.iterate())).map((a) => a.id)).toEqual(['1', '2', '3']);
      await writePage(store, ...second, LATER);
      expect((await collect(store.agents.iterate())).map((a) => [a.id, a.firstSeenAt])).toEqual([['1', AT], ['2', AT], ['3', AT], ['4', LATER], ['5', LATER]]);
    });
  });
}
