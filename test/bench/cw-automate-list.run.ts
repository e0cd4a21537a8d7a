/**
 * Benchmark: a full ConnectWise Automate computer listing through the plugin (ListClients, then
 * ListComputers for every client, Chassis enrichment included) against the simulated Automate,
 * sampling memory as the stream goes. The simulator runs in a worker thread, so `heapUsed` is
 * the plugin's (main isolate); RSS is the whole process.
 *
 *   npx tsc -b test && node --expose-gc test/dist/bench/cw-automate-list.run.js [computers=50000] [pageSize=1000]
 *
 * Prints JSON; exits 1 when the listing is incomplete or the heap grows with the fleet
 * (last-quarter heap more than 32 MiB above the first-quarter heap).
 */
import { Worker } from 'node:worker_threads';

import { createLogger, SecretRedactor } from '@rmm-hub/core';
import { createAutomateIntegration, AutomateConfig } from '@rmm-hub/plugin-cw-automate';
import { heapTrend, measureListing } from './listing-memory.js';

interface Ready { url: string; clientId: string; username: string; password: string; totpSecret: string; devices: number; computers: number; clients: number; idSum: number }

const [targetArg, pageSizeArg] = process.argv.slice(2).map(Number);
const target = targetArg || 50_000;
const pageSize = pageSizeArg || 1000;
const gc = (globalThis as { gc?: () => void }).gc;
const MiB = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10;

const worker = new Worker(new URL('./cw-automate-sim.worker.js', import.meta.url), { workerData: { target, seed: 7 } });
const ready = await new Promise<Ready>((resolve, reject) => {
  worker.once('message', (m: Ready) => resolve(m));
  worker.once('error', reject);
});

const redactor = new SecretRedactor();
const config = AutomateConfig.parse({
  serverUrl: ready.url,
  clientId: ready.clientId,
  username: ready.username,
  password: ready.password,
  mfa: { mode: 'totp', secret: ready.totpSecret },
  pageSize,
  concurrency: 4,
});
const integration = createAutomateIntegration(config, { logger: createLogger({ sink: () => {}, redactor }), redactor });

gc?.();
const baseline = process.memoryUsage();
const started = performance.now();
const clientIds: string[] = [];
for await (const client of integration.clients.listClients()) if (client.kind === 'client') clientIds.push(String(client.id));

const { count, idSum, withUuid, samples } = await measureListing(integration.computers.listComputers({ clientIds }), ready.computers, gc);
const seconds = (performance.now() - started) / 1000;
worker.postMessage('stats');
const stats = await new Promise<{ requests: number; byRoute: Record<string, number> }>((resolve) => worker.once('message', (m: { stats: { requests: number; byRoute: Record<string, number> } }) => resolve(m.stats)));
integration.close();
worker.postMessage('close');

const { firstQuarterMiB: firstHeap, lastQuarterMiB: lastHeap, flat } = heapTrend(samples);
const complete = count === ready.computers && idSum === ready.idSum;
const result = {
  computers: ready.computers,
  listed: count,
  complete,
  withSmbiosUuid: withUuid,
  clients: ready.clients,
  fleetDevices: ready.devices,
  pageSize,
  seconds: Math.round(seconds * 10) / 10,
  computersPerSecond: Math.round(count / seconds),
  requests: stats.requests,
  gcExposed: gc !== undefined,
  baselineHeapMiB: MiB(baseline.heapUsed),
  baselineRssMiB: MiB(baseline.rss),
  heapMiB: { firstQuarterAvg: firstHeap, lastQuarterAvg: lastHeap, max: Math.max(...samples.map((s) => s.heapMiB)) },
  rssMiB: { first: samples[0]?.rssMiB, last: samples.at(-1)?.rssMiB, max: Math.max(...samples.map((s) => s.rssMiB)) },
  flat,
  samples: samples.filter((_, i) => i % Math.max(1, Math.floor(samples.length / 10)) === 0),
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
process.exitCode = complete && flat ? 0 : 1;
