/**
 * Standalone entry for the API latency benchmark:
 *   npx tsc -b test && node test/dist/bench/api-latency.run.js [computers=100000] [connections=50] [seconds=5]
 * Prints JSON: per scenario (first page, search, a page deep in the fleet, one tenant, conflicts,
 * the audit log) the requests made, errors, requests/s and p50/p95/p99 in ms.
 */
import { fileURLToPath } from 'node:url';

import { computerName, loadPaths, seedApiFleet, startApiChild, type LatencyFigures } from './api-latency.js';

const [computersArg, connectionsArg, secondsArg] = process.argv.slice(2).map(Number);
const computers = computersArg || 100_000;
const connections = connectionsArg || 50;
const seconds = secondsArg || 5;

const seedStarted = performance.now();
const dir = await seedApiFleet(computers);
const seedMs = Math.round(performance.now() - seedStarted);
const server = await startApiChild(fileURLToPath(new URL('./api-server.child.js', import.meta.url)), dir);
try {
  // A cursor half-way through the fleet, as a person paging far would hold.
  let cursor: string | undefined;
  for (let walked = 0; walked < computers / 2; walked += 500) {
    const page = (await (await fetch(`${server.url}/api/computers?limit=500${cursor ? `&cursor=${cursor}` : ''}`, { headers: { authorization: `Bearer ${server.token}` } })).json()) as { nextCursor?: string };
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  // Name prefixes as people type them: a word (1/10 of the fleet), a word and a kind (1/30), most
  // of a name (a handful), one computer's whole name.
  const searches = ['gold', 'acme-ws', computerName(4242).slice(0, 12), computerName(777)].map((s) => `/api/computers?limit=50&search=${encodeURIComponent(s.toLowerCase())}`);
  const scenarios: Record<string, readonly string[]> = {
    list: ['/api/computers?limit=50'],
    search: searches,
    deepPage: [`/api/computers?limit=50&cursor=${cursor ?? ''}`],
    tenant: ['/api/computers?limit=50&tenantId=t17', '/api/computers?limit=50&tenantId=t123'],
    conflicts: ['/api/conflicts?limit=50'],
    audit: ['/api/audit?limit=50', '/api/audit?limit=50&actor=user3'],
  };
  // Warm-up, not counted: the first requests pay for JIT compilation and SQLite's page cache.
  await loadPaths(server.url, server.token, Object.values(scenarios).flat(), connections, 2);
  const results: Record<string, LatencyFigures> = {};
  for (const [name, paths] of Object.entries(scenarios)) results[name] = await loadPaths(server.url, server.token, paths, connections, seconds);
  process.stdout.write(`${JSON.stringify({ computers, connections, seconds, seedMs, scenarios: results })}\n`);
} finally {
  server.stop();
}
