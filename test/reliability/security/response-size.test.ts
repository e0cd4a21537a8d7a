/**
 * A hostile server cannot run the process out of memory: an endless chunked body, a 100 MB body
 * without a length, and one that announces its 100 MB are each cut off at the client's default
 * response size limit with a coded ProtocolError. The client runs in a child process so its peak
 * RSS (getrusage) is measured alone.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { recordCheck, saveChecksAfterAll } from '../support/checks.js';
import { ROOT } from '../support/results.js';

const MiB = 1024 * 1024;
const LIMIT = 32 * MiB;
const CHUNK = Buffer.alloc(64 * 1024, 'x');
const ENTRY = join(ROOT, 'core', 'dist', 'plugin-api.js');
const CHILD = join(ROOT, 'test', 'reliability', 'security', 'size-limit-child.mjs');

const figures: Record<string, { abortedAtMiB: number; peakRssMiB: number; rssBeforeMiB: number; sentMiB: number; ms: number }> = {};
saveChecksAfterAll('response-size', 3, () => ({ limitMiB: LIMIT / MiB, bodies: figures }));

let server: Server;
let url = '';
/** Bytes the server managed to hand to the socket, per route, in the last request. */
const sent: Record<string, number> = {};

/** Writes `total` bytes (Infinity: forever) as fast as the client reads them. */
function stream(res: ServerResponse, route: string, total: number, headers: Record<string, string> = {}): void {
  sent[route] = 0;
  res.writeHead(200, { 'content-type': 'application/json', ...headers });
  const pump = (): void => {
    while (!res.destroyed && sent[route]! < total) {
      sent[route]! += CHUNK.length;
      if (!res.write(CHUNK)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end();
  };
  pump();
}

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/endless') stream(res, 'endless', Infinity);
    else if (req.url === '/big-chunked') stream(res, 'big-chunked', 100 * MiB);
    else stream(res, 'big-announced', 100 * MiB, { 'content-length': String(100 * MiB) });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

interface ChildOutcome {
  ok: boolean;
  code?: string;
  context?: Record<string, number | string>;
  ms: number;
  rssBeforeBytes: number;
  peakRssBytes: number;
}

function fetchInChild(path: string): Promise<ChildOutcome> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CHILD, ENTRY, url, path], { maxBuffer: MiB }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`${error.message}\n${stderr}`));
      resolve(JSON.parse(stdout) as ChildOutcome);
    });
  });
}

const mib = (bytes: number): number => Math.round((bytes / MiB) * 10) / 10;

describe('response size limit', () => {
  it.each([
    ['endless', 'an endless chunked body'],
    ['big-chunked', 'a 100 MB body without Content-Length'],
    ['big-announced', 'a 100 MB body with its Content-Length'],
  ])('cuts off %s at the default limit, memory bounded', async (route, what) => {
    const outcome = await fetchInChild(`/${route}`);
    expect(outcome.ok).toBe(false);
    expect(outcome.code).toBe('RMM_ERR_PROTOCOL');
    expect(outcome.context).toMatchObject({ reason: 'response-too-large', limitBytes: LIMIT });
    const received = Number(outcome.context?.['receivedBytes']);
    expect(received).toBeLessThanOrEqual(LIMIT + 4 * CHUNK.length);
    // Peak RSS: the client's baseline plus about the limit (got's buffer), never the body.
    expect(outcome.peakRssBytes - outcome.rssBeforeBytes).toBeLessThan(3 * LIMIT);
    figures[route] = { abortedAtMiB: mib(received), peakRssMiB: mib(outcome.peakRssBytes), rssBeforeMiB: mib(outcome.rssBeforeBytes), sentMiB: mib(sent[route] ?? 0), ms: outcome.ms };
    recordCheck('response-size', what, `aborted at ${mib(received)} MiB with RMM_ERR_PROTOCOL (limit ${LIMIT / MiB} MiB); peak RSS ${mib(outcome.peakRssBytes)} MiB (${mib(outcome.rssBeforeBytes)} MiB before the request); the server had written ${mib(sent[route] ?? 0)} MiB into the socket`);
  }, 60_000);
});
