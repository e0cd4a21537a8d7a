import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import { FaultInjector, type FaultRule } from './faults.js';
import { SimHttpError, type Router, type SimRequest, type SimResponse } from './router.js';

/** Builds the body of an error the plumbing answers itself (404, 405, 429, 5xx, 413). */
export type ErrorBodyFactory = (status: number, message: string) => unknown;

/** Options of {@link startSimServer}. */
export interface SimServerOptions {
  router: Router;
  /** Delay added to every request before it is handled (default 0). */
  latencyMs?: number | undefined;
  /** A fault injector to share; a fresh one is created when unset. */
  faults?: FaultInjector | undefined;
  /**
   * Per-endpoint caps on requests in flight, keyed `'METHOD /route/:pattern'` (the route as
   * registered on the router). A request past the cap is answered 429 without Retry-After,
   * as N-central does.
   */
  concurrencyCaps?: Record<string, number> | undefined;
  /** Loopback only (default `127.0.0.1`). */
  host?: '127.0.0.1' | undefined;
  /** Default 0: an ephemeral port. */
  port?: number | undefined;
  /**
   * Error body format of the simulated product. Default `{ status, message }` (N-central's
   * documented shape).
   */
  errorBody?: ErrorBodyFactory | undefined;
  /** Largest request body accepted (default 10 MiB); larger ones get 413. */
  maxBodyBytes?: number | undefined;
}

/** Live request counters of a simulated server. */
export interface SimServerStats {
  /** Every request received. */
  requests: number;
  /** Requests per `'METHOD /route/:pattern'` (unmatched: `'METHOD (unmatched)'`). */
  byRoute: Record<string, number>;
  /** Requests answered 429 because their endpoint's concurrency cap was reached. */
  rejectedByCap: number;
  /** Requests a fault rule acted on (slow ones included). */
  faultsInjected: number;
  /** Highest number of requests simultaneously in flight, per route key. */
  maxInFlight: Record<string, number>;
  /**
   * Milliseconds requests spent in flight (arrival to answer), summed per route key. Divided by
   * the elapsed time it is the concurrency a client really used, beside the cap it was allowed.
   */
  busyMs: Record<string, number>;
}

/** A running simulated server. */
export interface SimServer {
  /** Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  readonly url: string;
  readonly port: number;
  readonly faults: FaultInjector;
  /** Live counters (the same object is updated in place). */
  readonly stats: SimServerStats;
  /** Changes the latency added to every request from now on. */
  setLatency(ms: number): void;
  /** Sets (or, with `undefined`, removes) the concurrency cap of one `'METHOD /pattern'` key. */
  setConcurrencyCap(routeKey: string, cap: number | undefined): void;
  /** Zeroes the counters. */
  resetStats(): void;
  /** Stops listening and drops every open connection. */
  close(): Promise<void>;
}

const JSON_TYPE = 'application/json; charset=utf-8';

function defaultErrorBody(status: number, message: string): unknown {
  return { status, message };
}

function emptyStats(): SimServerStats {
  return { requests: 0, byRoute: {}, rejectedByCap: 0, faultsInjected: 0, maxInFlight: {}, busyMs: {} };
}

