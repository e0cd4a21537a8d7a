import { describe, expect, it } from 'vitest';

import { MemoryStore } from '../memory-store/index.js';
import { holdProcessLock } from './process-lock.js';

describe('a held process lock', () => {
  it('releases without throwing when the store is out of reach: the row left behind goes stale', async () => {
    const store = new MemoryStore();
    const lock = await holdProcessLock(store, 'sync:x', 'a sync of x', { waitMs: 1000, pollMs: 10, clock: () => new Date() });
    store.locks.release = () => Promise.reject(new Error('timeout exceeded when trying to connect'));
    await expect(lock.release()).resolves.toBeUndefined();
  });
});
