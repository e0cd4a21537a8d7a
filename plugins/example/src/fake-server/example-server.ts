/**
 * The Example RMM's fake server — a made-up REST API, small but shaped like the real ones:
 *
 * | route | answer |
 * |---|---|
 * | `POST /api/v1/auth/token` `{ apiKey }` | `{ accessToken, expiresIn }`, 401 for a wrong key |
 * | `GET /api/v1/me` | `{ user, keyExpiresAt }` |
 * | `GET /api/v1/customers?page&limit` | `{ data, page, limit, total }` |
 * | `GET /api/v1/customers/{id}/devices?page&limit` | `{ data, page, limit, total }`, 404 for an unknown customer |
 * | `POST /api/v1/devices/{id}/jobs` `{ shell, script }` | 202 `{ jobId }`, 404 for an unknown device |
 * | `GET /api/v1/jobs/{id}` | `{ state: queued/running/succeeded/failed, exitCode, stdout }` |
 *
 * Page sizes above 100 are clamped silently, as real RMMs do. Loopback only, any free port unless given.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { exampleData, type ExampleCustomer, type ExampleDevice } from './example-data.js';

/** Options of {@link startExampleServer}. */
export interface ExampleServerOptions {
  /** @default 12 */
  customers?: number;
  /** Devices of customer n (1-based). @default 8, and none for every fifth customer */
  devicesFor?: (customer: number) => number;
  /** The valid API key. @default random */
  apiKey?: string;
  /** How long a job runs before it succeeds. @default 150 */
  jobMs?: number;
  /** Largest page the server serves. @default 100 */
  maxPageSize?: number;
  /** The loopback port to listen on. @default 0 (any free port) */
  port?: number;
}

/** A running fake Example RMM. */
export interface ExampleServer {
  /** e.g. `http://127.0.0.1:40123` */
  readonly url: string;
  readonly apiKey: string;
  readonly customers: readonly ExampleCustomer[];
  readonly devices: readonly ExampleDevice[];
  /** Access tokens handed out so far. */
  readonly tokens: readonly string[];
  /** While true, jobs stay `running` for ever. */
  hangJobs: boolean;
  /** Requests served so far. */
  readonly requests: number;
  close(): Promise<void>;
}

/** Starts the fake Example RMM on 127.0.0.1 (any free port unless `port` is given). */
export async function startExampleServer(options: ExampleServerOptions = {}): Promise<ExampleServer> {
  const apiKey = options.apiKey ?? `exk_${randomBytes(16).toString('hex')}`;
  const data = exampleData(options.customers ?? 12, options.devicesFor ?? ((c) => (c % 5 === 0 ? 0 : 8)));
  const maxPage = options.maxPageSize ?? 100;
  const tokens: string[] = [];
  const jobs = new Map<number, { started: number; deviceId: number }>();
  let requests = 0;

  const json = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  };
  const paged = <T>(res: ServerResponse, url: URL, items: readonly T[]): void => {
    const page = Math.max(1, Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1);
    const limit = Math.min(maxPage, Math.max(1, Number.parseInt(url.searchParams.get('limit') ?? '25', 10) || 25));
    json(res, 200, { data: items.slice((page - 1) * limit, page * limit), page, limit, total: items.length });
  };

  const route = (req: IncomingMessage, res: ServerResponse, url: URL, body: unknown): void => {
    const path = url.pathname;
    if (req.method === 'POST' && path === '/api/v1/auth/token') {
      if ((body as { apiKey?: unknown } | undefined)?.apiKey !== apiKey) return json(res, 401, { message: 'The API key is not valid' });
      const token = `ext_${randomBytes(20).toString('hex')}`;
      tokens.push(token);
      return json(res, 200, { accessToken: token, expiresIn: 3600 });
    }
    const authorization = req.headers.authorization ?? '';
    if (!authorization.startsWith('Bearer ') || !tokens.includes(authorization.slice(7))) return json(res, 401, { message: 'Missing or expired access token' });
    if (req.method === 'GET' && path === '/api/v1/me') return json(res, 200, { user: 'api-integration', keyExpiresAt: '2030-01-01T00:00:00Z' });
    if (req.method === 'GET' && path === '/api/v1/customers') return paged(res, url, data.customers);
    let match = /^\/api\/v1\/customers\/(\d+)\/devices$/.exec(path);
    if (req.method === 'GET' && match) {
      const id = Number(match[1]);
      if (!data.customers.some((c) => c.id === id)) return json(res, 404, { message: `No customer ${id}` });
      return paged(res, url, data.devices.filter((d) => d.customerId === id));
    }
    match = /^\/api\/v1\/devices\/(\d+)\/jobs$/.exec(path);
    if (req.method === 'POST' && match) {
      const device = data.devices.find((d) => d.id === Number(match![1]));
      if (!device) return json(res, 404, { message: `No device ${match[1]}` });
      if (!device.scripting) return json(res, 409, { message: 'This device cannot run scripts' });
      const jobId = jobs.size + 1;
      jobs.set(jobId, { started: Date.now(), deviceId: device.id });
      return json(res, 202, { jobId });
    }
    match = /^\/api\/v1\/jobs\/(\d+)$/.exec(path);
    if (req.method === 'GET' && match) {
      const job = jobs.get(Number(match[1]));
      if (!job) return json(res, 404, { message: `No job ${match[1]}` });
      const elapsed = Date.now() - job.started;
      if (state.hangJobs || elapsed < (options.jobMs ?? 150)) return json(res, 200, { state: elapsed < 20 ? 'queued' : 'running', exitCode: null, stdout: '' });
      return json(res, 200, { state: 'succeeded', exitCode: 0, stdout: `ran on device ${job.deviceId}\n` });
    }
    json(res, 404, { message: `No route for ${req.method} ${path}` });
  };

  const server = createServer((req, res) => {
    requests++;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let body: unknown;
      try {
        body = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
      } catch {
        return json(res, 400, { message: 'The body is not JSON' });
      }
      route(req, res, new URL(req.url ?? '/', 'http://example.invalid'), body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });

  const state: ExampleServer = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    apiKey,
    customers: data.customers,
    devices: data.devices,
    tokens,
    hangJobs: false,
    get requests() {
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return state;
}
