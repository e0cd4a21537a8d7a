/**
 * Where rmm-hub keeps its data: an SQLite file (the default, nothing to run) or a PostgreSQL
 * server shared by several processes. The PostgreSQL URL carries a password, so it is a secret
 * reference like every other credential in the file.
 */
import { z } from 'zod';

import { secret } from './secret-field.js';

export const SqliteStoreConfig = z
  .object({
    kind: z.literal('sqlite').default('sqlite').describe('Where rmm-hub keeps its data: sqlite (one file, the default) or postgres'),
    path: z.string().min(1).default('./rmm-hub.db').describe('SQLite database file, relative to this file'),
  })
  .strict();
export type SqliteStoreConfig = z.infer<typeof SqliteStoreConfig>;

/** Schema names rmm-hub accepts: unquoted lower-case PostgreSQL identifiers (validated again by the store). */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** A PostgreSQL schema name as the config accepts it (the store's and the job queue's). */
export const PostgresSchemaName = z
  .string()
  .regex(SCHEMA_NAME, 'must be lower-case letters, digits and underscores, starting with a letter or underscore (at most 63)');

export const PostgresStoreConfig = z
  .object({
    kind: z.literal('postgres'),
    url: secret(z.string().min(1).describe('postgres://user:password@host:5432/database')),
    schema: PostgresSchemaName.default('rmm_hub')
      .describe("The PostgreSQL schema holding this store's tables, created if missing: one per MSP lets one server hold many apart"),
    sslmode: z
      .enum(['disable', 'require', 'verify-ca', 'verify-full'])
      .optional()
      .describe('TLS as libpq spells it; default verify-full, or disable for a server on loopback or a Unix socket'),
    caFile: z.string().min(1).optional().describe("PEM file of the CA that signed the server's certificate, relative to this file"),
  })
  .strict();
export type PostgresStoreConfig = z.infer<typeof PostgresStoreConfig>;

export const StoreConfig = z.discriminatedUnion('kind', [SqliteStoreConfig, PostgresStoreConfig]);
export type StoreConfig = z.infer<typeof StoreConfig>;
