/**
 * The sync queue on a real PostgreSQL (the vitest project `postgres`): pg-boss keeps at most one
 * job waiting and one running per integration, merges a request into the waiting one, never lets
 * a busy integration hold back the others, retries a failed sync after a backoff, and hands a
 * job on to another worker once its lease runs out unrenewed; keeps one identification waiting
 * and one running per tenant, asked for with the end of the sync that fed it and handed out
 * every one waiting at once; and several
 * schedulers ask for one scheduled sync per integration and interval.
 */
import PgBoss from 'pg-boss';
import { afterEach, describe, expect, it } from 'vitest';

import { useTestDatabase } from '../../store-postgres/src/test-support/test-database.js';
import { SyncQueue, type SyncQueueOptions, type TakenIdentifyJobs, type TakenJob, type TakenSyncJob } from './sync-queue.js';
import { SyncSchedule } from './sync-schedule.js';
import { SyncWorker } from './sync-worker.js';

const database = useTestDatabase();
const open: SyncQueue[] = [];
let schemas = 0;

async function openQueue(options: Partial<SyncQueueOptions> = {}): Promise<SyncQueue> {
  const queue = await SyncQueue.open({ url: database.url, schema: `queue_${++schemas}`, onError: (error) => { throw error; }, ...options });
  open.push(queue);
  return queue;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((queue) => queue.close()));
});

/** The taken job as a sync or health check, else the test fails. */
function syncJob(job: TakenJob | undefined): TakenSyncJob {
  if (job?.kind !== 'sync' && job?.kind !== 'health') throw new Error(`expected a sync or health check, took ${job ? job.kind : 'none'}`);
  return job;
}

/** The taken job as a batch of identifications, else the test fails. */
function batchOf(job: TakenJob | undefined): TakenIdentifyJobs {
  if (job?.kind !== 'identify') throw new Error(`expected identification jobs, took ${job ? job.kind : 'none'}`);
  return job;
}

