/**
 * Sync and health-check jobs on pg-boss: one queue per integration and kind, each with pg-boss's
 * `stately` policy, so an integration has at most one job of a kind waiting and one running, and
 * a request made while one waits is merged into it. One queue per integration rather than one queue keyed by integration:
 * pg-boss fetches a queue's oldest waiting job first, and a job whose integration is already
 * running cannot start, so in a shared queue it would block every integration behind it.
 * A failed job is retried by pg-boss with exponential backoff; a job whose worker died is
 * handed to another once its expiry passes.
 *
 * The expiry is a lease the running worker renews ({@link SyncQueue.renew}): pg-boss 10 expires
 * an active job a fixed time after it started and has no heartbeat of its own, so without
 * renewal the expiry would have to outlast the longest sync, and a dead worker's job would wait
 * that long too.
 *
 * Identifying a tenant is one more queue, shared by all tenants, with the same `stately` policy
 * keyed by tenant (pg-boss's singleton key): at most one identification of a tenant waits and
 * one runs. A worker takes every identification waiting at once (up to {@link IDENTIFY_BATCH})
 * and identifies their tenants in one run: each run surveys the whole fleet and holds the
 * store's identification lock, one process at a time, so the tenants of a batch share one
 * survey instead of queueing one each. A shared queue serves here where it would not for syncs:
 * pg-boss refuses a whole batch holding a tenant that is already being identified (its unique
 * index on the queue's running jobs), so the waiting jobs are held back until that run ends, but
 * they could not run meanwhile anyway, the lock being held. A sync job asks for its tenants'
 * identification in the transaction that records its end, so another worker never sees the
 * identification asked for while the sync still looks to be running.
 */
import pg from 'pg';
import PgBoss from 'pg-boss';

import type { ScriptRunOutcome, ScriptSpec } from '@rmm-hub/core';

import { retryingDeadlocks } from './deadlock-retry.js';

/**
 * What a job does to its integration: sync it, or run its health check (which records the report
 * `rmm-hub status` shows). Each kind has its own queue per integration, so a health check never
 * waits behind a sync.
 */
export type JobKind = 'sync' | 'health';
/** The kinds a worker asks for, in the order it asks: the quick health check first. */
const KINDS: readonly JobKind[] = ['health', 'sync'];

/** What a job carries. */
export interface SyncJobData {
  integrationId: string;
  kind: JobKind;
}

/** A script to run on a computer through whichever RMM reaches it, as `rmm-hub run-script` asks. */
export interface ScriptJobRequest {
  computerId: string;
  script: ScriptSpec;
  /** Who asked, for the audit log. */
  actor: string;
  maintenance: boolean;
}

/** A job a worker took: run it, then `complete` or `fail` it. */
export interface TakenSyncJob {
  id: string;
  integrationId: string;
  kind: JobKind;
  /** How many times it ran before (0 on its first run). */
  retryCount: number;
}

/** One tenant's identification job: identify its stored agents once no sync feeding them waits or runs. */
export interface IdentifyJob {
  id: string;
  tenantId: string;
  retryCount: number;
}

/** The identification jobs a worker took together (each of a different tenant), for one identification run. */
export interface TakenIdentifyJobs {
  kind: 'identify';
  jobs: readonly IdentifyJob[];
}

/** A script job a worker took: someone waits for its outcome. */
export interface TakenScriptJob {
  id: string;
  kind: 'script';
  request: ScriptJobRequest;
  retryCount: number;
}

export type TakenJob = TakenSyncJob | TakenScriptJob | TakenIdentifyJobs;

/** What recording a job's end also does, in the same transaction. */
export interface JobFollowUp {
  /** Tenants to identify (a request while one waits is merged into it). */
  identify?: readonly string[] | undefined;
}

/**
 * What the job records when it ends: the sync's figures, the health check's status, the
 * script's outcome, the identification's status (with the syncs it left the work to, if it
 * did), or the error with its hint.
 */
