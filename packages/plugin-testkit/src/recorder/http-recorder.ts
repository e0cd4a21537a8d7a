/**
 * Recording a real server's answers once: a pass-through proxy on loopback. Point the plugin's
 * `serverUrl` at the recorder instead of the server, run what you want to capture (a listing, a
 * health check, a script), then `stop()` — the exchanges are scrubbed and written to a JSON file
 * that {@link startReplayer} serves offline.
 *
 * The proxy forwards method, path, query, body and headers (minus hop-by-hop ones), so the real
 * server sees the plugin's own credentials; only the file is scrubbed.
 */
import { request as httpRequest, createServer, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';

import { saveFixture, type HttpFixture, type RecordedExchange } from './fixture-file.js';
import { FixtureScrubber } from './fixture-scrubber.js';

/** Options of {@link startRecorder}. */
export interface RecorderOptions {
  /** The server to record, e.g. `https://nc.example.com` (a path prefix is kept). */
  target: string;
  /** Where `stop()` writes the fixture; omit to only get it back. */
  file?: string;
  /** Secret values to scrub (passwords, API keys, tokens); sensitive-looking fields are scrubbed anyway. */
  secrets?: readonly string[];
  /** Extra CA certificate (PEM) for a server with an internal certificate. */
  ca?: string;
}

/** A running recorder. */
export interface HttpRecorder {
  /** Give the plugin this as its server URL. */
  readonly url: string;
  /** Exchanges recorded so far (already scrubbed). */
  readonly exchanges: readonly RecordedExchange[];
  /** Stops the proxy, writes the file (when given) and returns the fixture. */
  stop(): Promise<HttpFixture>;
}

/** Response headers worth replaying; the rest (dates, cookies, server banners) is noise or secret. */
const KEPT_HEADERS = ['content-type', 'retry-after', 'link', 'location', 'x-total-count', 'www-authenticate'];
/** Request headers a proxy must not forward as they are. */
const HOP_BY_HOP = new Set(['host', 'connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'accept-encoding', 'content-length']);

/** Starts a recording proxy on 127.0.0.1 (port 0). */
export async function startRecorder(options: RecorderOptions): Promise<HttpRecorder> {
  const target = new URL(options.target);
  if (target.username || target.password) throw new Error('the recorder target must not carry credentials in its URL');
  const prefix = target.pathname.replace(/\/+$/, '');
  const scrubber = new FixtureScrubber(options.secrets);
  const exchanges: RecordedExchange[] = [];

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const incoming = new URL(req.url ?? '/', 'http://recorder');
      const answer = await forward(target, `${prefix}${incoming.pathname}${incoming.search}`, req.method ?? 'GET', req.headers, body, options.ca).catch((error: unknown) => ({
        status: 502,
        headers: { 'content-type': 'application/json' } as Record<string, string>,
        body: JSON.stringify({ message: `recorder: the target did not answer (${(error as Error).message})` }),
      }));
      exchanges.push({
        method: (req.method ?? 'GET').toUpperCase(),
        path: incoming.pathname,
        query: scrubber.query([...incoming.searchParams]),
        status: answer.status,
        headers: answer.headers,
        body: scrubber.body(answer.body),
      });
      res.writeHead(answer.status, answer.headers).end(answer.body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    exchanges,
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      const fixture: HttpFixture = { format: 'rmm-hub-http-fixture', version: 1, recordedAt: new Date().toISOString(), target: target.origin, exchanges: [...exchanges] };
      if (options.file) await saveFixture(options.file, fixture);
      return fixture;
    },
  };
}

function forward(target: URL, path: string, method: string, headers: IncomingHttpHeaders, body: Buffer, ca: string | undefined): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const outgoing: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) outgoing[name] = value;
  if (body.length > 0) outgoing['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const request = send(
      { protocol: target.protocol, hostname: target.hostname, port: target.port, path, method, headers: outgoing, ...(ca ? { ca } : {}) },
      (response) => {
        readBody(response)
          .then((text) => {
            const kept: Record<string, string> = {};
            for (const name of KEPT_HEADERS) {
              const value = response.headers[name];
              if (value !== undefined) kept[name] = Array.isArray(value) ? value.join(', ') : value;
            }
            resolve({ status: response.statusCode ?? 502, headers: kept, body: text.toString('utf8') });
          })
          .catch(reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

async function readBody(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