describe('SyncQueue', () => {
  it('keeps one job waiting and one running per integration, merging requests into the waiting one', async () => {
    const queue = await openQueue();
    expect(await queue.enqueue('alpha')).toEqual({ integrationId: 'alpha', queued: true });
    expect(await queue.enqueue('alpha')).toEqual({ integrationId: 'alpha', queued: false });

    const first = await queue.take(['alpha']);
    expect(first).toMatchObject({ integrationId: 'alpha', retryCount: 0 });
    // Asked again while it runs: this sync may miss what changed since it started, so one more waits.
    expect(await queue.enqueue('alpha')).toMatchObject({ queued: true });
    expect(await queue.enqueue('alpha')).toMatchObject({ queued: false });
    expect(await queue.take(['alpha'])).toBeUndefined();

    await queue.complete(first!, { status: 'succeeded', rowsWritten: 3, durationMs: 5 });
    const second = await queue.take(['alpha']);
    expect(second).toMatchObject({ integrationId: 'alpha' });
    expect(syncJob(second).id).not.toBe(syncJob(first).id);
    const states = (await queue.jobs()).map((job) => [job.integrationId, job.state]);
    expect(states.sort()).toEqual([['alpha', 'active'], ['alpha', 'completed']]);
  });

  it("keeps an integration's health checks apart from its syncs, and hands out a waiting health check first", async () => {
    const queue = await openQueue();
    expect(await queue.enqueue('alpha')).toEqual({ integrationId: 'alpha', queued: true });
    expect(await queue.enqueue('alpha', { kind: 'health' })).toEqual({ integrationId: 'alpha', queued: true });
    expect(await queue.enqueue('alpha', { kind: 'health' })).toEqual({ integrationId: 'alpha', queued: false });
    const health = (await queue.take(['alpha']))!;
    expect(health).toMatchObject({ integrationId: 'alpha', kind: 'health' });
    // The health check runs beside the integration's sync, not behind it.
    expect(await queue.take(['alpha'])).toMatchObject({ integrationId: 'alpha', kind: 'sync' });
    await queue.complete(health, { status: 'healthy', durationMs: 4 });
    expect((await queue.jobs()).map((job) => [job.kind, job.state]).sort()).toEqual([['health', 'completed'], ['sync', 'active']]);
  });

  it('a busy integration with a job waiting behind it does not hold back the others', async () => {
    const queue = await openQueue();
    await queue.enqueue('alpha');
    expect(await queue.take(['alpha'])).toBeDefined();
    await queue.enqueue('alpha');
    await queue.enqueue('beta');
    expect(await queue.take(['alpha', 'beta'])).toMatchObject({ integrationId: 'beta' });
  });

  it('a failed sync waits for its backoff in the retry state, keeping its error and hint', async () => {
    const queue = await openQueue({ retryLimit: 2, retryDelaySeconds: 600 });
    await queue.enqueue('alpha');
    const job = await queue.take(['alpha']);
    const error = { code: 'RMM_ERR_AUTH', message: 'the API user was refused', hint: 'Check the password.' };
    await queue.fail(job!, { error });
    const [listed] = await queue.jobs();
    expect(listed).toMatchObject({ id: syncJob(job).id, integrationId: 'alpha', state: 'retry', retryLimit: 2, output: { error } });
    expect(Date.parse(listed!.startAfter) - Date.now()).toBeGreaterThan(60_000);
    // Still waiting: a new request merges into the retry rather than running before its backoff.
    expect(await queue.take(['alpha'])).toBeUndefined();
  });

  it('hands out a waiting script before any integration job, records its outcome for whoever waits, and never retries it', async () => {
    const queue = await openQueue();
    await queue.enqueue('alpha');
    await queue.enqueue('alpha', { kind: 'health' });
    const request = { computerId: 'c-1', script: { language: 'powershell' as const, body: 'hostname', timeoutMs: 60_000 }, actor: 'ops', maintenance: false };
    const ran = await queue.enqueueScript(request);
    const failed = await queue.enqueueScript({ ...request, computerId: 'c-2' });
    const first = (await queue.take(['alpha']))!;
    expect(first).toEqual({ id: ran, kind: 'script', request, retryCount: 0 });
    expect(await queue.outcome(ran)).toBeUndefined();
    const outcome = { status: 'success', durationMs: 5 };
    await queue.complete(first, outcome);
    expect(await queue.outcome(ran)).toEqual({ state: 'completed', output: outcome });
    const second = (await queue.take(['alpha']))!;
    expect(second).toMatchObject({ id: failed, kind: 'script' });
    const error = { code: 'RMM_ERR_NOT_FOUND', message: 'no agent reaches c-2', hint: 'Sync first.' };
    await queue.fail(second, { error });
    expect(await queue.outcome(failed)).toEqual({ state: 'failed', output: { error } });
    expect(await queue.take(['alpha'])).toMatchObject({ kind: 'health' });
    expect((await queue.jobs()).filter((job) => job.kind === 'script').map((job) => [job.computerId, job.integrationId, job.state]).sort()).toEqual([['c-1', null, 'completed'], ['c-2', null, 'failed']]);
  });

  it('hands on a job whose lease ran out unrenewed (its worker died), never one its worker renews', async () => {
    const queue = await openQueue({ expireInSeconds: 30, retryDelaySeconds: 0 });
    const schema = `queue_${schemas}`;
    await queue.enqueue('alive');
    await queue.enqueue('dead');
    const alive = (await queue.take(['alive']))!;
    const dead = syncJob(await queue.take(['dead']));
    // pg-boss's own maintenance, run now rather than on its timer, from another process's view.
    const maintenance = new PgBoss({ connectionString: database.url, schema, supervise: false, schedule: false, max: 1 });
    await maintenance.start();
    const rewind = (column: string, state: string): Promise<unknown> => maintenance.getDb().executeSql(`UPDATE ${schema}.job SET ${column} = ${column} - interval '1 hour' WHERE state = '${state}'`, []);
    try {
      // An hour passes for both running jobs; only the living worker renews its lease.
      await rewind('started_on', 'active');
      expect(await queue.renew(alive)).toBe(true);
      await maintenance.maintain();
      expect(await queue.renew(dead)).toBe(false);
      // The handed-on job's retry backoff passes too.
      await rewind('start_after', 'retry');
    } finally {
      await maintenance.stop({ graceful: false, wait: true });
    }
    expect(await queue.take(['alive'])).toBeUndefined();
    expect(await queue.take(['dead'])).toEqual({ id: dead.id, integrationId: 'dead', kind: 'sync', retryCount: 1 });
    expect((await queue.jobs()).map((job) => [job.integrationId, job.state])).toEqual(expect.arrayContaining([['alive', 'active'], ['dead', 'active']]));
  });
});

