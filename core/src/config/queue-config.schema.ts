/**
 * Where sync jobs wait for worker processes: a pg-boss queue in PostgreSQL (it may share the
 * store's server). Optional: without it `rmm-hub sync` runs everything in one process. The URL
 * carries a password, so it is a secret reference like the PostgreSQL store's.
 */
import { z } from 'zod';

import { secret } from './secret-field.js';
import { PostgresSchemaName } from './store-config.schema.js';

export const QueueConfig = z
  .object({
    kind: z.literal('pg-boss').describe('The job queue: pg-boss, in PostgreSQL (needed by `rmm-hub worker`, `sync --enqueue` and `jobs`)'),
    url: secret(z.string().min(1).describe('postgres://user:password@host:5432/database')),
    schema: PostgresSchemaName.default('rmm_hub_queue')
      .describe("The PostgreSQL schema holding pg-boss's tables, created if missing"),
    expireInSeconds: z.number().int().min(3).max(86_400).default(60)
      .describe("A running job's lease: its worker renews it every third of this while it runs, so a sync of any length keeps it; a worker that died (SIGKILL, lost machine) stops renewing, and its job is handed to another worker once this has passed since the last renewal"),
    maintenanceIntervalSeconds: z.number().int().min(1).max(3_600).default(20)
      .describe("How often pg-boss looks for expired leases (one worker does it for all): a dead worker's job runs elsewhere within expireInSeconds + twice this (pg-boss skips a run that comes a moment early) + twice retryDelaySeconds + pollIntervalSeconds"),
    retryDelaySeconds: z.number().int().min(1).max(86_400).default(60)
      .describe('Wait before the first retry of a failed or handed-on job, doubling (with jitter) for each further retry'),
    pollIntervalSeconds: z.number().min(0.1).max(300).default(2)
      .describe('How often an idle worker asks the queue for work'),
  })
  .strict();
export type QueueConfig = z.infer<typeof QueueConfig>;
