import type { Command } from 'commander';

import { openConfig } from '../global-options.js';
import { createOutput, table } from '../output.js';
import { configuredQueue } from '../queue.js';

/** `rmm-hub jobs`: the jobs on the queue (scripts, health checks, syncs and tenants' identifications), waiting, running, retrying and ended, with their errors and hints. */
export function registerJobs(program: Command): void {
  program
    .command('jobs')
    .description('List the jobs on the job queue (config `queue:`), scripts, health checks, syncs and identifications: waiting, running, retrying, failed and done, with errors and hints')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const { loaded } = openConfig(program);
      const configured = configuredQueue(loaded);
      const out = createOutput(Boolean(options.json), configured.redactor);
      const queue = await configured.open(out.note);
      try {
        const jobs = await queue.jobs();
        out.result({ jobs }, () => {
          if (jobs.length === 0) return 'no jobs on the queue (`rmm-hub sync --enqueue` and `rmm-hub check --enqueue` put one per integration, `rmm-hub run-script --enqueue` one script)';
          const subject = (job: (typeof jobs)[number]): string => job.integrationId ?? (job.tenantId !== null ? `tenant ${job.tenantId}` : `computer ${job.computerId ?? '?'}`);
          const rows = jobs.map((job) => [subject(job), job.kind, job.state, `${job.retryCount}/${job.retryLimit}`, job.createdOn, job.state === 'retry' ? job.startAfter : (job.completedOn ?? job.startedOn ?? '-'), job.id]);
          const lines = [table(['FOR', 'KIND', 'STATE', 'RETRIES', 'CREATED', 'STARTED/ENDED/NEXT TRY', 'JOB'], rows)];
          for (const job of jobs) {
            if (job.output && 'error' in job.output) lines.push(`${subject(job)} ${job.kind} (${job.state}): [${job.output.error.code}] ${job.output.error.message}${job.output.error.hint ? `\n  hint: ${job.output.error.hint}` : ''}`);
          }
          return lines.join('\n');
        });
      } finally {
        await queue.close();
      }
    });
}
