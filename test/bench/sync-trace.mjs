/**
 * Diagnostic, not in `pnpm bench`: where the measured full sync of `sync-efficiency.run.js` spends
 * its memory and its wall time. Loaded into the benchmark's own process:
 *
 *   node --import ./test/bench/sync-trace.mjs test/dist/bench/sync-efficiency.run.js 2000 20 0 2 0
 *   SYNC_TRACE_GC=1 node --expose-gc --import ./test/bench/sync-trace.mjs test/dist/bench/sync-efficiency.run.js …
 *
 * Every 100 ms it samples the RSS (anonymous and file-backed), the V8 heap and its old space; with
 * SYNC_TRACE_GC=1 a full collection runs before each sample, so `heapUsed` is the live heap (and
 * the sync slows down: read no times from such a run). From node:http's diagnostics channels it
 * records every request of the measured sync, and reports for the N-central identity reads (the
 * assets endpoint, capped at 3): how long 0–3 of them were in flight, the time from one read's
 * answer to the next read's request (the cap's hand-over), and the time before the first read
 * and after the last. The summary is one JSON line on stderr when the process exits.
 *
 * The simulators' child processes inherit this preload with the execArgv; it does nothing there.
 */
import dc from 'node:diagnostics_channel';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setInterval } from 'node:timers';
import { getHeapSpaceStatistics } from 'node:v8';

const ASSETS = /^\/api\/devices\/\d+\/assets/;
const MiB = (bytes) => Math.round(bytes / 104857.6) / 10;

if (process.argv[1]?.endsWith('sync-efficiency.run.js')) {
  const forceGc = process.env.SYNC_TRACE_GC === '1';
  if (forceGc && typeof globalThis.gc !== 'function') throw new Error('SYNC_TRACE_GC=1 needs node --expose-gc');
  /** 'setup' until the measured full sync starts, 'sync' during it, 'after' once its result is printed. */
  let phase = 'setup';
  let syncStartedAt = 0;
  let syncEndedAt = 0;
  const peaks = { setup: { rss: 0 }, sync: { rss: 0 } };
  let liveMaxMiB = 0;
  const sample = () => {
    if (phase === 'after') return;
    if (forceGc) globalThis.gc();
    const memory = process.memoryUsage();
    const status = readFileSync('/proc/self/status', 'utf8');
    const kib = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    const old = getHeapSpaceStatistics().find((s) => s.space_name === 'old_space');
    const at = {
      rss: MiB(memory.rss),
      rssAnon: MiB(kib('RssAnon') * 1024),
      rssFile: MiB(kib('RssFile') * 1024),
      heapTotal: MiB(memory.heapTotal),
      heapUsed: MiB(memory.heapUsed),
      oldSpace: MiB(old?.space_size ?? 0),
      external: MiB(memory.external),
    };
    if (phase === 'sync') liveMaxMiB = Math.max(liveMaxMiB, at.heapUsed);
    if (at.rss > peaks[phase].rss) peaks[phase] = { ...at, atMs: Math.round(performance.now() - (phase === 'sync' ? syncStartedAt : 0)) };
  };
  setInterval(sample, 100).unref();

  const stderrWrite = process.stderr.write.bind(process.stderr);
  const stdoutWrite = process.stdout.write.bind(process.stdout);
  const endSync = () => {
    sample();
    phase = 'after';
    syncEndedAt = performance.now();
  };
  // The benchmark's progress lines mark the full sync's start and the re-sync's; its result on
  // stdout marks the end when there is no re-sync.
  process.stderr.write = (chunk, ...rest) => {
    const text = String(chunk);
    if (phase === 'setup' && text.includes('full sync of every agent')) {
      sample();
      phase = 'sync';
      syncStartedAt = performance.now();
    } else if (phase === 'sync' && text.includes('re-sync')) endSync();
    return stderrWrite(chunk, ...rest);
  };
  process.stdout.write = (chunk, ...rest) => {
    if (phase === 'sync') endSync();
    return stdoutWrite(chunk, ...rest);
  };

  const open = new Map();
  const reads = [];
  dc.subscribe('http.client.request.start', ({ request }) => {
    if (phase === 'sync' && ASSETS.test(request.path)) open.set(request, performance.now() - syncStartedAt);
  });
  dc.subscribe('http.client.response.finish', ({ request }) => {
    const start = open.get(request);
    if (start === undefined) return;
    open.delete(request);
    reads.push([start, performance.now() - syncStartedAt]);
  });

  process.on('exit', () => {
    const round = (x) => Math.round(x);
    const summary = { forcedGc: forceGc, peakRss: { setup: peaks.setup, sync: peaks.sync }, ...(forceGc ? { liveHeapMaxMiB: liveMaxMiB } : {}) };
    if (reads.length > 0 && !forceGc) {
      const edges = reads.flatMap(([start, end]) => [[start, 1], [end, -1]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      const inFlightMs = {};
      let inFlight = 0;
      let last = edges[0][0];
      for (const [at, delta] of edges) {
        inFlightMs[inFlight] = (inFlightMs[inFlight] ?? 0) + (at - last);
        last = at;
        inFlight += delta;
      }
      const starts = reads.map(([start]) => start).sort((a, b) => a - b);
      const handOvers = [];
      for (const [, end] of reads) {
        const next = starts.find((start) => start >= end);
        if (next !== undefined) handOvers.push(next - end);
      }
      handOvers.sort((a, b) => a - b);
      const quantile = (q) => Math.round(handOvers[Math.floor(q * (handOvers.length - 1))] * 100) / 100;
      const firstRead = starts[0];
      const lastAnswer = Math.max(...reads.map(([, end]) => end));
      summary.identityReads = {
        reads: reads.length,
        meanMs: Math.round((reads.reduce((sum, [start, end]) => sum + end - start, 0) / reads.length) * 100) / 100,
        beforeFirstReadMs: round(firstRead),
        readingMs: round(lastAnswer - firstRead),
        afterLastReadMs: round(syncEndedAt - syncStartedAt - lastAnswer),
        inFlightMs: Object.fromEntries(Object.entries(inFlightMs).map(([n, ms]) => [n, round(ms)])),
        handOverMs: { p50: quantile(0.5), p90: quantile(0.9), p99: quantile(0.99), sum: round(handOvers.reduce((a, b) => a + b, 0)), over5ms: handOvers.filter((h) => h > 5).length },
      };
    }
    stderrWrite(`sync-trace: ${JSON.stringify(summary)}\n`);
  });
}
