/**
 * What the in-memory store does beyond the Store conformance suite (which it runs in
 * packages/store-testkit): it behaves as the SQLite store where the port leaves the choice open.
 */
import { describe, expect, it } from 'vitest';

import { MemoryStore } from './memory-store.js';

const tenant = (id: string) => ({ id, name: id, domains: [], isMsp: false, createdAt: '2026-01-01T00:00:00.000Z' });

describe('MemoryStore units of work', () => {
  it('undo only a nested one that fails and is caught, as SQLite savepoints do, keeping the outer work', async () => {
    const store = new MemoryStore();
    await store.transaction(async () => {
      await store.tenants.upsert(tenant('before'));
      await expect(
        store.transaction(async () => {
          await store.tenants.upsert(tenant('inner'));
          throw new Error('inner fails');
        }),
      ).rejects.toThrow('inner fails');
      await store.tenants.upsert(tenant('after'));
    });
    expect((await store.tenants.list()).map((t) => t.id)).toEqual(['after', 'before']);
  });

  it('take turns: a second unit starts only once the first has ended, and a failed one undoes only itself', async () => {
    const store = new MemoryStore();
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const first = store.transaction(async () => {
      order.push('first begins');
      await store.tenants.upsert(tenant('first'));
      await held;
      order.push('first ends');
      throw new Error('first fails');
    });
    const second = store.transaction(async () => {
      order.push('second begins');
      await store.tenants.upsert(tenant('second'));
    });
    release();
    await expect(first).rejects.toThrow('first fails');
    await second;
    expect(order).toEqual(['first begins', 'first ends', 'second begins']);
    expect((await store.tenants.list()).map((t) => t.id)).toEqual(['second']);
  });
});