export type SyncJobOutput =
  | { status: string; durationMs: number; rowsWritten?: number; script?: ScriptRunOutcome; waitingFor?: string[] }
  | { error: { code: string; message: string; hint?: string | undefined } };

/** One job as `rmm-hub jobs` lists it. */
export interface SyncJobInfo {
  id: string;
  /** The integration a sync or health check is for (null for a script). */
  integrationId: string | null;
  /** The computer a script runs on (null for the rest). */
  computerId: string | null;
  /** The tenant an identification is for (null for the rest). */
  tenantId: string | null;
  kind: JobKind | 'script' | 'identify';
  state: 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';
  retryCount: number;
  retryLimit: number;
  createdOn: string;
  startedOn: string | null;
  completedOn: string | null;
  /** When a job waiting to retry may run again. */
  startAfter: string;
  output: SyncJobOutput | null;
}

export interface SyncQueueOptions {
  url: string;
  schema: string;
  /** Retries after a failed sync. @default 3 */
  retryLimit?: number;
  /** Seconds before the first retry, doubling after each. @default 60 */
  retryDelaySeconds?: number;
  /**
   * A running job's lease: a job not renewed ({@link SyncQueue.renew}) for this long is taken
   * to be lost (its worker died) and handed to another worker. @default 60
   */
  expireInSeconds?: number;
  /** How often pg-boss hands on expired jobs (one process does it for all). @default 20 */
  maintenanceIntervalSeconds?: number;
  /** pg-boss's background failures (its maintenance, a lost connection): the queue keeps going. */
  onError?: (error: unknown) => void;
}

const QUEUE_PREFIX = 'rmm-hub-';
const queueName = (kind: JobKind, integrationId: string): string => `${QUEUE_PREFIX}${kind}-${integrationId}`;
/** Scripts share one queue, asked before any integration's: someone waits for each. */
const SCRIPT_QUEUE = `${QUEUE_PREFIX}script`;
/** Every tenant's identification, one queue keyed by tenant (see above). */
const IDENTIFY_QUEUE = `${QUEUE_PREFIX}identify`;
/**
 * The most identification jobs taken at once. Bounds one run's unit of work (and the tenants a
 * failure sends back to retry) while covering a fleet's tenants in a few runs.
 */
export const IDENTIFY_BATCH = 200;
const queueOf = (job: TakenJob): string => (job.kind === 'script' ? SCRIPT_QUEUE : job.kind === 'identify' ? IDENTIFY_QUEUE : queueName(job.kind, job.integrationId));
/** The ids of the queue's jobs a taken job stands for. */
const idsOf = (job: TakenJob): string[] => (job.kind === 'identify' ? job.jobs.map((one) => one.id) : [job.id]);
/**
 * The longest `syncIntervalSeconds` the config takes. Ended jobs stay in pg-boss's job table this
 * long before it archives them: a scheduled job's slot is held by its row, so one archived
 * sooner would let a second scheduled sync into the same interval (pg-boss refuses such a
 * throttle for that reason).
 */
const LONGEST_INTERVAL_SECONDS = 7 * 24 * 3600;

export class SyncQueue {
  readonly #boss: PgBoss;
  /** pg-boss's connections, ours so that a job's end and what it asks for commit together. */
  readonly #pool: pg.Pool;
  readonly #options: Required<SyncQueueOptions>;
  readonly #created = new Set<string>();

  private constructor(boss: PgBoss, pool: pg.Pool, options: Required<SyncQueueOptions>) {
    this.#boss = boss;
    this.#pool = pool;
    this.#options = options;
  }

