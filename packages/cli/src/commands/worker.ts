import type { Command } from 'commander';

import type { RmmHub } from '@rmm-hub/hub';
import { SyncSchedule, SyncWorker, type JobOutcome, type SyncJobOutput, type SyncQueue, type TakenIdentifyJobs, type TakenJob } from '@rmm-hub/worker';

import { openHub } from '../context.js';
import { positiveInt } from '../flags.js';
import { hostOptions, openConfig } from '../global-options.js';
import { createOutput } from '../output.js';
import { attachProgress } from '../progress.js';
import { configuredQueue } from '../queue.js';
import { reportWaiting } from './sync.js';

/**
 * `rmm-hub worker`: runs sync jobs from the queue (config `queue:`) until SIGTERM or SIGINT, then
 * takes no new job and lets the running ones finish. Any number of workers may run, here or on
 * other machines: the queue runs each integration's sync on one of them at a time. A sync job
 * lists only, and asks for the identification of each tenant its listings feed, a job per tenant;
 * a worker takes every such job waiting and identifies, in one run, the tenants no sync feeding
 * them waits or runs for. With
 * `--schedule` it also asks for each integration's sync every `syncIntervalSeconds`; the queue
 * keeps one such request per interval, so any number of workers may schedule.
 */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('Run script, health-check, sync and identification jobs from the job queue (config `queue:`) until SIGTERM or Ctrl-C, which lets the running jobs finish')
    .option('--concurrency <n>', 'jobs run at once', '1')
    .option('--schedule', "also ask for each integration's sync every syncIntervalSeconds (config, else the plugin's default); several workers may: the queue keeps one per interval")
    .action(async (options: { concurrency: string; schedule?: boolean }) => {
      const concurrency = positiveInt('--concurrency', options.concurrency, 64);
      const { loaded } = openConfig(program);
      const configured = configuredQueue(loaded);
      const hub = await openHub(loaded, hostOptions(program, 'write'));
      hub.redactor.add(configured.url);
      const out = createOutput(false, hub.redactor);
      reportWaiting(hub, out.note);
      const detach = attachProgress(hub);
      let queue: SyncQueue | undefined;
      try {
        const opened = await configured.open(out.note);
        queue = opened;
        const ready = hub.integrations().filter((i) => i.state === 'ready').map((i) => i.id);
        const worker = new SyncWorker({
          queue,
          integrationIds: ready,
          concurrency,
          pollIntervalMs: configured.pollIntervalSeconds * 1000,
          run: async (job) => {
            if (job.kind === 'script') {
              const { computerId, script, actor, maintenance } = job.request;
              const outcome = await hub.runScript(computerId, script, { actor, ...(maintenance ? { maintenance: true } : {}) });
              // The script ran (whatever its exit code): the job completed, and never runs again.
              return { failed: false, output: { status: outcome.result.status, durationMs: outcome.result.durationMs, script: outcome } };
            }
            if (job.kind === 'health') {
              const started = performance.now();
              const health = await hub.call(job.integrationId, 'HealthCheck');
              return { failed: health.status === 'unhealthy', output: { status: health.status, durationMs: Math.round(performance.now() - started) } };
            }
            if (job.kind === 'identify') return await identifyWhenListed(hub, opened, job);
            const report = await hub.sync({ integrationIds: [job.integrationId], identify: false });
            const synced = report.integrations.find((r) => r.integrationId === job.integrationId);
            if (!synced) return { failed: true, output: { error: { code: 'RMM_ERR_CONFIG', message: `integration "${job.integrationId}" is not ready in this worker`, hint: 'Run `rmm-hub status` with this config to see why.' } } };
            const output: SyncJobOutput = synced.error ? { error: synced.error } : { status: synced.status, rowsWritten: report.rowsWritten, durationMs: synced.durationMs };
            // Failed or not, the tenants it feeds are asked for: an identification may have left its work to this sync.
            return { failed: synced.status !== 'succeeded', output, then: { identify: report.tenantIds } };
          },
          onError: (error) => out.note(`queue: ${error instanceof Error ? error.message : String(error)}`),
          onJob: ({ job, phase, output, outputs }) => out.note(`${subjectOf(job)}: ${phase}${output && 'error' in output ? ` [${output.error.code}] ${output.error.message}` : job.kind === 'identify' && outputs ? identifiedNote(job, outputs) : ''}`),
        });
        const stopped = new Promise<NodeJS.Signals>((resolve) => {
          process.once('SIGINT', () => resolve('SIGINT'));
          process.once('SIGTERM', () => resolve('SIGTERM'));
        });
        const intervals = hub.schedule().intervals();
        const schedule = options.schedule ? new SyncSchedule({ queue, intervals, onError: (error) => out.note(`schedule: ${error instanceof Error ? error.message : String(error)}`) }) : undefined;
        worker.start();
        schedule?.start();
        out.note(`worker: syncing ${ready.join(', ') || 'nothing (no integration is ready)'}, ${concurrency} at a time; Ctrl-C to stop`);
        if (schedule) out.note(`schedule: ${Object.entries(intervals).map(([id, s]) => `${id} every ${s} s`).join(', ') || 'nothing (no integration is ready)'}`);
        const signal = await stopped;
        out.note(`${signal}: finishing the running jobs`);
        schedule?.stop();
        await worker.stop();
      } finally {
        detach();
        await queue?.close();
        await hub.close();
      }
    });
}

