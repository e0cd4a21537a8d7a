/**
 * A worker process's loop: take up to `concurrency` jobs at a time from the queue (a batch of
 * identification jobs counting as one), run each through the caller's `run`, and record how it
 * ended. Stopping takes no new job and lets the running ones finish, so none is left for the
 * expiry to hand on. While a job runs, its lease (every job's of a batch) is renewed every third
 * of its length, so only a worker that died loses its jobs to another.
 */
import { setTimeout as sleep } from 'node:timers/promises';

import { isRmmError } from '@rmm-hub/core';

import type { JobFollowUp, SyncJobOutput, SyncQueue, TakenJob } from './sync-queue.js';

/** How a job ended, and what it asks for next (recorded with its end, in one transaction). */
export interface JobOutcome {
  failed: boolean;
  output: SyncJobOutput;
  /** Of a batch that completed, the jobs that record an output of their own instead of `output` (by job id). */
  outputs?: ReadonlyMap<string, SyncJobOutput> | undefined;
  then?: JobFollowUp | undefined;
}

export interface SyncWorkerOptions {
  queue: Pick<SyncQueue, 'take' | 'complete' | 'fail' | 'renew' | 'leaseSeconds'>;
  /** The integrations this worker syncs (the config's ready ones). */
  integrationIds: readonly string[];
  /** Jobs run at once. @default 1 */
  concurrency?: number;
  /** How long to wait before looking again when no job waits. @default 2000 */
  pollIntervalMs?: number;
  /** Runs one job: `failed` (with its error) makes pg-boss retry it. */
  run: (job: TakenJob) => Promise<JobOutcome>;
  /**
   * Told when the queue cannot be reached (taking, completing or failing a job): the worker
   * keeps going and asks again after `pollIntervalMs`; a job it could not record is handed on by
   * its expiry. Also told when a running job's lease could not be renewed in time and another
   * worker may take it.
   */
  onError?: (error: unknown) => void;
  /** Told when a job starts and ends. */
  onJob?: (event: { job: TakenJob; phase: 'started' | 'completed' | 'failed'; output?: SyncJobOutput; outputs?: ReadonlyMap<string, SyncJobOutput> }) => void;
}

export class SyncWorker {
  readonly #options: SyncWorkerOptions;
  readonly #running = new Set<Promise<void>>();
  readonly #stop = new AbortController();
  #next = 0;
  #loop: Promise<void> | undefined;

  constructor(options: SyncWorkerOptions) {
    this.#options = options;
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /** Takes no new job and resolves once the running ones have ended. */
  async stop(): Promise<void> {
    this.#stop.abort();
    await this.#loop;
    await Promise.all(this.#running);
  }

  readonly #reported = (error: unknown): undefined => {
    this.#options.onError?.(error);
    return undefined;
  };

  async #run(): Promise<void> {
    const { queue, integrationIds, concurrency = 1, pollIntervalMs = 2000 } = this.#options;
    const stopped = this.#stop.signal;
    while (!stopped.aborted) {
      if (this.#running.size >= concurrency) {
        await Promise.race(this.#running);
        continue;
      }
      // Start each look one integration further on, so a busy integration never shadows the rest.
      const job = integrationIds.length ? await queue.take(integrationIds, this.#next++ % integrationIds.length).catch(this.#reported) : undefined;
      if (job) {
        const running: Promise<void> = this.#execute(job).finally(() => this.#running.delete(running));
        this.#running.add(running);
      } else {
        await sleep(pollIntervalMs, undefined, { signal: stopped }).catch(() => undefined);
      }
    }
  }

  async #execute(job: TakenJob): Promise<void> {
    const { queue, run, onJob } = this.#options;
    onJob?.({ job, phase: 'started' });
    let ended = false;
    const renewal = setInterval(() => {
      queue.renew(job).then(
        // A renewal racing the job's completion finds it ended: nothing was lost.
        (held) => held || ended || this.#reported(new Error(`the lease of ${jobSubject(job)} ran out before it was renewed: another worker may run it too`)),
        this.#reported,
      );
    }, (queue.leaseSeconds * 1000) / 3);
    let outcome: JobOutcome;
    try {
      outcome = await run(job);
    } catch (error) {
      const summary = isRmmError(error) ? { code: error.code, message: error.message, hint: error.hint } : { code: 'RMM_ERR_INTERNAL', message: error instanceof Error ? error.message : String(error) };
      outcome = { failed: true, output: { error: summary } };
    } finally {
      ended = true;
      clearInterval(renewal);
    }
    try {
      await (outcome.failed ? queue.fail(job, outcome.output, outcome.then) : queue.complete(job, outcome.output, outcome.then, outcome.outputs));
    } catch (error) {
      this.#reported(error);
      return;
    }
    onJob?.({ job, phase: outcome.failed ? 'failed' : 'completed', output: outcome.output, ...(!outcome.failed && outcome.outputs ? { outputs: outcome.outputs } : {}) });
  }
}

/** Which job it is, in words: "script job 1f…", "alpha's job 1f…", "tenant acme's job 1f…", "12 tenants' identification jobs". */
function jobSubject(job: TakenJob): string {
  if (job.kind === 'identify') return job.jobs.length === 1 ? `tenant ${job.jobs[0]!.tenantId}'s job ${job.jobs[0]!.id}` : `${job.jobs.length} tenants' identification jobs`;
  return `${job.kind === 'script' ? 'script' : `${job.integrationId}'s`} job ${job.id}`;
}
