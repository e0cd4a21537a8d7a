import type { ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';

import { describe, expect, it } from 'vitest';

import { ConfigError, ProtocolError } from '../errors/index.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from './client-options.js';
import { createHttpClient, type HttpClient } from './http-client.js';
import type { HttpClientOptions } from './client-options.js';
import { failure, sendJson, useLoopbackServer } from './loopback-server.test.helper.js';

const loop = useLoopbackServer();
function client(extra: Partial<HttpClientOptions> = {}): HttpClient {
  const http = createHttpClient({ name: 'nc', baseUrl: loop.server.url, retry: { limit: 2, baseDelayMs: 1 }, ...extra });
  loop.track(http);
  return http;
}

const MiB = 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 'x');

/** Writes chunks for as long as the client reads them: a body without end. */
function endless(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('[');
  const pump = (): void => {
    while (!res.destroyed && res.write(CHUNK));
    if (!res.destroyed) res.once('drain', pump);
  };
  res.on('close', () => res.removeAllListeners('drain'));
  pump();
}

describe('response size limit', () => {
  it('aborts an endless chunked body at the limit with a coded ProtocolError, and does not retry it', async () => {
    loop.server.handler = (_req, res) => endless(res);
    const error = await failure(client({ maxResponseBytes: 2 * MiB }).request({ method: 'GET', path: '/api/devices' }));
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error.context).toMatchObject({ reason: 'response-too-large', limitBytes: 2 * MiB, urlTemplate: '/api/devices' });
    const received = error.context['receivedBytes'] as number;
    expect(received).toBeGreaterThan(2 * MiB);
    expect(received).toBeLessThan(2 * MiB + 4 * CHUNK.length);
    expect(error.hint).toMatch(/maxResponseBytes/);
    expect(loop.server.requests).toHaveLength(1);
  });

  it('refuses a body whose announced length is over the limit at its first chunk', async () => {
    loop.server.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(100 * MiB) });
      res.write(CHUNK);
      // The rest never comes: the client must not wait for it.
    };
    const error = await failure(client({ maxResponseBytes: MiB }).request({ method: 'GET', path: '/api/devices' }));
    expect(error.context).toMatchObject({ reason: 'response-too-large', declaredBytes: 100 * MiB });
    expect(error.context['receivedBytes'] as number).toBeLessThanOrEqual(CHUNK.length);
  });

  it('counts decoded bytes, so a small compressed body that inflates past the limit is aborted too', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * MiB, ' '));
    loop.server.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
      res.end(bomb);
    };
    const error = await failure(client({ maxResponseBytes: MiB }).request({ method: 'GET', path: '/api/devices' }));
    expect(error.context).toMatchObject({ reason: 'response-too-large' });
  });

  it('reads a body up to the limit, and a request may raise it for itself', async () => {
    const items = Array.from({ length: 3000 }, (_, i) => ({ id: i, name: `device-${i}`.padEnd(200, '.') }));
    loop.server.handler = (_req, res) => sendJson(res, 200, items);
    const size = Buffer.byteLength(JSON.stringify(items));
    const http = client({ maxResponseBytes: size });
    expect((await http.request<unknown[]>({ method: 'GET', path: '/api/devices' })).body).toHaveLength(3000);
    const small = client({ maxResponseBytes: 1000 });
    await expect(small.request({ method: 'GET', path: '/api/devices' })).rejects.toBeInstanceOf(ProtocolError);
    expect((await small.request<unknown[]>({ method: 'GET', path: '/api/devices', maxResponseBytes: size })).body).toHaveLength(3000);
  });

  it('has a default far above a page of devices, and refuses a nonsense limit', () => {
    expect(DEFAULT_MAX_RESPONSE_BYTES).toBe(32 * MiB);
    expect(() => client({ maxResponseBytes: 0 })).toThrow(ConfigError);
    expect(() => client({ maxResponseBytes: 1.5 })).toThrow(/maxResponseBytes/);
  });
});
