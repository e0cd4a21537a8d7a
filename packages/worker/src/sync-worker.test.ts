/**
 * The worker loop when the queue fails under it: it reports the failure and keeps asking, rather
 * than dying; it hands on what a job asks for next with its end; and it renews a running job's
 * lease, saying so when the lease was lost.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

import { ErrorCodes, StoreError } from '@rmm-hub/core';

import type { JobFollowUp, SyncJobOutput, TakenIdentifyJobs, TakenJob, TakenSyncJob } from './sync-queue.js';
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
          const { id } = taken as TakenSyncJob;
          if (id === 'j1') return Promise.reject(new Error('connection reset'));
          completed.push(id);
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
      recorded.push([how, (taken as TakenSyncJob).id, then]);
      if (recorded.length === 2) done();
      return Promise.resolve();
    };
    const worker = new SyncWorker({
      queue: { take: () => Promise.resolve(jobs.shift()), complete: record('completed'), fail: record('failed'), renew: () => Promise.resolve(true), leaseSeconds: 60 },
      integrationIds: ['alpha', 'beta'],
      pollIntervalMs: 1,
      run: (job) => Promise.resolve((job as TakenSyncJob).id === 'j1'
        ? { failed: false, output: { status: 'succeeded', durationMs: 0 }, then: { identify: ['ta'] } }
        : { failed: true, output: { error: { code: 'RMM_ERR_TRANSIENT', message: 'reset' } }, then: { identify: ['tb'] } }),
    });
    worker.start();
    await bothRecorded;
    await worker.stop();
    expect(recorded).toEqual([['completed', 'j1', { identify: ['ta'] }], ['failed', 'j2', { identify: ['tb'] }]]);
  });
});

describe('SyncWorker running a batch of identification jobs', () => {
  it('records every job of a batch with the batch: completed, each with its own output where it has one, or all failed', async () => {
    const batch = (...tenantIds: string[]): TakenIdentifyJobs => ({ kind: 'identify', jobs: tenantIds.map((tenantId) => ({ id: `j-${tenantId}`, tenantId, retryCount: 0 })) });
    const offers = [batch('ta', 'tb', 'tc'), batch('td', 'te')];
    const left: SyncJobOutput = { status: 'left to a sync', waitingFor: ['alpha'], durationMs: 1 };
    const recorded: unknown[][] = [];
    const told: unknown[][] = [];
    let done!: () => void;
    const bothRecorded = new Promise<void>((resolve) => (done = resolve));
    const worker = new SyncWorker({
      queue: {
        take: () => Promise.resolve(offers.shift()),
        complete: (taken, output, _then, outputs) => Promise.resolve(void recorded.push(['completed', taken, output, outputs])),
        fail: (taken, output) => {
          recorded.push(['failed', taken, output]);
          done();
          return Promise.resolve();
        },
        renew: () => Promise.resolve(true),
        leaseSeconds: 60,
      },
      integrationIds: ['alpha'],
      pollIntervalMs: 1,
      run: (job) => {
        if (job.kind !== 'identify') throw new Error('only identifications were offered');
        if (job.jobs.length === 2) throw new StoreError('the store stayed locked', { code: ErrorCodes.storeBusy, hint: 'Try again.' });
        return Promise.resolve({ failed: false, output: { status: 'identified', durationMs: 2 }, outputs: new Map([['j-tb', left]]) });
      },
      onJob: ({ job, phase, outputs }) => phase !== 'started' && told.push([phase, job.kind === 'identify' ? job.jobs.length : 0, outputs]),
    });
    worker.start();
    await bothRecorded;
    await worker.stop();
    expect(recorded).toEqual([
      ['completed', batch('ta', 'tb', 'tc'), { status: 'identified', durationMs: 2 }, new Map([['j-tb', left]])],
      ['failed', batch('td', 'te'), { error: { code: 'RMM_ERR_STORE_BUSY', message: 'the store stayed locked', hint: 'Try again.' } }],
    ]);
    expect(told).toEqual([['completed', 3, new Map([['j-tb', left]])], ['failed', 2, undefined]]);
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
          renewed.push((taken as TakenSyncJob).id);
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
