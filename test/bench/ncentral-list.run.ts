/**
 * Benchmark: a full N-central device listing through the plugin (ListClients, then
 * ListComputers for every customer, with device assets for identity) against the simulated
 * N-central, sampling memory as the stream goes. The simulator runs in a worker thread, so
 * `heapUsed` is the plugin's (main isolate); RSS is the whole process.
 *
 *   npx tsc -b test && node --expose-gc test/dist/bench/ncentral-list.run.js [devices=50000] [pageSize=500] [assets=1]
 *
 * Prints JSON; exits 1 when the listing is incomplete (count or id checksum differ from the
 * fleet) or the heap grows with the fleet (last-quarter heap more than 32 MiB above the
 * first-quarter heap).
 */
import { Worker } from 'node:worker_threads';

import { createLogger, SecretRedactor } from '@rmm-hub/core';
import { createNcentralIntegration, NcentralConfig } from '@rmm-hub/plugin-ncentral';
import { heapTrend, measureListing } from './listing-memory.js';

interface Ready { url: string; jwt: string; repositoryId: number; devices: number; agents: number; customers: number; probes: number; idSum: number }

const [targetArg, pageSizeArg, assetsArg] = process.argv.slice(2).map(Number);
const target = targetArg || 50_000;
const pageSize = pageSizeArg || 500;
const fetchAssets = assetsArg === undefined || Number.isNaN(assetsArg) ? true : assetsArg !== 0;
const gc = (globalThis as { gc?: () => void }).gc;
const MiB = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10;

const worker = new Worker(new URL('./ncentral-sim.worker.js', import.meta.url), { workerData: { target, seed: 11 } });
const ready = await new Promise<Ready>((resolve, reject) => {
  worker.once('message', (m: Ready) => resolve(m));
  worker.once('error', reject);
});

const redactor = new SecretRedactor();
const config = NcentralConfig.parse({ serverUrl: ready.url, jwt: ready.jwt, runScriptRepositoryId: ready.repositoryId, pageSize, fetchAssets });
const nc = createNcentralIntegration(config, { logger: createLogger({ sink: () => {}, redactor }), redactor });

gc?.();
const baseline = process.memoryUsage();
const started = performance.now();
const clientIds: string[] = [];
for await (const client of nc.clients.listClients()) if (client.kind === 'customer') clientIds.push(String(client.id));

const { count, idSum, withUuid, samples } = await measureListing(nc.computers.listComputers({ clientIds }), ready.agents, gc);
const seconds = (performance.now() - started) / 1000;
gc?.();
const end = process.memoryUsage();
nc.close();
await worker.terminate();

const { firstQuarterMiB: firstQuarterHeap, lastQuarterMiB: lastQuarterHeap, flat } = heapTrend(samples);
const complete = count === ready.agents && idSum === ready.idSum;
process.stdout.write(
  `${JSON.stringify(
    {
      bench: 'ncentral-list',
      node: process.version,
      gcExposed: gc !== undefined,
      fetchAssets,
      pageSize,
      fleet: { devices: ready.devices, ncentralAgents: ready.agents, customers: ready.customers, probes: ready.probes },
      listed: { agents: count, withSmbiosUuid: withUuid, complete },
      seconds: Math.round(seconds * 10) / 10,
      agentsPerSecond: Math.round(count / seconds),
      memory: {
        baselineHeapMiB: MiB(baseline.heapUsed),
        baselineRssMiB: MiB(baseline.rss),
        firstQuarterHeapMiB: firstQuarterHeap,
        lastQuarterHeapMiB: lastQuarterHeap,
        maxHeapMiB: Math.max(...samples.map((s) => s.heapMiB)),
        maxRssMiB: Math.max(...samples.map((s) => s.rssMiB)),
        endHeapMiB: MiB(end.heapUsed),
        endRssMiB: MiB(end.rss),
        flat,
      },
      samples,
    },
    null,
    2,
  )}\n`,
);
process.exit(complete && flat ? 0 : 1);
