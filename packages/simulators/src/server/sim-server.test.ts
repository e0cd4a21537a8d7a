import { afterEach, describe, expect, it } from 'vitest';

import { Router, SimHttpError } from './router.js';
import { startSimServer, type SimServer } from './sim-server.js';

const servers: SimServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(router: Router, opts: Omit<Parameters<typeof startSimServer>[0], 'router'> = {}): Promise<SimServer> {
  const s = await startSimServer({ router, ...opts });
  servers.push(s);
  return s;
}

function echoRouter(): Router {
  return new Router()
    .on('GET', '/api/devices/:deviceId', (req) => ({
      status: 200,
      body: { id: req.params['deviceId'], page: req.query.get('pageNumber') },
    }))
    .on('POST', '/api/echo', (req) => ({ status: 201, headers: { 'X-Echo': 'yes' }, body: req.json() }))
    .on('GET', '/text', () => ({ status: 200, body: 'plain' }))
    .on('GET', '/boom', () => {
      throw new Error('kaput');
    })
    .on('GET', '/teapot', () => {
      throw new SimHttpError(418, 'I am a teapot');
    });
}

describe('startSimServer', () => {
  it('listens on loopback and serves routed JSON, text, params and query', async () => {
    const s = await start(echoRouter());
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const r = await fetch(`${s.url}/api/devices/3000000000?pageNumber=2`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('application/json');
    expect(await r.json()).toEqual({ id: '3000000000', page: '2' });
    const p = await fetch(`${s.url}/api/echo`, { method: 'POST', body: JSON.stringify({ a: [1] }) });
    expect([p.status, p.headers.get('x-echo'), await p.json()]).toEqual([201, 'yes', { a: [1] }]);
    expect(await (await fetch(`${s.url}/text`)).text()).toBe('plain');
    expect(s.stats.requests).toBe(3);
    expect(s.stats.byRoute).toMatchObject({ 'GET /api/devices/:deviceId': 1, 'POST /api/echo': 1, 'GET /text': 1 });
  });

  it('answers 404, 405, malformed JSON 400, handler errors and thrown SimHttpErrors in the error format', async () => {
    const s = await start(echoRouter(), { errorBody: (status, message) => ({ Message: message, code: status }) });
    const nf = await fetch(`${s.url}/nope`);
    expect(nf.status).toBe(404);
    expect(await nf.json()).toMatchObject({ code: 404 });
    const na = await fetch(`${s.url}/api/echo`);
    expect([na.status, na.headers.get('allow')]).toEqual([405, 'POST']);
    await na.arrayBuffer();
    const bad = await fetch(`${s.url}/api/echo`, { method: 'POST', body: '{oops' });
    expect(bad.status).toBe(400);
    await bad.arrayBuffer();
    const boom = await fetch(`${s.url}/boom`);
    expect([boom.status, ((await boom.json()) as { Message: string }).Message]).toEqual([500, 'INTERNAL SERVER ERROR: kaput']);
    const tea = await fetch(`${s.url}/teapot`);
    expect([tea.status, await tea.json()]).toEqual([418, { Message: 'I am a teapot', code: 418 }]);
    expect(s.stats.byRoute['GET (unmatched)']).toBe(1);
  });

  it('answers 429 past an endpoint concurrency cap and counts the rejections', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered = 0;
    const router = new Router()
      .on('GET', '/api/devices', async () => {
        entered++;
        await gate;
        return { status: 200, body: { ok: true } };
      })
      .on('GET', '/api/other', () => ({ status: 200, body: {} }));
    const s = await start(router, { concurrencyCaps: { 'GET /api/devices': 2 } });
    const first = [fetch(`${s.url}/api/devices`), fetch(`${s.url}/api/devices`)];
    while (entered < 2) await new Promise((r) => setTimeout(r, 5));
    const third = await fetch(`${s.url}/api/devices`);
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBeNull();
    expect(await third.json()).toMatchObject({ status: 429 });
    // Other endpoints are not affected by the cap.
    expect((await fetch(`${s.url}/api/other`)).status).toBe(200);
    release();
    expect((await Promise.all(first)).map((r) => r.status)).toEqual([200, 200]);
    // Once the in-flight requests finish, the endpoint accepts again.
    expect((await fetch(`${s.url}/api/devices`)).status).toBe(200);
    expect(s.stats.rejectedByCap).toBe(1);
    expect(s.stats.maxInFlight['GET /api/devices']).toBe(2);
    s.setConcurrencyCap('GET /api/devices', undefined);
    s.resetStats();
    expect(s.stats).toMatchObject({ requests: 0, rejectedByCap: 0 });
  });

  it('sums the time requests spend in flight, per route, latency included', async () => {
    const router = new Router().on('GET', '/a', () => ({ status: 200, body: 1 })).on('GET', '/b', () => ({ status: 200, body: 2 }));
    const s = await start(router, { latencyMs: 40 });
    await Promise.all([fetch(`${s.url}/a`), fetch(`${s.url}/a`), fetch(`${s.url}/a`)]);
    // Three concurrent requests of at least 40 ms each: at least 120 ms of in-flight time,
    // although the wall time was about 40 ms.
    expect(s.stats.busyMs['GET /a']).toBeGreaterThanOrEqual(3 * 39);
    expect(s.stats.busyMs['GET /a']).toBeLessThan(3 * 40 + 3 * 1000);
    expect(s.stats.busyMs['GET /b']).toBeUndefined();
    s.resetStats();
    expect(s.stats.busyMs).toEqual({});
  });

  it('holds requests in flight for the configured latency (a latency-bound cap rejects the overflow)', async () => {
    const router = new Router().on('GET', '/a', () => ({ status: 200, body: 1 }));
    const s = await start(router, { concurrencyCaps: { 'GET /a': 1 } });
    s.setLatency(1500);
    const [a, b] = await Promise.all([fetch(`${s.url}/a`), fetch(`${s.url}/a`)]);
    expect([a?.status, b?.status].sort()).toEqual([200, 429]);
    s.setLatency(0);
  });

  it('injects rate-limit bursts with and without Retry-After, and 5xx', async () => {
    const s = await start(echoRouter());
    s.faults.add({ kind: 'rate-limit', route: '/api/devices/:deviceId', times: 1, retryAfterSeconds: 3 });
    s.faults.add({ kind: 'rate-limit', route: '/api/devices/:deviceId', times: 1 });
    s.faults.add({ kind: 'server-error', route: '/api/devices', status: 503, times: 1 });
    const r1 = await fetch(`${s.url}/api/devices/1`);
    expect([r1.status, r1.headers.get('retry-after')]).toEqual([429, '3']);
    const r2 = await fetch(`${s.url}/api/devices/1`);
    expect([r2.status, r2.headers.get('retry-after')]).toEqual([429, null]);
    const r3 = await fetch(`${s.url}/api/devices/1`);
    expect(r3.status).toBe(503);
    expect((await fetch(`${s.url}/api/devices/1`)).status).toBe(200);
    expect(s.stats.faultsInjected).toBe(3);
    await Promise.all([r1, r2, r3].map((r) => r.arrayBuffer()));
  });

  it('resets the connection', async () => {
    const s = await start(echoRouter());
    s.faults.add({ kind: 'connection-reset', times: 1 });
    await expect(fetch(`${s.url}/api/devices/1`)).rejects.toThrow();
    expect((await fetch(`${s.url}/api/devices/1`)).status).toBe(200);
  });

  it('truncates the JSON body of an otherwise successful response', async () => {
    const s = await start(echoRouter());
    s.faults.add({ kind: 'truncated-json', times: 1 });
    const r = await fetch(`${s.url}/api/devices/12345`);
    expect(r.status).toBe(200);
    const text = await r.text();
    expect(text.length).toBeGreaterThan(0);
    expect(JSON.stringify({ id: '12345', page: null }).startsWith(text)).toBe(true);
    expect(() => JSON.parse(text) as unknown).toThrow();
  });

  it('applies a slow fault as extra delay and still answers', async () => {
    const s = await start(echoRouter());
    const h = s.faults.add({ kind: 'slow', delayMs: 50, times: 1 });
    expect((await fetch(`${s.url}/api/devices/1`)).status).toBe(200);
    expect(h.fired).toBe(1);
  });

  it('rejects oversized bodies with 413', async () => {
    const s = await start(echoRouter(), { maxBodyBytes: 10 });
    const r = await fetch(`${s.url}/api/echo`, { method: 'POST', body: 'x'.repeat(100) });
    expect(r.status).toBe(413);
  });
});
