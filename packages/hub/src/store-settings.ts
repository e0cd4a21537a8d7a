/**
 * The config's `store:` settings, resolved: the SQLite file's absolute path, or the PostgreSQL
 * connection with its URL read from the secret it refers to (a literal is refused like any
 * credential's) and the CA file placed relative to the config file.
 */
import { isAbsolute, resolve } from 'node:path';

import { resolveSecretReferences, SecretRedactor, type LoadedConfig } from '@rmm-hub/core';
import type * as PostgresModule from '@rmm-hub/store-postgres';
import type { PostgresConnectionOptions } from '@rmm-hub/store-postgres';

/** The PostgreSQL store's package, loaded only when a config names it: node-postgres is for those configs alone. */
export const loadPostgresStore = (): Promise<typeof PostgresModule> => import('@rmm-hub/store-postgres');

export type StoreSettings =
  | { kind: 'sqlite'; path: string }
  | { kind: 'postgres'; connection: PostgresConnectionOptions; redactor: SecretRedactor };

export function storeSettings(loaded: Pick<LoadedConfig, 'config' | 'baseDir'>, env: NodeJS.ProcessEnv = process.env): StoreSettings {
  const settings = loaded.config.store;
  if (settings.kind === 'sqlite') return { kind: 'sqlite', path: resolve(loaded.baseDir, settings.path) };
  const redactor = new SecretRedactor();
  const { url } = resolveSecretReferences({ url: settings.url }, ['url'], ['store'], { env, baseDir: loaded.baseDir, redactor }) as { url: string };
  const caFile = settings.caFile === undefined ? undefined : isAbsolute(settings.caFile) ? settings.caFile : resolve(loaded.baseDir, settings.caFile);
  return { kind: 'postgres', connection: { url, schema: settings.schema, sslmode: settings.sslmode, caFile }, redactor };
}

/**
 * A PostgreSQL URL given on the command line (`--to`, `--pg-url`): a secret reference as in a
 * config (`env:NAME`, `file:PATH`), or the URL itself.
 */
export function postgresUrlArgument(value: string, flag: string, env: NodeJS.ProcessEnv = process.env, baseDir = process.cwd()): string {
  if (!/^(env|file):/.test(value.trim())) return value;
  return (resolveSecretReferences({ [flag]: value }, [flag], [], { env, baseDir, redactor: new SecretRedactor() }) as Record<string, string>)[flag] as string;
}
