/**
 * Benchmark: the simulated N-central serving a large generated fleet — every device page of
 * `/api/devices` plus the assets of every tenth device — with plain fetch, sampling the heap and
 * RSS of the process (simulator and client share it; the client keeps nothing).
 *
 *   npx tsc -b test && node --expose-gc test/dist/bench/ncentral-sim-serve.run.js [devices=100000] [pageSize=1000]
 *
 * Prints JSON; exits 1 when a device is missing or the heap grows with the fleet (last-quarter
 * heap more than 32 MiB above the first-quarter heap).
 */
import { generateFleet, startNcentralSim } from '@rmm-hub/simulators';

const [devicesArg, pageSizeArg] = process.argv.slice(2).map(Number);
const devices = devicesArg || 100_000;
const pageSize = pageSizeArg || 1000;
const gc = (globalThis as { gc?: () => void }).gc;
const MiB = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10;

gc?.();
const beforeFleet = process.memoryUsage();
const t0 = performance.now();
const fleet = generateFleet({ seed: 3, devices });
const generateSeconds = (performance.now() - t0) / 1000;
const sim = await startNcentralSim({ fleet, concurrencyCaps: { 'GET /api/devices': 0, 'GET /api/devices/:deviceId/assets': 0 } });
gc?.();
const afterStart = process.memoryUsage();

const auth = (await (await fetch(`${sim.url}/api/auth/authenticate`, { method: 'POST', headers: { Authorization: `Bearer ${sim.jwt}` } })).json()) as { tokens: { access: { token: string } } };
const headers = { Authorization: `Bearer ${auth.tokens.access.token}` };
const started = performance.now();
const samples: { devices: number; heapMiB: number; rssMiB: number }[] = [];
let served = 0;
let assets = 0;
for (let page = 1; ; page++) {
  const body = (await (await fetch(`${sim.url}/api/devices?pageNumber=${page}&pageSize=${pageSize}`, { headers })).json()) as { data: { deviceId: number; isProbe: boolean }[]; totalPages: number };
  served += body.data.length;
  const sample = body.data.filter((d, i) => i % 10 === 0 && !d.isProbe);
  await Promise.all(sample.map(async (d) => {
    const res = await fetch(`${sim.url}/api/devices/${d.deviceId}/assets`, { headers });
    await res.arrayBuffer();
    if (res.status === 200) assets++;
  }));
  if (page % Math.max(1, Math.floor(fleet.ncentral.agentCount / pageSize / 40)) === 0) {
    gc?.();
    const m = process.memoryUsage();
    samples.push({ devices: served, heapMiB: MiB(m.heapUsed), rssMiB: MiB(m.rss) });
  }
  if (page >= body.totalPages) break;
}
const seconds = (performance.now() - started) / 1000;
await sim.close();

const quarter = Math.max(1, Math.floor(samples.length / 4));
const avg = (xs: number[]): number => Math.round((xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)) * 10) / 10;
const firstQuarterHeap = avg(samples.slice(0, quarter).map((s) => s.heapMiB));
const lastQuarterHeap = avg(samples.slice(-quarter).map((s) => s.heapMiB));
const complete = served === fleet.ncentral.agentCount;
const flat = lastQuarterHeap - firstQuarterHeap <= 32;
process.stdout.write(
  `${JSON.stringify(
    {
      bench: 'ncentral-sim-serve',
      node: process.version,
      gcExposed: gc !== undefined,
      fleet: { devices, ncentralAgents: fleet.ncentral.agentCount, customers: fleet.ncentral.customers.length, generateSeconds: Math.round(generateSeconds * 10) / 10 },
      served: { devices: served, assets, complete },
      seconds: Math.round(seconds * 10) / 10,
      memory: {
        beforeFleetHeapMiB: MiB(beforeFleet.heapUsed),
        afterStartHeapMiB: MiB(afterStart.heapUsed),
        afterStartRssMiB: MiB(afterStart.rss),
        firstQuarterHeapMiB: firstQuarterHeap,
        lastQuarterHeapMiB: lastQuarterHeap,
        maxHeapMiB: Math.max(...samples.map((s) => s.heapMiB)),
        maxRssMiB: Math.max(...samples.map((s) => s.rssMiB)),
        flat,
      },
      samples,
    },
    null,
    2,
  )}\n`,
);
process.exit(complete && flat ? 0 : 1);
