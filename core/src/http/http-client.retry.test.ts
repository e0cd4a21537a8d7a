import { afterEach, describe, expect, it } from 'vitest';

import { ErrorCodes, RateLimitedError, TransientError, isRmmError } from '../errors/index.js';
import { createHttpClient, UNREACHABLE_RETRY_DELAYS_MS, type HttpClient } from './http-client.js';
import type { HttpClientOptions } from './client-options.js';
import { sendJson, startLoopback, useLoopbackServer } from './loopback-server.test.helper.js';

const loop = useLoopbackServer();
/** Delays the client asked to sleep; the fake sleep returns at once so tests stay fast. */
let slept: number[] = [];

function client(extra: Partial<HttpClientOptions> = {}): HttpClient {
  const http = createHttpClient({
    name: 'nc',
    baseUrl: loop.server.url,
    ...extra,
    retry: { random: () => 0, sleep: async (ms) => void slept.push(ms), ...extra.retry },
  });
  loop.track(http);
  return http;
}

/** Answers each request with the next status in `statuses`, then 200. */
function scripted(statuses: { status: number; headers?: Record<string, string> }[]): void {
  let n = 0;
  loop.server.handler = (_req, res) => {
    const step = statuses[n++];
    if (step) sendJson(res, step.status, { message: `status ${step.status}` }, step.headers);
    else sendJson(res, 200, { ok: true, calls: n });
  };
}

afterEach(() => {
  slept = [];
});

