/**
 * The worker loop when the queue fails under it: it reports the failure and keeps asking, rather
 * than dying; it hands on what a job asks for next with its end; and it renews a running job's
 * lease, saying so when the lease was lost.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

import type { JobFollowUp, TakenJob, TakenSyncJob } from './sync-queue.js';
import { SyncWorker } from './sync-worker.js';

describe('SyncWorker when the queue fails', () => {
  it('reports a failed take or complete and goes on to run the next job', async () => {
    const job: TakenSyncJob = { id: 'j1', integrationId: 'alpha', kind: 'sync', retryCount: 0 };
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
        renew: () => Promise.resolve(true),
        leaseSeconds: 60,
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

describe('SyncWorker recording a job', () => {
  it("hands the queue what a job asks for next with its end, completed or failed", async () => {
    const jobs: TakenSyncJob[] = [{ id: 'j1', integrationId: 'alpha', kind: 'sync', retryCount: 0 }, { id: 'j2', integrationId: 'beta', kind: 'sync', retryCount: 0 }];
    const recorded: [string, string, JobFollowUp | undefined][] = [];
    let done!: () => void;
    const bothRecorded = new Promise<void>((resolve) => (done = resolve));
    const record = (how: string) => (taken: TakenJob, _output: unknown, then?: JobFollowUp): Promise<void> => {
      recorded.push([how, taken.id, then]);
      if (recorded.length === 2) done();
      return Promise.resolve();
    };
    const worker = new SyncWorker({
      queue: { take: () => Promise.resolve(jobs.shift()), complete: record('completed'), fail: record('failed'), renew: () => Promise.resolve(true), leaseSeconds: 60 },
      integrationIds: ['alpha', 'beta'],
      pollIntervalMs: 1,
      run: (job) => Promise.resolve(job.id === 'j1'
        ? { failed: false, output: { status: 'succeeded', durationMs: 0 }, then: { identify: ['ta'] } }
        : { failed: true, output: { error: { code: 'RMM_ERR_TRANSIENT', message: 'reset' } }, then: { identify: ['tb'] } }),
    });
    worker.start();
    await bothRecorded;
    await worker.stop();
    expect(recorded).toEqual([['completed', 'j1', { identify: ['ta'] }], ['failed', 'j2', { identify: ['tb'] }]]);
  });
});

describe('SyncWorker renewing leases', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("renews a running job's lease every third of its length, reports a lost lease, and stops renewing once the job ends", async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const job: TakenSyncJob = { id: 'j1', integrationId: 'alpha', kind: 'sync', retryCount: 0 };
    const offers = [job];
    const renewals: boolean[] = [true, false];
    const renewed: string[] = [];
    const errors: string[] = [];
    let finish!: () => void;
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    let completed!: () => void;
    const recorded = new Promise<void>((resolve) => (completed = resolve));
    const worker = new SyncWorker({
      queue: {
        take: () => Promise.resolve(offers.shift()),
        complete: () => Promise.resolve(completed()),
        fail: () => Promise.resolve(),
        renew: (taken) => {
          renewed.push(taken.id);
          return Promise.resolve(renewals.shift() ?? true);
        },
        leaseSeconds: 30,
      },
      integrationIds: ['alpha'],
      pollIntervalMs: 1,
      run: () => {
        started();
        return new Promise((resolve) => (finish = () => resolve({ failed: false, output: { status: 'succeeded', rowsWritten: 0, durationMs: 0 } })));
      },
      onError: (error) => errors.push((error as Error).message),
    });
    worker.start();
    await running;
    await vi.advanceTimersByTimeAsync(9_999);
    expect(renewed).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(renewed).toEqual(['j1']);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(renewed).toEqual(['j1', 'j1']);
    expect(errors).toEqual(["the lease of alpha's job j1 ran out before it was renewed: another worker may run it too"]);
    finish();
    await recorded;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(renewed).toHaveLength(2);
    await worker.stop();
  });
});
