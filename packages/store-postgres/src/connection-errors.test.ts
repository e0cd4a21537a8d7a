import { createServer, type Server, type Socket } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ErrorCodes, RmmError } from '@rmm-hub/core';

import { PostgresStore } from './postgres-store.js';
import { useTestDatabase } from './test-support/test-database.js';

const database = useTestDatabase();

/** A password with characters that change between the forms it travels in (URL-encoded, JSON). */
const PASSWORD = 'S3cr3t/pa ss@word"';

/** Everything an error could show a person or a log: message, hint, context, cause, its JSON. */
function everything(error: unknown): string {
  const e = error as RmmError;
  return [e.message, e.hint, JSON.stringify(e.context), String(e.cause), JSON.stringify(e), e.stack].join('\n');
}

function urlWith(password: string, port?: number): string {
  const url = new URL(database.url);
  url.password = encodeURIComponent(password);
  if (port !== undefined) url.port = String(port);
  return url.toString();
}

let closedPort: number;
let silent: Server;
const silentSockets = new Set<Socket>();

beforeAll(async () => {
  // A port that accepts nothing: listen, note it, close.
  closedPort = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const port = (probe.address() as { port: number }).port;
      probe.close(() => resolve(port));
    });
  });
  // A server that accepts connections and never answers: a PostgreSQL that hangs.
  silent = createServer((socket) => {
    silentSockets.add(socket);
    socket.on('error', () => undefined);
  }).listen(0, '127.0.0.1');
});

afterAll(async () => {
  for (const socket of silentSockets) socket.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
});

describe('connection failures as coded errors, never with the password', () => {
  it('a wrong password: RMM_ERR_STORE_AUTH, naming the user and server', async () => {
    const error = await PostgresStore.open({ url: urlWith(PASSWORD) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RmmError);
    expect(error).toMatchObject({ code: ErrorCodes.storeAuth, hint: expect.stringMatching(/password in store\.url/) });
    expect((error as RmmError).message).toMatch(/rmm_test/);
    expect(everything(error)).not.toContain('S3cr3t');
    expect(everything(error)).not.toContain(encodeURIComponent(PASSWORD));
  });

  it('nothing listening: RMM_ERR_STORE_UNREACHABLE with the host and port', async () => {
    const error = await PostgresStore.open({ url: urlWith(PASSWORD, closedPort) }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCodes.storeUnreachable, context: { host: '127.0.0.1', port: closedPort } });
    expect(everything(error)).not.toContain('S3cr3t');
  });

  it('a server that accepts the connection and never answers: unreachable once the connect timeout passes', async () => {
    const port = (silent.address() as { port: number }).port;
    const error = await PostgresStore.open({ url: urlWith(PASSWORD, port), connectTimeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCodes.storeUnreachable, context: { port } });
    expect(everything(error)).not.toContain('S3cr3t');
  });

  it('a database that does not exist: says which, and how to create it', async () => {
    const url = new URL(database.url);
    url.pathname = '/no_such_database';
    const error = await PostgresStore.open({ url: url.toString() }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCodes.store, hint: expect.stringMatching(/CREATE DATABASE no_such_database/) });
  });

  it('a URL that does not parse: a config error that does not echo it', async () => {
    const error = await PostgresStore.open({ url: `postgres://user:${PASSWORD}@[not-a-host/db` }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCodes.config, path: 'store.url' });
    expect(everything(error)).not.toContain('S3cr3t');
  });

  it('a unit of work kept waiting past the lock timeout is explained as busy; anything else is not the store\'s', async () => {
    const store = await PostgresStore.open({ url: database.url, schema: 'explained' });
    try {
      const holder = await PostgresStore.open({ url: database.url, schema: 'explained', lockTimeoutMs: 50 });
      let release!: () => void;
      let holding!: () => void;
      const lockHeld = new Promise<void>((resolve) => (holding = resolve));
      const held = store.transaction(() => new Promise<void>((resolve) => {
        release = resolve;
        holding();
      }));
      await lockHeld;
      const error = await holder.transaction(async () => undefined).catch((e: unknown) => e);
      release();
      await held;
      await holder.close();
      expect(store.explain(error)).toMatchObject({ code: ErrorCodes.storeBusy });
      expect(store.explain(new Error('a bug of ours'))).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});