describe('retries', () => {
  it('follows the 2 s / 5 s / 10 s schedule on 429 and succeeds', async () => {
    scripted([{ status: 429 }, { status: 429 }, { status: 429 }]);
    const res = await client({ retry: { schedule: [2000, 5000, 10000] } }).request({ method: 'GET', path: '/api/devices' });
    expect(res.body).toEqual({ ok: true, calls: 4 });
    expect(slept).toEqual([2000, 5000, 10000]);
  });

  it('gives up with RateLimitedError after the limit, carrying the server’s advice', async () => {
    scripted([{ status: 429, headers: { 'retry-after': '1' } }, { status: 429, headers: { 'retry-after': '1' } }, { status: 429, headers: { 'retry-after': '4' } }]);
    const error = await client({ retry: { limit: 2, baseDelayMs: 10 } }).request({ method: 'GET', path: '/api/devices/{id}', params: { id: 5 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(4000);
    expect((error as RateLimitedError).context).toMatchObject({ method: 'GET', urlTemplate: '/api/devices/{id}', status: 429, attempts: 3 });
    expect(slept).toEqual([1000, 1000]);
    expect(loop.server.requests).toHaveLength(3);
  });

  it('honours Retry-After given as an HTTP-date', async () => {
    const now = Date.parse('2026-03-01T10:00:00Z');
    scripted([{ status: 503, headers: { 'retry-after': new Date(now + 9000).toUTCString() } }]);
    await client({ now: () => now, retry: { baseDelayMs: 100 } }).request({ method: 'GET', path: '/x' });
    expect(slept).toEqual([9000]);
  });

  it('does not wait out a Retry-After beyond maxRetryAfterMs', async () => {
    scripted([{ status: 429, headers: { 'retry-after': '3600' } }]);
    const error = await client({ retry: { maxRetryAfterMs: 60_000 } }).request({ method: 'GET', path: '/x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(3_600_000);
    expect(slept).toEqual([]);
  });

  it('backs off exponentially on 502/503/504', async () => {
    scripted([{ status: 502 }, { status: 503 }, { status: 504 }]);
    const res = await client({ retry: { limit: 3, baseDelayMs: 100 } }).request({ method: 'GET', path: '/x' });
    expect(res.status).toBe(200);
    expect(slept).toEqual([100, 200, 400]);
  });

  it('does not retry 500 or 4xx', async () => {
    scripted([{ status: 500 }]);
    const error = await client().request({ method: 'GET', path: '/x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect(loop.server.requests).toHaveLength(1);
  });

  it('retries network errors (connection reset) for idempotent requests', async () => {
    let n = 0;
    loop.server.handler = (_req, res) => {
      if (n++ < 2) res.socket?.destroy();
      else sendJson(res, 200, { ok: true });
    };
    const res = await client({ retry: { baseDelayMs: 50 } }).request({ method: 'GET', path: '/x' });
    expect(res.body).toEqual({ ok: true });
    expect(slept).toEqual([50, 100]);
  });

  it('frees the endpoint slot while backing off', async () => {
    let first = true;
    loop.server.handler = (req, res) => {
      if (req.url === '/x?who=a' && first) {
        first = false;
        return void res.socket?.destroy();
      }
      sendJson(res, 200, { who: req.url });
    };
    let wake: () => void = () => undefined;
    const http = client({ concurrency: { default: 1 }, retry: { sleep: () => new Promise<void>((resolve) => (wake = resolve)) } });
    const a = http.request({ method: 'GET', path: '/x', query: { who: 'a' } });
    await new Promise((resolve) => setTimeout(resolve, 30));
    // `a` sleeps before its retry; `b` must get the only slot meanwhile.
    await expect(http.request({ method: 'GET', path: '/x', query: { who: 'b' } })).resolves.toMatchObject({ body: { who: '/x?who=b' } });
    wake();
    await expect(a).resolves.toMatchObject({ body: { who: '/x?who=a' } });
  });

  it('fails with TransientError when the server is unreachable', async () => {
    const dead = await startLoopback(() => undefined);
    const url = dead.url;
    await dead.close();
    const error = await client({ baseUrl: url, retry: { limit: 1, baseDelayMs: 1 } }).request({ method: 'GET', path: '/x' }).catch((e: unknown) => e);
    expect(isRmmError(error) && error.code).toBe(ErrorCodes.transient);
    expect((error as TransientError).context).toMatchObject({ networkCode: 'ECONNREFUSED', attempts: 2 });
  });

  it('retries a server nothing answers at briefly, not on the throttling schedule, and names host:port', async () => {
    const dead = await startLoopback(() => undefined);
    const url = dead.url;
    await dead.close();
    const slept: number[] = [];
    const sleep = async (ms: number): Promise<void> => void slept.push(ms);
    const error = await client({ baseUrl: url, retry: { schedule: [60_000, 60_000, 60_000, 60_000], sleep } }).request({ method: 'POST', path: '/x' }).catch((e: unknown) => e);
    expect(slept).toEqual([...UNREACHABLE_RETRY_DELAYS_MS]);
    expect((error as TransientError).message).toContain(`nothing answers at ${new URL(url).host} (ECONNREFUSED)`);
  });
});

describe('idempotency', () => {
  it('never retries POST or PATCH by default', async () => {
    for (const method of ['POST', 'PATCH'] as const) {
      loop.server.requests.length = 0;
      scripted([{ status: 503 }]);
      const error = await client().request({ method, path: '/api/scheduled-tasks/direct', json: { a: 1 } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransientError);
      expect(loop.server.requests).toHaveLength(1);
    }
    scripted([{ status: 429 }]);
    loop.server.requests.length = 0;
    await expect(client().request({ method: 'POST', path: '/x', json: {} })).rejects.toBeInstanceOf(RateLimitedError);
    expect(loop.server.requests).toHaveLength(1);
  });

  it('does not retry a POST whose connection dropped', async () => {
    loop.server.handler = (_req, res) => void res.socket?.destroy();
    await expect(client().request({ method: 'POST', path: '/x', json: {} })).rejects.toBeInstanceOf(TransientError);
    expect(loop.server.requests).toHaveLength(1);
  });

  it('retries a POST the plugin marked idempotent', async () => {
    scripted([{ status: 503 }, { status: 429 }]);
    const res = await client().request({ method: 'POST', path: '/x', json: { q: 1 }, idempotent: true });
    expect(res.status).toBe(200);
    expect(loop.server.requests.map((r) => r.body)).toEqual(['{"q":1}', '{"q":1}', '{"q":1}']);
  });

  it('a caller-side abort stops a retry wait with CancelledError', async () => {
    scripted([{ status: 503 }, { status: 503 }]);
    const controller = new AbortController();
    const http = client({ retry: { sleep: (_ms, signal) => new Promise((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason as Error))) } });
    const pending = http.request({ method: 'GET', path: '/x', signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ code: ErrorCodes.cancelled });
  });
});
