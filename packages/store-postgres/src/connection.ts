/**
 * From what an administrator writes (`url`, `schema`, `sslmode`, `caFile`) to node-postgres's
 * pool settings. The URL carries the password, so nothing here ever puts it (or the URL) in an
 * error: a bad URL is reported by what is wrong with it, not by echoing it.
 */
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';

import type pg from 'pg';

import { ConfigError } from '@rmm-hub/core';

/**
 * libpq's TLS modes that node-postgres can honour: no TLS, TLS without checking the server,
 * TLS with the server's certificate checked against the CA, and that plus its host name.
 * (`allow` and `prefer` fall back to plain text on failure, which node-postgres does not do.)
 */
export const SSL_MODES = ['disable', 'require', 'verify-ca', 'verify-full'] as const;
export type SslMode = (typeof SSL_MODES)[number];

/** A server that accepts the connection but never answers is out of reach all the same. */
export const CONNECT_TIMEOUT_MS = 10_000;

/** The schema an rmm-hub store lives in unless told: its own, apart from the platform's tables. */
export const DEFAULT_SCHEMA = 'rmm_hub';

/** Unquoted PostgreSQL identifiers as written, no case folding to reason about: at most 63 bytes. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PostgresConnectionOptions {
  /** `postgres://user:password@host:port/database`; `?sslmode=` and `?host=` (a socket folder) are read too. */
  url: string;
  /** @default DEFAULT_SCHEMA */
  schema?: string | undefined;
  /** @default `verify-full`, or `disable` for a server on loopback or a Unix socket */
  sslmode?: SslMode | undefined;
  /** PEM file of the CA that signed the server's certificate (verify-ca, verify-full). */
  caFile?: string | undefined;
}

/** Where the store connects, safe to show: never the password. */
export interface ServerRef {
  host: string;
  port: number;
  database: string;
  user: string;
}

export interface ResolvedConnection {
  pool: pg.PoolConfig;
  schema: string;
  server: ServerRef;
  /** The password, for scrubbing from whatever the server or driver says. */
  password: string | undefined;
}

export function resolveConnection(options: PostgresConnectionOptions): ResolvedConnection {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  if (!SCHEMA_NAME.test(schema)) {
    throw new ConfigError('store.schema', `"${schema}" is not a schema name rmm-hub accepts`, {
      hint: 'Use lower-case letters, digits and underscores, starting with a letter or underscore, at most 63 characters (e.g. rmm_hub or msp_contoso).',
    });
  }
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new ConfigError('store.url', 'is not a URL', { hint: 'Write it as postgres://user:password@host:5432/database (percent-encode special characters in the password).' });
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError('store.url', `has the scheme "${url.protocol.slice(0, -1)}"; a PostgreSQL URL starts with postgres:// or postgresql://`);
  }
  const socketFolder = url.searchParams.get('host') ?? undefined;
  const host = socketFolder ?? (decodeURIComponent(url.hostname).replace(/^\[(.*)\]$/, '$1') || 'localhost');
  const server: ServerRef = {
    host,
    port: url.port ? Number(url.port) : 5432,
    database: decodeURIComponent(url.pathname.slice(1)) || decodeURIComponent(url.username) || 'postgres',
    user: decodeURIComponent(url.username),
  };
  const password = url.password ? decodeURIComponent(url.password) : undefined;
  const sslmode = options.sslmode ?? sslModeOfUrl(url) ?? (isLocal(host) ? 'disable' : 'verify-full');
  return {
    schema,
    server,
    password,
    pool: {
      host: server.host,
      port: server.port,
      database: server.database,
      ...(server.user ? { user: server.user } : {}),
      ...(password !== undefined ? { password } : {}),
      ssl: tlsSettings(sslmode, options.caFile),
      // Every connection sees the store's tables first, and speaks UTC.
      options: `-c search_path=${schema} -c TimeZone=UTC`,
      application_name: 'rmm-hub',
    },
  };
}

function sslModeOfUrl(url: URL): SslMode | undefined {
  const mode = url.searchParams.get('sslmode');
  if (mode === null) return undefined;
  if (!(SSL_MODES as readonly string[]).includes(mode)) {
    throw new ConfigError('store.url', `asks for sslmode=${mode}, which rmm-hub does not support`, { hint: `Use one of ${SSL_MODES.join(', ')} (in the URL or as store.sslmode).` });
  }
  return mode as SslMode;
}

function isLocal(host: string): boolean {
  return host.startsWith('/') || host === 'localhost' || host === '::1' || /^127\./.test(host);
}

function tlsSettings(mode: SslMode, caFile: string | undefined): false | ConnectionOptions {
  if (caFile !== undefined && (mode === 'disable' || mode === 'require')) {
    throw new ConfigError('store.caFile', `is set but sslmode is ${mode}, which does not check the server's certificate`, { hint: 'Set store.sslmode to verify-full (or verify-ca), or remove store.caFile.' });
  }
  if (mode === 'disable') return false;
  if (mode === 'require') return { rejectUnauthorized: false };
  const ca = caFile === undefined ? {} : { ca: readCa(caFile) };
  // verify-ca checks the chain but not that the certificate names the host connected to.
  return mode === 'verify-ca' ? { ...ca, checkServerIdentity: () => undefined } : ca;
}

function readCa(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ConfigError('store.caFile', `cannot be read (${(cause as NodeJS.ErrnoException).code ?? 'unknown error'}): ${file}`, { hint: 'Point store.caFile at the PEM file of the CA that signed the server certificate, readable by the user running rmm-hub.' });
  }
}
