/**
 * Replaying a recording offline: a loopback server that answers each request from the fixture,
 * matched by method, path and query (parameter order ignored). Repeated requests get the
 * recorded answers in order and then keep getting the last one, so a status poll that went
 * `running → running → done` replays the same way. A request nobody recorded is answered 404
 * with a message naming it, and listed in `misses`, so a test can say exactly what to re-record.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { exchangeKey, loadFixture, type HttpFixture, type RecordedExchange } from './fixture-file.js';
import { FixtureScrubber } from './fixture-scrubber.js';

/** Options of {@link startReplayer}. */
export interface ReplayerOptions {
  /** The fixture, or the path of its file. */
  fixture: HttpFixture | string;
  /**
   * The secrets the recording was scrubbed with, when requests carried them in the query: the
   * replayer scrubs incoming queries the same way before matching.
   */
  secrets?: readonly string[];
}

/** A running replayer. */
export interface HttpReplayer {
  /** Give the plugin this as its server URL. */
  readonly url: string;
  /** Requests that had no recorded answer, as `METHOD /path?query`. */
  readonly misses: readonly string[];
  /** How many requests were answered from the recording. */
  readonly served: number;
  close(): Promise<void>;
}

/** Starts a replaying server on 127.0.0.1 (port 0). */
export async function startReplayer(options: ReplayerOptions): Promise<HttpReplayer> {
  const fixture = typeof options.fixture === 'string' ? await loadFixture(options.fixture) : options.fixture;
  const scrubber = new FixtureScrubber(options.secrets);
  const queues = new Map<string, RecordedExchange[]>();
  for (const exchange of fixture.exchanges) {
    const key = exchangeKey(exchange.method, exchange.path, exchange.query);
    queues.set(key, [...(queues.get(key) ?? []), exchange]);
  }
  const misses: string[] = [];
  let served = 0;

  const server = createServer((req, res) => {
    // Drain the body: it does not take part in matching, but the client expects it read.
    req.resume();
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://replayer');
      const key = exchangeKey(req.method ?? 'GET', url.pathname, scrubber.query([...url.searchParams]));
      const queue = queues.get(key);
      const answer = queue && queue.length > 1 ? queue.shift() : queue?.[0];
      if (!answer) {
        misses.push(key);
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: `replayer: no recorded answer for ${key}` }));
        return;
      }
      served++;
      res.writeHead(answer.status, answer.headers).end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    misses,
    get served() {
      return served;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