describe('SyncQueue identifying tenants', () => {
  it('keeps one identification waiting and one running per tenant in one queue, handed out together after the syncs', async () => {
    const queue = await openQueue();
    expect(await queue.enqueueIdentify(['ta', 'tb'])).toEqual([{ tenantId: 'ta', queued: true }, { tenantId: 'tb', queued: true }]);
    expect(await queue.enqueueIdentify(['ta'])).toEqual([{ tenantId: 'ta', queued: false }]);
    await queue.enqueue('alpha');
    expect(await queue.take(['alpha'])).toMatchObject({ kind: 'sync', integrationId: 'alpha' });
    // Every identification waiting, in one take.
    const first = batchOf(await queue.take(['alpha']));
    expect(first.jobs.map((job) => [job.tenantId, job.retryCount]).sort()).toEqual([['ta', 0], ['tb', 0]]);
    // Asked again while it runs: the run may have read the store before the latest listing, so one more waits.
    expect(await queue.enqueueIdentify(['ta', 'tc'])).toEqual([{ tenantId: 'ta', queued: true }, { tenantId: 'tc', queued: true }]);
    expect(await queue.enqueueIdentify(['ta'])).toEqual([{ tenantId: 'ta', queued: false }]);
    // The second run of ta waits for the first to end, and tc, waiting beside it, with it.
    expect(await queue.take([])).toBeUndefined();
    const tb = first.jobs.find((job) => job.tenantId === 'tb')!;
    const left = { status: 'left to a sync', waitingFor: ['alpha'], durationMs: 1 };
    await queue.complete(first, { status: 'identified', durationMs: 1 }, {}, new Map([[tb.id, left]]));
    const again = batchOf(await queue.take([]));
    expect(again.jobs.map((job) => job.tenantId).sort()).toEqual(['ta', 'tc']);
    expect(again.jobs.map((job) => job.id)).not.toContain(first.jobs.find((job) => job.tenantId === 'ta')!.id);
    const identifications = (await queue.jobs()).filter((job) => job.kind === 'identify').map((job) => [job.tenantId, job.integrationId, job.state, job.output]);
    expect(identifications.sort()).toEqual([
      ['ta', null, 'active', null],
      ['ta', null, 'completed', { status: 'identified', durationMs: 1 }],
      ['tb', null, 'completed', left],
      ['tc', null, 'active', null],
    ]);
  });

  it("renews and fails every job of a batch together, the failed ones retried", async () => {
    const queue = await openQueue({ retryLimit: 1, retryDelaySeconds: 600 });
    await queue.enqueueIdentify(['ta', 'tb', 'tc']);
    const batch = batchOf(await queue.take([]));
    expect(batch.jobs).toHaveLength(3);
    expect(await queue.renew(batch)).toBe(true);
    const error = { code: 'RMM_ERR_STORE_BUSY', message: 'the store stayed locked' };
    await queue.fail(batch, { error });
    expect((await queue.jobs()).map((job) => [job.tenantId, job.state, job.output]).sort()).toEqual([
      ['ta', 'retry', { error }],
      ['tb', 'retry', { error }],
      ['tc', 'retry', { error }],
    ]);
    // No longer running here: the lease of the batch is lost.
    expect(await queue.renew(batch)).toBe(false);
  });

  it("asks for a job's identifications in the transaction that records its end, or not at all", async () => {
    const queue = await openQueue({ retryLimit: 1, retryDelaySeconds: 600 });
    await queue.enqueue('alpha');
    await queue.enqueue('beta');
    const alpha = (await queue.take(['alpha']))!;
    const beta = (await queue.take(['beta']))!;
    // A tenant id PostgreSQL cannot store fails the request after ta's went in: alpha's end is undone with it.
    await expect(queue.complete(alpha, { status: 'succeeded', durationMs: 1 }, { identify: ['ta', 'nul\u0000'] })).rejects.toThrow();
    expect((await queue.jobs()).map((job) => [job.kind, job.integrationId ?? job.tenantId, job.state]).sort()).toEqual([['sync', 'alpha', 'active'], ['sync', 'beta', 'active']]);
    await queue.complete(alpha, { status: 'succeeded', durationMs: 1 }, { identify: ['ta', 'tb'] });
    await queue.fail(beta, { error: { code: 'RMM_ERR_TRANSIENT', message: 'reset' } }, { identify: ['tb', 'tc'] });
    expect((await queue.jobs()).map((job) => [job.kind, job.integrationId ?? job.tenantId, job.state]).sort()).toEqual([
      ['identify', 'ta', 'created'],
      ['identify', 'tb', 'created'],
      ['identify', 'tc', 'created'],
      ['sync', 'alpha', 'completed'],
      ['sync', 'beta', 'retry'],
    ]);
  });

  it('names the integrations with a sync waiting or running, not one waiting out its backoff', async () => {
    const queue = await openQueue({ retryLimit: 1, retryDelaySeconds: 600 });
    for (const id of ['alpha', 'beta', 'gamma', 'delta']) await queue.enqueue(id);
    await queue.take(['alpha']);
    await queue.fail((await queue.take(['beta']))!, { error: { code: 'RMM_ERR_TRANSIENT', message: 'reset' } });
    await queue.complete((await queue.take(['delta']))!, { status: 'succeeded', durationMs: 1 });
    expect(await queue.pendingSyncs(['alpha', 'beta', 'gamma', 'delta', 'never-asked'])).toEqual(['alpha', 'gamma']);
    expect(await queue.pendingSyncs([])).toEqual([]);
  });
});

