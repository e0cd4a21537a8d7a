/** The worker loop when the queue fails under it: it reports the failure and keeps asking, rather than dying. */
import { describe, expect, it } from 'vitest';

import type { TakenSyncJob } from './sync-queue.js';
import { SyncWorker } from './sync-worker.js';

describe('SyncWorker when the queue fails', () => {
  it('reports a failed take or complete and goes on to run the next job', async () => {
    const job: TakenSyncJob = { id: 'j1', integrationId: 'alpha', retryCount: 0 };
    const offers: (() => Promise<TakenSyncJob | undefined>)[] = [
      () => Promise.reject(new Error('connection reset')),
      () => Promise.resolve(job),
      () => Promise.resolve({ ...job, id: 'j2' }),
    ];
    const errors: string[] = [];
    const completed: string[] = [];
    let done!: () => void;
    const secondCompleted = new Promise<void>((resolve) => (done = resolve));
    const worker = new SyncWorker({
      queue: {
        take: () => (offers.shift() ?? (() => Promise.resolve(undefined)))(),
        complete: (taken) => {
          if (taken.id === 'j1') return Promise.reject(new Error('connection reset'));
          completed.push(taken.id);
          done();
          return Promise.resolve();
        },
        fail: () => Promise.resolve(),
      },
      integrationIds: ['alpha'],
      pollIntervalMs: 1,
      run: () => Promise.resolve({ failed: false, output: { status: 'succeeded', rowsWritten: 0, durationMs: 0 } }),
      onError: (error) => errors.push((error as Error).message),
    });
    worker.start();
    await secondCompleted;
    await worker.stop();
    expect(errors).toEqual(['connection reset', 'connection reset']);
    expect(completed).toEqual(['j2']);
  });
});