  /** Connects, and creates or updates pg-boss's schema (under pg-boss's own lock). */
  static async open(options: SyncQueueOptions): Promise<SyncQueue> {
    const settings = { retryLimit: 3, retryDelaySeconds: 60, expireInSeconds: 60, maintenanceIntervalSeconds: 20, onError: () => undefined, ...options };
    const pool = new pg.Pool({ connectionString: options.url, max: 4, application_name: 'pgboss' });
    pool.on('error', (error) => options.onError?.(error));
    const boss = new PgBoss({
      db: { executeSql: (text, values) => pool.query(text, values) },
      schema: options.schema,
      schedule: false,
      maintenanceIntervalSeconds: settings.maintenanceIntervalSeconds,
      archiveCompletedAfterSeconds: LONGEST_INTERVAL_SECONDS,
    });
    boss.on('error', (error) => options.onError?.(error));
    try {
      await boss.start();
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new SyncQueue(boss, pool, settings);
  }

  /** How long a running job's lease lasts: renew it well within this. */
  get leaseSeconds(): number {
    return this.#options.expireInSeconds;
  }

  /**
   * Asks for a sync of the integration; false when one was already waiting (the request is
   * merged into it). With `onceEverySeconds`, also false when one was already asked that way in
   * the same slot of that length (slots counted from the epoch, pg-boss's throttling): however
   * many schedulers ask, the integration gets one scheduled sync per interval.
   */
  async enqueue(integrationId: string, options: { kind?: JobKind; onceEverySeconds?: number } = {}): Promise<{ integrationId: string; queued: boolean }> {
    const kind = options.kind ?? 'sync';
    const name = await this.#queue(kind, integrationId);
    const throttle = options.onceEverySeconds === undefined ? {} : { singletonSeconds: options.onceEverySeconds };
    const id = await this.#boss.send(name, { integrationId, kind } satisfies SyncJobData, throttle);
    return { integrationId, queued: id !== null };
  }

  /**
   * Asks for each tenant's identification; per tenant, false when one was already waiting (the
   * request is merged into it).
   */
  enqueueIdentify(tenantIds: readonly string[]): Promise<{ tenantId: string; queued: boolean }[]> {
    return this.#askIdentification(tenantIds);
  }

  /** {@link enqueueIdentify}, through `db` when given (a transaction under way). */
  async #askIdentification(tenantIds: readonly string[], db?: PgBoss.Db): Promise<{ tenantId: string; queued: boolean }[]> {
    await this.#identifyQueue();
    const asked: { tenantId: string; queued: boolean }[] = [];
    for (const tenantId of tenantIds) {
      const id = await this.#boss.send(IDENTIFY_QUEUE, { kind: 'identify', tenantId }, { singletonKey: tenantId, ...(db ? { db } : {}) });
      asked.push({ tenantId, queued: id !== null });
    }
    return asked;
  }