describe('SyncWorker', () => {
  it('runs up to its concurrency at once, records each outcome, and lets running jobs finish when stopped', async () => {
    const queue = await openQueue({ retryLimit: 0 });
    for (const id of ['alpha', 'beta', 'gamma']) await queue.enqueue(id);
    const release = new Map<string, () => void>();
    const started: string[] = [];
    let bothStarted!: () => void;
    const twoRunning = new Promise<void>((resolve) => (bothStarted = resolve));
    const worker = new SyncWorker({
      queue,
      integrationIds: ['alpha', 'beta', 'gamma'],
      concurrency: 2,
      pollIntervalMs: 10,
      run: (job) =>
        new Promise((resolve) => {
          if (job.kind === 'script' || job.kind === 'identify') throw new Error('only syncs were asked for');
          started.push(job.integrationId);
          if (started.length === 2) bothStarted();
          release.set(job.integrationId, () =>
            resolve(job.integrationId === 'beta' ? { failed: true, output: { error: { code: 'RMM_ERR_TRANSIENT', message: 'reset' } } } : { failed: false, output: { status: 'succeeded', rowsWritten: 1, durationMs: 1 } }),
          );
        }),
    });
    worker.start();
    await twoRunning;
    expect(started).toHaveLength(2);
    const stopping = worker.stop();
    for (const id of started) release.get(id)!();
    await stopping;

    const jobs = await queue.jobs();
    const state = (id: string) => jobs.find((job) => job.integrationId === id)!.state;
    expect(started.map((id) => state(id)).sort()).toEqual(started.map((id) => (id === 'beta' ? 'failed' : 'completed')).sort());
    const untouched = ['alpha', 'beta', 'gamma'].find((id) => !started.includes(id))!;
    expect(state(untouched)).toBe('created');
  });
});

describe('SyncSchedule', () => {
  it('several schedulers get one scheduled sync per integration and interval, run or not; a request by hand still queues', async () => {
    const queue = await openQueue();
    // A week: the slot a check falls in cannot end between these calls.
    const intervals = { alpha: 7 * 24 * 3600, beta: 7 * 24 * 3600 };
    const onError = (error: unknown): never => { throw error; };
    const [first, second] = [new SyncSchedule({ queue, intervals, onError }), new SyncSchedule({ queue, intervals, onError })];
    expect(await first.check()).toEqual([{ integrationId: 'alpha', queued: true }, { integrationId: 'beta', queued: true }]);
    expect(await second.check()).toEqual([{ integrationId: 'alpha', queued: false }, { integrationId: 'beta', queued: false }]);
    const job = (await queue.take(['alpha']))!;
    await queue.complete(job, { status: 'succeeded', rowsWritten: 0, durationMs: 0 });
    expect(await second.check()).toContainEqual({ integrationId: 'alpha', queued: false });
    expect(await queue.enqueue('alpha')).toEqual({ integrationId: 'alpha', queued: true });
  });
});