/** Serialises a handler response into status, headers and bytes. */
function encode(res: SimResponse): { status: number; headers: Record<string, string>; bytes: Buffer } {
  const headers: Record<string, string> = { ...(res.headers ?? {}) };
  const hasType = Object.keys(headers).some((h) => h.toLowerCase() === 'content-type');
  let bytes: Buffer;
  if (res.body === undefined) bytes = Buffer.alloc(0);
  else if (Buffer.isBuffer(res.body)) bytes = res.body;
  else if (typeof res.body === 'string') {
    bytes = Buffer.from(res.body, 'utf8');
    if (!hasType) headers['Content-Type'] = 'text/plain; charset=utf-8';
  } else {
    bytes = Buffer.from(JSON.stringify(res.body), 'utf8');
    if (!hasType) headers['Content-Type'] = JSON_TYPE;
  }
  return { status: res.status, headers, bytes };
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Starts a simulated HTTP server on loopback around a {@link Router}, adding what both
 * simulated RMMs share: latency, transport fault injection, per-endpoint concurrency caps
 * answering 429, and request statistics.
 */
export async function startSimServer(options: SimServerOptions): Promise<SimServer> {
  const { router } = options;
  const faults = options.faults ?? new FaultInjector();
  const caps = new Map(Object.entries(options.concurrencyCaps ?? {}));
  const errorBody = options.errorBody ?? defaultErrorBody;
  const maxBody = options.maxBodyBytes ?? 10 * 1024 * 1024;
  let latencyMs = options.latencyMs ?? 0;
  const stats = emptyStats();
  const inFlight = new Map<string, number>();

  const send = (res: ServerResponse, out: SimResponse): void => {
    const { status, headers, bytes } = encode(out);
    if (res.destroyed) return;
    res.writeHead(status, { ...headers, 'Content-Length': String(bytes.length) });
    res.end(bytes);
  };
  const sendError = (res: ServerResponse, status: number, message: string, extra?: Record<string, string>): void =>
    send(res, { status, headers: extra, body: errorBody(status, message) });

  const applyFault = (res: ServerResponse, fault: Readonly<FaultRule>): boolean => {
    switch (fault.kind) {
      case 'rate-limit': {
        const status = fault.status ?? 429;
        const headers = fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : undefined;
        send(res, { status, headers, body: fault.body ?? errorBody(status, 'TOO MANY REQUESTS: rate limit exceeded') });
        return true;
      }
      case 'server-error': {
        const status = fault.status ?? 500;
        send(res, { status, body: fault.body ?? errorBody(status, 'INTERNAL SERVER ERROR: simulated server error') });
        return true;
      }
      case 'connection-reset':
        res.socket?.destroy();
        return true;
      default:
        return false; // truncated-json is applied to the handler's response; slow only delays
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://sim.invalid');
    const path = url.pathname;
    const body = await readBody(req, maxBody);
    const match = router.match(method, path);
    const route = match.kind === 'not-found' ? undefined : match.route;
    const key = `${method} ${route ?? '(unmatched)'}`;
    stats.requests++;
    stats.byRoute[key] = (stats.byRoute[key] ?? 0) + 1;

    if (body === 'too-large') return sendError(res, 413, 'PAYLOAD TOO LARGE');

    // The cap is checked on arrival, and a request counts against it for its whole life
    // (latency included), as a real server's worker pool would.
    const cap = caps.get(key);
    const current = inFlight.get(key) ?? 0;
    if (cap !== undefined && current >= cap) {
      stats.rejectedByCap++;
      return sendError(res, 429, `TOO MANY REQUESTS: concurrency limit of ${cap} reached for ${route ?? path}`);
    }
    inFlight.set(key, current + 1);
    stats.maxInFlight[key] = Math.max(stats.maxInFlight[key] ?? 0, current + 1);
    const arrived = performance.now();
    try {
      const decision = faults.decide(method, path, route);
      if (decision.fault || decision.delayMs > 0) stats.faultsInjected++;
      const delay = latencyMs + decision.delayMs;
      if (delay > 0) await sleep(delay);
      if (decision.fault && applyFault(res, decision.fault)) return;

      if (match.kind === 'not-found') return sendError(res, 404, `NOT FOUND: no route for ${method} ${path}`);
      if (match.kind === 'method-not-allowed') {
        return sendError(res, 405, `METHOD NOT ALLOWED: ${method} ${path}`, { Allow: match.allowed.join(', ') });
      }
      const simReq: SimRequest = {
        method,
        path,
        route: match.route,
        params: match.params,
        query: url.searchParams,
        headers: req.headers,
        body,
        text: () => body.toString('utf8'),
        json: <T>(): T => {
          try {
            return JSON.parse(body.toString('utf8')) as T;
          } catch {
            throw new SimHttpError(400, 'BAD REQUEST: malformed JSON body');
          }
        },
      };
      let out: SimResponse;
      try {
        out = await match.handler(simReq);
      } catch (err) {
        if (err instanceof SimHttpError) {
          out = { status: err.status, headers: err.headers, body: err.body ?? errorBody(err.status, err.message) };
        } else {
          const message = err instanceof Error ? err.message : String(err);
          out = { status: 500, body: errorBody(500, `INTERNAL SERVER ERROR: ${message}`) };
        }
      }
      if (decision.fault?.kind === 'truncated-json') {
        const { status, headers, bytes } = encode(out);
        // A well-formed HTTP response whose JSON stops half-way: the client's parser must fail.
        const cut = bytes.subarray(0, Math.max(0, Math.min(bytes.length - 1, Math.floor(bytes.length / 2))));
        if (!res.destroyed) {
          res.writeHead(status, { ...headers, 'Content-Type': JSON_TYPE, 'Content-Length': String(cut.length) });
          res.end(cut);
        }
        return;
      }
      send(res, out);
    } finally {
      inFlight.set(key, (inFlight.get(key) ?? 1) - 1);
      stats.busyMs[key] = (stats.busyMs[key] ?? 0) + (performance.now() - arrived);
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      if (!res.headersSent && !res.destroyed) sendError(res, 500, `INTERNAL SERVER ERROR: ${message}`);
      else res.destroy();
    });
  });
  // Keep-alive sockets must not hold close() open for the default 5 s.
  server.keepAliveTimeout = 5_000;

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://${host}:${port}`,
    port,
    faults,
    stats,
    setLatency(ms) {
      latencyMs = Math.max(0, ms);
    },
    setConcurrencyCap(routeKey, cap) {
      if (cap === undefined) caps.delete(routeKey);
      else caps.set(routeKey, cap);
    },
    resetStats() {
      // In place: callers may hold the stats object.
      Object.assign(stats, emptyStats());
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}
