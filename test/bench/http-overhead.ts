/**
 * HTTP overhead benchmark: requests per second through the toolkit's client (createHttpClient:
 * URL templates, limiter, retry bookkeeping, error mapping, got + keep-alive) against plain
 * `fetch`, both hitting the same local node:http server with the same concurrency. Target: the
 * client reaches at least 0.8 of fetch's rate.
 *
 * The server runs in the same process (as the simulators do in the test suites), so both sides
 * pay the same server cost. CI machines are shared and their load drifts within seconds, so
 * the measured requests run in short alternating batches (fetch, client, client, fetch, …)
 * and each side's rate is its total requests over its total time: drift then hits both sides
 * alike.
 *
 * Run standalone: `npx tsc -b test` then `node test/dist/bench/http-overhead.run.js`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { createHttpClient } from '@rmm-hub/core/plugin';

/** What {@link benchHttpOverhead} measures. */
export interface HttpOverheadResult {
  clientRps: number;
  fetchRps: number;
  ratio: number;
  target: 0.8;
  pass: boolean;
}

/** Options for {@link benchHttpOverhead}. */
export interface HttpOverheadOptions {
  /** Measured requests per side. @default 10_000 */
  requests?: number;
  /** Requests in flight at once, on both sides. @default 16 */
  concurrency?: number;
  /** Requests per alternating batch. @default 500 */
  batch?: number;
}

const PAYLOAD = JSON.stringify({
  data: Array.from({ length: 5 }, (_, i) => ({ deviceId: 1000 + i, longName: `PC-${i}`, orgUnitId: 50, lastApplianceCheckinTime: '2026-03-23T21:33:26.278' })),
  pageNumber: 1,
  pageSize: 5,
  totalItems: 5,
  totalPages: 1,
});

/** Runs `total` calls of `once` with `concurrency` workers; returns the elapsed milliseconds. */
async function measure(once: (i: number) => Promise<unknown>, total: number, concurrency: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await once(next++);
    }),
  );
  return performance.now() - started;
}

/**
 * Measures requests/second through createHttpClient vs plain fetch against one local server.
 * @example const { ratio, pass } = await benchHttpOverhead({ requests: 10_000, concurrency: 16 });
 */
export async function benchHttpOverhead(opts: HttpOverheadOptions = {}): Promise<HttpOverheadResult> {
  const requests = opts.requests ?? 10_000;
  const concurrency = opts.concurrency ?? 16;
  const batch = Math.min(opts.batch ?? 500, requests);
  const batches = Math.max(1, Math.round(requests / batch));
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(PAYLOAD) });
    res.end(PAYLOAD);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const http = createHttpClient({ name: 'bench', baseUrl: base, concurrency: { default: concurrency }, retry: { limit: 0 } });

  // Same URL, same parsing on both sides.
  const viaFetch = async (i: number): Promise<unknown> => {
    const res = await fetch(`${base}/api/devices/${i % 100}?pageSize=5`);
    if (res.status !== 200) throw new Error(`fetch got ${res.status}`);
    return res.json();
  };
  const viaClient = async (i: number): Promise<unknown> =>
    (await http.request({ method: 'GET', path: '/api/devices/{deviceId}', params: { deviceId: i % 100 }, query: { pageSize: 5 } })).body;

  try {
    // Warm-up: JIT, connection pools, and the server's own first requests.
    const warm = Math.max(200, Math.floor(requests / 5));
    await measure(viaFetch, warm, concurrency);
    await measure(viaClient, warm, concurrency);
    let fetchMs = 0;
    let clientMs = 0;
    // ABBA order: whichever side runs second in a pair also pays for garbage the first left
    // behind (the collector runs late), so the order flips every pair.
    for (let i = 0; i < batches; i++) {
      if (i % 2 === 0) {
        fetchMs += await measure(viaFetch, batch, concurrency);
        clientMs += await measure(viaClient, batch, concurrency);
      } else {
        clientMs += await measure(viaClient, batch, concurrency);
        fetchMs += await measure(viaFetch, batch, concurrency);
      }
    }
    const fetchRps = (batches * batch) / (fetchMs / 1000);
    const clientRps = (batches * batch) / (clientMs / 1000);
    const ratio = clientRps / fetchRps;
    return { clientRps: Math.round(clientRps), fetchRps: Math.round(fetchRps), ratio: Math.round(ratio * 1000) / 1000, target: 0.8, pass: ratio >= 0.8 };
  } finally {
    http.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