  /**
   * Of these integrations, those with a sync waiting to run or running (not one waiting out a
   * retry's backoff: it failed, and asks for its tenants' identification again when it ends).
   */
  async pendingSyncs(integrationIds: readonly string[]): Promise<string[]> {
    if (integrationIds.length === 0) return [];
    const { rows } = await this.#pool.query<{ integrationId: string }>(
      `SELECT DISTINCT data->>'integrationId' AS "integrationId" FROM ${this.#options.schema}.job
        WHERE name = ANY($1::text[]) AND state IN ('created', 'active') ORDER BY 1`,
      [integrationIds.map((id) => queueName('sync', id))],
    );
    return rows.map((row) => row.integrationId);
  }

  /**
   * Asks for a script run; its job id, for {@link SyncQueue.outcome}. Never retried: a script
   * that failed or whose worker died may have done part of its work, and whoever asked decides.
   */
  async enqueueScript(request: ScriptJobRequest): Promise<string> {
    await this.#scriptQueue();
    const id = await this.#boss.send(SCRIPT_QUEUE, { kind: 'script', request });
    return id!;
  }

  /** A script job's state and output once it has ended (completed or failed), else undefined. */
  async outcome(jobId: string): Promise<{ state: 'completed' | 'failed' | 'cancelled'; output: SyncJobOutput | null } | undefined> {
    const job = await this.#boss.getJobById<unknown>(SCRIPT_QUEUE, jobId);
    if (!job || !['completed', 'failed', 'cancelled'].includes(job.state)) return undefined;
    return { state: job.state as 'completed' | 'failed' | 'cancelled', output: (job.output as SyncJobOutput | undefined) ?? null };
  }

  /**
   * Takes the next job: a waiting script first, else one of these integrations' jobs, trying them
   * from `from` on (each one's health check before its sync), else every tenant's identification
   * waiting, up to {@link IDENTIFY_BATCH} (after the syncs, which it would mostly wait for);
   * undefined when none waits.
   */
  async take(integrationIds: readonly string[], from = 0): Promise<TakenJob | undefined> {
    const [script] = await this.#boss.fetch<{ request: ScriptJobRequest }>(await this.#scriptQueue(), { includeMetadata: true });
    if (script) return { id: script.id, kind: 'script', request: script.data.request, retryCount: script.retryCount };
    for (let i = 0; i < integrationIds.length; i++) {
      const integrationId = integrationIds[(from + i) % integrationIds.length]!;
      for (const kind of KINDS) {
        const [job] = await this.#boss.fetch<SyncJobData>(await this.#queue(kind, integrationId), { includeMetadata: true });
        if (job) return { id: job.id, integrationId, kind, retryCount: job.retryCount };
      }
    }
    const identify = await this.#boss.fetch<{ tenantId: string }>(await this.#identifyQueue(), { includeMetadata: true, batchSize: IDENTIFY_BATCH });
    if (identify.length > 0) return { kind: 'identify', jobs: identify.map((job) => ({ id: job.id, tenantId: job.data.tenantId, retryCount: job.retryCount })) };
    return undefined;
  }

  /**
   * Records the job's end, and what it asks for next (`then`) in the same transaction. Each job
   * of a batch records `output`, but for those `outputs` gives their own (by job id).
   */
  async complete(job: TakenJob, output: SyncJobOutput, then: JobFollowUp = {}, outputs: ReadonlyMap<string, SyncJobOutput> = new Map()): Promise<void> {
    const shared = idsOf(job).filter((id) => !outputs.has(id));
    const ends = [...(shared.length > 0 ? [{ ids: shared, output }] : []), ...[...outputs].map(([id, own]) => ({ ids: [id], output: own }))];
    await this.#ending(then, ends.length > 1, async (db) => {
      for (const end of ends) await this.#endJobs('complete', queueOf(job), end.ids, end.output, db);
    });
  }

  /**
   * Fails the job (every job of a batch): pg-boss retries it after its backoff until the retries
   * run out. What it asks for next (`then`) is asked in the same transaction.
   */
  async fail(job: TakenJob, output: SyncJobOutput, then: JobFollowUp = {}): Promise<void> {
    await this.#ending(then, false, (db) => this.#endJobs('fail', queueOf(job), idsOf(job), output, db));
  }

  /**
   * Renews a running job's lease (every job's of a batch): it now expires `expireInSeconds` from
   * now. False when a job is no longer running here (its lease ran out and it was handed on, or
   * it ended).
   * pg-boss 10 offers no call for this, so it moves the deadline pg-boss's expiry reads
   * (`started_on + expire_in`) on the job's own row, leaving `started_on` true.
   */
  async renew(job: TakenJob): Promise<boolean> {
    const ids = idsOf(job);
    const { rows } = await this.#boss.getDb().executeSql(
      `UPDATE ${this.#options.schema}.job SET expire_in = (now() - started_on) + $3 * interval '1 second'
        WHERE name = $1 AND id = ANY($2::uuid[]) AND state = 'active' RETURNING id`,
      [queueOf(job), ids, this.#options.expireInSeconds],
    );
    return rows.length === ids.length;
  }

  /** The jobs pg-boss still keeps (waiting, running, retrying, and ended ones until archived), newest first. */
  async jobs(limit = 200): Promise<SyncJobInfo[]> {
    const { rows } = await this.#boss.getDb().executeSql(
      `SELECT id, data->>'integrationId' AS "integrationId", data->'request'->>'computerId' AS "computerId", data->>'tenantId' AS "tenantId", COALESCE(data->>'kind', 'sync') AS kind, state, retry_count AS "retryCount", retry_limit AS "retryLimit",
              created_on AS "createdOn", started_on AS "startedOn", completed_on AS "completedOn", start_after AS "startAfter", output
         FROM ${this.#options.schema}.job WHERE starts_with(name, $1) ORDER BY created_on DESC, id LIMIT $2`,
      [QUEUE_PREFIX, limit],
    );
    const iso = (value: Date | null): string | null => (value === null ? null : value.toISOString());
    return (rows as (Omit<SyncJobInfo, 'createdOn' | 'startedOn' | 'completedOn' | 'startAfter'> & Record<'createdOn' | 'startedOn' | 'completedOn' | 'startAfter', Date | null>)[]).map((row) => ({
      ...row,
      createdOn: iso(row.createdOn)!,
      startedOn: iso(row.startedOn),
      completedOn: iso(row.completedOn),
      startAfter: iso(row.startAfter)!,
    }));
  }

  /** Disconnects. Jobs this process still runs stay active until their expiry hands them on. */
  async close(): Promise<void> {
    await this.#boss.stop({ graceful: false, wait: true });
    await this.#pool.end();
  }

  /**
   * Runs `end` (a job's completion or failure, in `several` statements or one) and asks for
   * `then`'s jobs, in one transaction.
   */
  async #ending(then: JobFollowUp, several: boolean, end: (db: PgBoss.Db) => Promise<unknown>): Promise<void> {
    const tenantIds = then.identify ?? [];
    if (tenantIds.length === 0 && !several) {
      await end(this.#boss.getDb());
      return;
    }
    await this.#identifyQueue();
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const db: PgBoss.Db = { executeSql: (text, values) => client.query(text, values) };
      await end(db);
      await this.#askIdentification(tenantIds, db);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * Completes or fails the jobs, each recording `output`. pg-boss 10 takes several ids with one
   * output (its manager maps either), though its types pair an output with a single id only.
   */
  async #endJobs(how: 'complete' | 'fail', name: string, ids: string[], output: SyncJobOutput, db: PgBoss.Db): Promise<void> {
    const end = this.#boss[how].bind(this.#boss) as (name: string, ids: string[], data: object, options: PgBoss.ConnectionOptions) => Promise<unknown>;
    await end(name, ids, output, { db });
  }

  #identifyQueue(): Promise<string> {
    return this.#statelyQueue(IDENTIFY_QUEUE);
  }

  async #scriptQueue(): Promise<string> {
    if (!this.#created.has(SCRIPT_QUEUE)) {
      const settings = { name: SCRIPT_QUEUE, policy: 'standard' as const, retryLimit: 0, expireInSeconds: this.#options.expireInSeconds };
      await this.#ensureQueue(SCRIPT_QUEUE, settings);
      this.#created.add(SCRIPT_QUEUE);
    }
    return SCRIPT_QUEUE;
  }

  #queue(kind: JobKind, integrationId: string): Promise<string> {
    return this.#statelyQueue(queueName(kind, integrationId));
  }

  /** A queue with the `stately` policy, retrying failed jobs with backoff. */
  async #statelyQueue(name: string): Promise<string> {
    if (!this.#created.has(name)) {
      const { retryLimit, retryDelaySeconds, expireInSeconds } = this.#options;
      const settings = { name, policy: 'stately' as const, retryLimit, retryDelay: retryDelaySeconds, retryBackoff: true, expireInSeconds };
      await this.#ensureQueue(name, settings);
      this.#created.add(name);
    }
    return name;
  }

  /** Creates the queue, or makes an existing one's settings these (creating leaves it as it was). */
  async #ensureQueue(name: string, settings: PgBoss.Queue): Promise<void> {
    await retryingDeadlocks(() => this.#boss.createQueue(name, settings));
    await retryingDeadlocks(() => this.#boss.updateQueue(name, settings));
  }
}
