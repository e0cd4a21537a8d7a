import { getEventListeners } from 'node:events';

import { describe, expect, it } from 'vitest';

import { ErrorCodes, TimeoutError } from '../errors/index.js';
import { runInCallContext } from './call-context.js';
import { createHttpClient } from './http-client.js';
import { delay, sendJson, useLoopbackServer } from './loopback-server.test.helper.js';

const loop = useLoopbackServer();
const { track } = loop;

describe('per-endpoint concurrency', () => {
  it('keeps each endpoint template under its own cap, across capability calls', async () => {
    const now = new Map<string, number>();
    const max = new Map<string, number>();
    loop.server.handler = async (req, res) => {
      const key = req.url.includes('/assets') ? 'assets' : 'devices';
      now.set(key, (now.get(key) ?? 0) + 1);
      max.set(key, Math.max(max.get(key) ?? 0, now.get(key) ?? 0));
      await delay(15);
      now.set(key, (now.get(key) ?? 1) - 1);
      sendJson(res, 200, { data: [] });
    };
    const http = track(createHttpClient({ name: 'nc', baseUrl: loop.server.url, concurrency: { default: 5, endpoints: { 'GET /api/devices/{deviceId}/assets': 3 } } }));
    const assets = (capability: string): Promise<unknown>[] =>
      Array.from({ length: 12 }, (_, i) =>
        runInCallContext({ capability, interactive: false }, () => http.request({ method: 'GET', path: '/api/devices/{deviceId}/assets', params: { deviceId: i } })),
      );
    const devices = Array.from({ length: 12 }, () => http.request({ method: 'GET', path: '/api/devices' }));
    await Promise.all([...assets('ListComputers'), ...assets('GetComputerIdentity'), ...devices]);
    expect(max.get('assets')).toBe(3);
    expect(max.get('devices')).toBe(5);
    expect(http.concurrency().every((gate) => gate.active === 0)).toBe(true);
  });

  it('serves interactive calls before queued background sync', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const order: string[] = [];
    loop.server.handler = async (req, res) => {
      order.push(new URL(req.url, 'http://x').searchParams.get('who') ?? '');
      if (order.length === 1) await gate;
      sendJson(res, 200, {});
    };
    const http = track(createHttpClient({ name: 'nc', baseUrl: loop.server.url, concurrency: { default: 1 } }));
    const get = (who: string): Promise<unknown> => http.request({ method: 'GET', path: '/api/devices', query: { who } });
    const background = (who: string): Promise<unknown> => runInCallContext({ capability: 'ListComputers', interactive: false }, () => get(who));
    const interactive = (who: string): Promise<unknown> => runInCallContext({ capability: 'RunScript', interactive: true }, () => get(who));

    const all = [background('first'), background('bg1'), background('bg2'), interactive('script'), interactive('health')];
    await delay(30);
    release();
    await Promise.all(all);
    expect(order).toEqual(['first', 'script', 'health', 'bg1', 'bg2']);
  });
});

describe('cancellation', () => {
  it('cancels queued and in-flight requests through one listener on a shared signal', async () => {
    // Requests are held until the client gives up; the test goes on once the cap is reached.
    let capReached: () => void = () => undefined;
    const threeInFlight = new Promise<void>((resolve) => (capReached = resolve));
    loop.server.handler = () => {
      if (loop.server.inFlight.now === 3) capReached();
    };
    const http = track(createHttpClient({ name: 'nc', baseUrl: loop.server.url, concurrency: { default: 3 } }));
    const controller = new AbortController();
    const calls = Array.from({ length: 30 }, () => http.request({ method: 'GET', path: '/api/devices', signal: controller.signal }).catch((e: unknown) => e));
    await threeInFlight;
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    expect(loop.server.inFlight.now).toBe(3);
    controller.abort();
    const errors = await Promise.all(calls);
    expect(errors.every((e) => (e as { code?: string }).code === ErrorCodes.cancelled)).toBe(true);
    expect(loop.server.requests).toHaveLength(3);
    await expect(http.request({ method: 'GET', path: '/api/devices', signal: controller.signal })).rejects.toMatchObject({ code: ErrorCodes.cancelled });
    expect(loop.server.requests).toHaveLength(3);
  });
});

describe('timeouts per request kind', () => {
  it('applies the kind’s timeout and maps it to TimeoutError', async () => {
    loop.server.handler = async (_req, res) => {
      await delay(150);
      sendJson(res, 200, { late: true });
    };
    const http = track(createHttpClient({ name: 'nc', baseUrl: loop.server.url, timeouts: { list: 40, auth: 40, long: 5000 }, retry: { limit: 0 } }));
    const listError = await http.request({ method: 'GET', path: '/api/devices' }).catch((e: unknown) => e);
    expect(listError).toBeInstanceOf(TimeoutError);
    expect((listError as TimeoutError).timeoutMs).toBe(40);
    expect((listError as TimeoutError).context).toMatchObject({ method: 'GET', urlTemplate: '/api/devices' });
    await expect(http.request({ method: 'POST', path: '/api/auth/authenticate', kind: 'auth' })).rejects.toMatchObject({ code: ErrorCodes.timeout, timeoutMs: 40 });
    await expect(http.request({ method: 'GET', path: '/api/devices', kind: 'long' })).resolves.toMatchObject({ body: { late: true } });
    await expect(http.request({ method: 'GET', path: '/api/devices', timeoutMs: 5000 })).resolves.toMatchObject({ status: 200 });
  });

  it('rejects bad timeout config', () => {
    expect(() => createHttpClient({ name: 'nc', baseUrl: loop.server.url, timeouts: { list: -1 } })).toThrow(/positive/);
  });
});
