/**
 * A scriptable node:http server on 127.0.0.1:0 for the toolkit's tests. Each test supplies a
 * handler; the server records every request (method, URL, headers, body) so tests can assert on
 * what actually went over the wire. Test-only (excluded from the package by its `.test.` name).
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

import { afterAll, afterEach, beforeAll, expect } from 'vitest';

import { isRmmError, type RmmError } from '../errors/index.js';

/** A request as the server saw it. */
export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

export type Handler = (req: SeenRequest, res: ServerResponse) => void | Promise<void>;

/** A running loopback server. */
export interface LoopbackServer {
  readonly url: string;
  readonly requests: SeenRequest[];
  /** Requests in flight right now, and the most seen at once. */
  readonly inFlight: { now: number; max: number };
  handler: Handler;
  close(): Promise<void>;
}

/** Starts a server (https when `tls` is given) with `handler`. */
export async function startLoopback(handler: Handler, tls?: { key: string; cert: string }): Promise<LoopbackServer> {
  const requests: SeenRequest[] = [];
  const inFlight = { now: 0, max: 0 };
  const state: LoopbackServer = {
    url: '',
    requests,
    inFlight,
    handler,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const seen: SeenRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(seen);
      inFlight.now++;
      inFlight.max = Math.max(inFlight.max, inFlight.now);
      res.on('close', () => inFlight.now--);
      Promise.resolve(state.handler(seen, res)).catch((error: unknown) => {
        res.statusCode = 599;
        res.end(String(error));
      });
    });
  };
  const server: Server = tls ? createHttpsServer(tls, listener) : createHttpServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  (state as { url: string }).url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  return state;
}

/** Sends JSON with a status and optional headers. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Resolves after `ms` of real time (for holding a response open briefly). */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The lifecycle every client test file shares: one server for the file, its requests cleared
 * and the clients made by the test closed after each test. `track` registers a client.
 */
export function useLoopbackServer(): { readonly server: LoopbackServer; track: <T extends { close(): void }>(client: T) => T } {
  const clients: { close(): void }[] = [];
  const fixture = {
    server: undefined as unknown as LoopbackServer,
    track: <T extends { close(): void }>(client: T): T => (clients.push(client), client),
  };
  beforeAll(async () => {
    fixture.server = await startLoopback(() => undefined);
  });
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
    fixture.server.requests.length = 0;
  });
  afterAll(() => fixture.server.close());
  return fixture;
}

/** The catalogue error a request must fail with (fails the test if it succeeds or throws anything else). */
export const failure = (promise: Promise<unknown>): Promise<RmmError> =>
  promise.then(
    () => expect.unreachable('the request should have failed'),
    (error: unknown) => {
      expect(isRmmError(error)).toBe(true);
      return error as RmmError;
    },
  );
