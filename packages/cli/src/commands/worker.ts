import type { Command } from 'commander';

import { SyncSchedule, SyncWorker, type SyncJobOutput, type SyncQueue } from '@rmm-hub/worker';

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
 * other machines: the queue runs each integration's sync on one of them at a time. With
 * `--schedule` it also asks for each integration's sync every `syncIntervalSeconds`; the queue
 * keeps one such request per interval, so any number of workers may schedule.
 */
export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('Run script, health-check and sync jobs from the job queue (config `queue:`) until SIGTERM or Ctrl-C, which lets the running jobs finish')
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
        queue = await configured.open(out.note);
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
            const report = await hub.sync({ integrationIds: [job.integrationId] });
            const synced = report.integrations.find((r) => r.integrationId === job.integrationId);
            if (!synced) return { failed: true, output: { error: { code: 'RMM_ERR_CONFIG', message: `integration "${job.integrationId}" is not ready in this worker`, hint: 'Run `rmm-hub status` with this config to see why.' } } };
            const output: SyncJobOutput = synced.error ? { error: synced.error } : { status: synced.status, rowsWritten: report.rowsWritten, durationMs: synced.durationMs };
            return { failed: synced.status !== 'succeeded', output };
          },
          onError: (error) => out.note(`queue: ${error instanceof Error ? error.message : String(error)}`),
          onJob: ({ job, phase, output }) => out.note(`${job.kind === 'script' ? `script on ${job.request.computerId}` : job.kind === 'sync' ? job.integrationId : `${job.integrationId} health`}: ${phase}${output && 'error' in output ? ` [${output.error.code}] ${output.error.message}` : ''}`),
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
