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
  })
  .strict();
export type QueueConfig = z.infer<typeof QueueConfig>;