/**
 * Identifies the jobs' tenants once the listings feeding them have finished, in one run: a
 * tenant one of whose linked integrations has a sync waiting or running is left out (its job
 * records the syncs it waits for), as that sync asks for the tenant's identification again when
 * it ends.
 */
async function identifyWhenListed(hub: RmmHub, queue: SyncQueue, taken: TakenIdentifyJobs): Promise<JobOutcome> {
  const started = performance.now();
  const feeding = await Promise.all(taken.jobs.map((job) => hub.integrationsFeeding(job.tenantId)));
  const pending = new Set(await queue.pendingSyncs([...new Set(feeding.flat())]));
  const waitingFor = feeding.map((ids) => ids.filter((id) => pending.has(id)));
  const ready = taken.jobs.filter((_, i) => waitingFor[i]!.length === 0).map((job) => job.tenantId);
  if (ready.length > 0) await hub.identifyTenants(ready);
  const durationMs = Math.round(performance.now() - started);
  const outputs = new Map<string, SyncJobOutput>(taken.jobs.flatMap((job, i) => (waitingFor[i]!.length > 0 ? [[job.id, { status: 'left to a sync', waitingFor: waitingFor[i]!, durationMs }] as const] : [])));
  return { failed: false, output: { status: 'identified', durationMs }, outputs };
}

/** What a completed batch of identification jobs did: " (3 identified; 1 left to the sync of nc-prod)". */
function identifiedNote(taken: TakenIdentifyJobs, outputs: ReadonlyMap<string, SyncJobOutput>): string {
  const waitingFor = [...new Set([...outputs.values()].flatMap((output) => ('waitingFor' in output ? (output.waitingFor ?? []) : [])))].sort();
  const left = outputs.size > 0 ? `; ${outputs.size} left to the sync of ${waitingFor.join(', ')}` : '';
  return ` (${taken.jobs.length - outputs.size} identified${left})`;
}

/** The job in a worker's notes: `nc-prod`, `nc-prod health`, `script on <computer>`, `identify <tenant>`, `identify 12 tenants`. */
function subjectOf(job: TakenJob): string {
  if (job.kind === 'script') return `script on ${job.request.computerId}`;
  if (job.kind === 'identify') return job.jobs.length === 1 ? `identify ${job.jobs[0]!.tenantId}` : `identify ${job.jobs.length} tenants`;
  return job.kind === 'sync' ? job.integrationId : `${job.integrationId} health`;
}
