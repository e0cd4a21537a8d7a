/**
 * Results stream: memory must not grow with the number of pages. Heap measurements are noisy
 * (GC timing, JIT, other tests in the worker), so this check counts instead. It watches the
 * process's outgoing HTTP requests (Node diagnostics channels) while it consumes a listing at
 * the smallest page size, and asks: how many pages had the plugin fetched when it handed over
 * the first record (and paused)? A plugin that collects a whole listing before yielding has
 * fetched them all; one that streams has fetched one, plus per-page lookups (an enrichment call
 * per page, an empty terminating page) and at most a small read-ahead. The check allows
 * `max(1 + lookaheadPages, pages / 2)`, which no buffering plugin meets and every streaming one
 * does. Records held in memory are at most `pages fetched × page size`, so a bounded page
 * count is a bounded memory.
 *
 * Requests are grouped by method and path without the query; an endpoint requested more than
 * once during a full listing is a paged one (auth calls and per-record lookups are not counted).
 * Requests sent while the consumer pauses count as held pages (a background prefetch shows
 * there), and after it stops early (`break`) none may be sent at all.
 */
import { setTimeout as sleep } from 'node:timers/promises';

import { ConformanceFailure } from '../conformance-failure.js';
import type { RawConfig } from '../conformance-options.js';
import { ConformanceSession, describeError, type SessionHost } from '../conformance-session.js';
import { countRequests, endpointOf, type SeenRequest } from '../request-counter.js';

const CHECK = 'streaming';
/** A listing must span this many pages at the smallest page size for the check to conclude. */
export const MIN_PAGES = 4;
/** How long the consumer pauses: long enough for a background prefetch to show on loopback. */
const PAUSE_MS = 100;

type Open = (host: SessionHost) => AsyncIterable<unknown>;

interface Observation {
  /** Requests per paged endpoint during a full listing. */
  pages: number;
  records: number;
  /** Paged requests sent before the first record arrived. */
  beforeFirst: number;
  /** Paged requests sent while the consumer paused after the first record. */
  whilePaused: number;
  /** Paged requests sent after the consumer stopped early. */
  afterBreak: number;
  /** The endpoints of the requests sent while paused or after the stop, for the message. */
  stray: string[];
}

async function observe(session: ConformanceSession<unknown>, config: RawConfig, label: string, open: Open): Promise<Observation> {
  return session.withHost(config, label, async (host) => {
    const full = countRequests();
    let records = 0;
    try {
      for await (const _ of open(host)) records++;
    } catch (error) {
      throw new ConformanceFailure(CHECK, `${label} failed: ${describeError(error)}`);
    } finally {
      full.stop();
    }
    const perEndpoint = new Map<string, number>();
    for (const request of full.requests) perEndpoint.set(endpointOf(request), (perEndpoint.get(endpointOf(request)) ?? 0) + 1);
    const paged = new Set([...perEndpoint].filter(([, count]) => count > 1).map(([endpoint]) => endpoint));
    const pages = [...paged].reduce((sum, endpoint) => sum + (perEndpoint.get(endpoint) ?? 0), 0);
    const count = (requests: readonly SeenRequest[], from = 0): number => requests.slice(from).filter((r) => paged.has(endpointOf(r))).length;

    const second = countRequests();
    try {
      const iterator = open(host)[Symbol.asyncIterator]();
      const first = await iterator.next();
      const beforeFirst = count(second.requests);
      const mark = second.requests.length;
      await sleep(PAUSE_MS);
      const whilePaused = count(second.requests, mark);
      const strayPaused = second.requests.slice(mark).map(endpointOf);
      // Take a few more records, then stop early: the plugin's iterator must stop paging.
      for (let i = 0; i < 3 && !first.done; i++) if ((await iterator.next()).done) break;
      await iterator.return?.();
      const stopped = second.requests.length;
      await sleep(PAUSE_MS);
      return { pages, records, beforeFirst, whilePaused, afterBreak: count(second.requests, stopped), stray: [...strayPaused, ...second.requests.slice(stopped).map(endpointOf)] };
    } finally {
      second.stop();
    }
  });
}

function judge(session: ConformanceSession<unknown>, what: string, seen: Observation, pageSize: number): void {
  if (seen.pages < MIN_PAGES) {
    throw new ConformanceFailure(
      CHECK,
      `${what} took ${seen.pages} paged request(s) for ${seen.records} records at page size ${pageSize}: too few to tell streaming from buffering. Make the fake server serve at least ${MIN_PAGES} pages at the smallest page size (or lower pageSizes.min).`,
    );
  }
  // Pages fetched while the consumer holds the first record. A plugin that streams has fetched
  // one (plus per-page lookups and a bounded read-ahead); one that buffers has fetched them all.
  const holding = seen.beforeFirst + seen.whilePaused;
  const allowed = Math.max(1 + (session.options.lookaheadPages ?? 1), Math.floor(seen.pages / 2));
  if (holding > allowed) {
    const all = holding >= seen.pages ? 'all' : `${holding}`;
    throw new ConformanceFailure(
      CHECK,
      `${what} fetched ${all} of its ${seen.pages} pages while the consumer had taken one record (allowed: ${allowed}): it buffers the listing, so memory grows with the number of pages. Yield each page's records as the page arrives (paginate.pageNumber does this).`,
    );
  }
  if (seen.afterBreak > 0) {
    throw new ConformanceFailure(CHECK, `${what} kept fetching (${seen.afterBreak} page request(s): ${seen.stray.join(', ')}) after the consumer stopped: stop paging when the iterator is closed.`);
  }
}

/** Fails unless ListClients and ListComputers fetch pages only as records are consumed. */
export async function checkStreaming(session: ConformanceSession<unknown>): Promise<void> {
  const baseline = await session.baseline();
  const pageSize = session.pageSizes.min;
  const config = session.options.withPageSize(session.goodConfig, pageSize);
  const call = (host: SessionHost, capability: string, ...args: unknown[]): AsyncIterable<unknown> => ConformanceSession.caller(host)(capability, ...args) as AsyncIterable<unknown>;

  const clients = await observe(session, config, 'ListClients', (host) => call(host, 'ListClients'));
  judge(session, 'ListClients', clients, pageSize);

  // One client's agents when that client alone spans enough pages (per-client listings would
  // otherwise hide in many one-page endpoints); all clients together otherwise.
  const perClient = new Map<string, number>();
  for (const agent of baseline.agents) perClient.set(agent.clientId, (perClient.get(agent.clientId) ?? 0) + 1);
  const [busiest, most = 0] = [...perClient].sort((a, b) => b[1] - a[1])[0] ?? [];
  if (busiest !== undefined && most >= MIN_PAGES * pageSize) {
    const what = `ListComputers for client ${busiest}`;
    judge(session, what, await observe(session, config, what, (host) => call(host, 'ListComputers', { clientIds: [busiest] })), pageSize);
  } else {
    const clientIds = session.agentQuery(baseline.clients);
    const what = 'ListComputers for all clients';
    judge(session, what, await observe(session, config, what, (host) => call(host, 'ListComputers', { clientIds })), pageSize);
  }
}
