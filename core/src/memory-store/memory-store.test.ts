/**
 * What the in-memory store does beyond the Store conformance suite (which it runs in
 * packages/store-testkit): it behaves as the SQLite store where the port leaves the choice open.
 */
import { describe, expect, it } from 'vitest';

import { MemoryStore } from './memory-store.js';

const tenant = (id: string) => ({ id, name: id, domains: [], isMsp: false, createdAt: '2026-01-01T00:00:00.000Z' });

describe('MemoryStore units of work', () => {
  it('undo only a nested one that fails and is caught, as SQLite savepoints do, keeping the outer work', () => {
    const store = new MemoryStore();
    store.transaction(() => {
      store.tenants.upsert(tenant('before'));
      expect(() =>
        store.transaction(() => {
          store.tenants.upsert(tenant('inner'));
          throw new Error('inner fails');
        }),
      ).toThrow('inner fails');
      store.tenants.upsert(tenant('after'));
    });
    expect(store.tenants.list().map((t) => t.id)).toEqual(['after', 'before']);
  });
});
