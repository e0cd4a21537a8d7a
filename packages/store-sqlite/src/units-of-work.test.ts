/**
 * Units of work on the store's one connection: each commits or rolls back whole, nested ones
 * join the outer one, and two from the same process never interleave even while one awaits.
 */
import { describe, expect, it } from 'vitest';

import { SqliteStore } from './sqlite-store.js';

const tenant = (id: string): { id: string; name: string; domains: string[]; isMsp: boolean } => ({ id, name: id, domains: [], isMsp: false });
const ids = async (store: SqliteStore): Promise<string[]> => (await store.tenants.list()).map((t) => t.id).sort();

/** A promise the test settles by hand, to hold a unit of work open at an await. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('SqliteStore.transaction', () => {
  it('commits all of a unit of work, or none of it when it rejects', async () => {
    const store = SqliteStore.open({ path: ':memory:' });
    await store.transaction(async () => {
      await store.tenants.upsert(tenant('a'));
      await store.tenants.upsert(tenant('b'));
    });
    await expect(store.transaction(async () => {
      await store.tenants.upsert(tenant('c'));
      throw new Error('disk on fire');
    })).rejects.toThrow('disk on fire');
    expect(await ids(store)).toEqual(['a', 'b']);
    expect(store.db.inTransaction).toBe(false);
    await store.close();
  });

  it('joins a nested unit of work to the outer one: the outer rollback takes the inner writes too', async () => {
    const store = SqliteStore.open({ path: ':memory:' });
    await expect(store.transaction(async () => {
      await store.transaction(async () => await store.tenants.upsert(tenant('inner')));
      throw new Error('outer fails');
    })).rejects.toThrow('outer fails');
    expect(await ids(store)).toEqual([]);
    await store.close();
  });

  it('queues a second unit of work while the first awaits: neither sees or rolls back the other', async () => {
    const store = SqliteStore.open({ path: ':memory:' });
    const held = gate();
    const order: string[] = [];
    const first = store.transaction(async () => {
      await store.tenants.upsert(tenant('first'));
      order.push('first wrote');
      await held.opened;
      throw new Error('first fails after the second was queued');
    });
    const second = store.transaction(async () => {
      order.push(`second saw ${(await ids(store)).join(',') || 'nothing'}`);
      await store.tenants.upsert(tenant('second'));
    });
    // Let the second one reach its turn if it could; it must still be waiting.
    for (let i = 0; i < 10; i++) await Promise.resolve();
    expect(order).toEqual(['first wrote']);
    held.open();
    await expect(first).rejects.toThrow('first fails');
    await second;
    expect(order).toEqual(['first wrote', 'second saw nothing']);
    expect(await ids(store)).toEqual(['second']);
    await store.close();
  });

  it('makes a repository call from outside a unit wait for the unit under way, so a rollback cannot take it', async () => {
    const store = SqliteStore.open({ path: ':memory:' });
    const held = gate();
    const unit = store.transaction(async () => {
      await store.tenants.upsert(tenant('in-unit'));
      await held.opened;
      throw new Error('the unit fails');
    });
    const outside = store.tenants.upsert(tenant('outside'));
    for (let i = 0; i < 10; i++) await Promise.resolve();
    held.open();
    await expect(unit).rejects.toThrow('the unit fails');
    await outside;
    expect(await ids(store)).toEqual(['outside']);
    await store.close();
  });

  it('streams rows inside a unit, and reads them in one turn outside one', async () => {
    const store = SqliteStore.open({ path: ':memory:' });
    await store.integrations.upsert({ id: 'nc', pluginId: 'nc', displayName: 'nc', enabled: true });
    await store.agents.upsertMany('nc', [1, 2, 3].map((n) => ({ id: String(n), clientId: 'c', hostname: `PC-${n}`, online: true, canRunScripts: true, identity: { macAddresses: [] } })), '2025-06-01T00:00:00.000Z');
    const outside: string[] = [];
    for await (const agent of store.agents.iterate()) outside.push(`${agent.id}:${(await store.agents.get('nc', agent.id))?.hostname}`);
    const inside = await store.transaction(async () => {
      const rows: string[] = [];
      for await (const agent of store.agents.iterate()) rows.push(`${agent.id}:${(await store.agents.get('nc', agent.id))?.hostname}`);
      return rows;
    });
    expect(outside).toEqual(['1:PC-1', '2:PC-2', '3:PC-3']);
    expect(inside).toEqual(outside);
    await store.close();
  });
});
