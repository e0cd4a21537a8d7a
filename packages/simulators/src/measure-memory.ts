/**
 * Flat-memory measurement of the fleet generator and both simulators (not a test: figures
 * for the report). Build first, then run on the compiled output with the GC exposed:
 *
 *   npx tsc -b packages/simulators
 *   node --expose-gc packages/simulators/dist/measure-memory.js [--devices 100000] [--seed 1] [--page-size 1000]
 *
 * It generates the fleet, derives every agent of both RMMs, then pages through every device of
 * the simulated N-central (`GET /api/devices`) and every computer of the simulated Automate
 * (`GET /cwa/api/v1/computers`), printing heap and RSS after each phase plus the peak heap
 * sampled (without forcing GC) while iterating and serving.
 */
import { parseArgs } from 'node:util';

import { startAutomateSim } from './automate/index.js';
import { generateFleet } from './fleet/generate-fleet.js';
import { startNcentralSim } from './ncentral/index.js';

const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;

function settle(): void {
  // Two passes: the first may only schedule finalisers.
  gc?.();
  gc?.();
}

interface Figure { phase: string; heapMB: number; rssMB: number; peakHeapMB?: number; seconds?: number }
const figures: Figure[] = [];
let peak = 0;
const sample = (): void => {
  peak = Math.max(peak, process.memoryUsage().heapUsed);
};
function record(phase: string, startedAt?: number): void {
  settle();
  const m = process.memoryUsage();
  const f: Figure = { phase, heapMB: +(m.heapUsed / MB).toFixed(1), rssMB: +(m.rss / MB).toFixed(1) };
  if (peak > 0) f.peakHeapMB = +(peak / MB).toFixed(1);
  if (startedAt !== undefined) f.seconds = +((performance.now() - startedAt) / 1000).toFixed(2);
  figures.push(f);
  peak = 0;
}

async function getJson<T>(url: string, headers: Record<string, string>): Promise<T> {
  const res = await fetch(url, { headers });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { devices: { type: 'string' }, seed: { type: 'string' }, 'page-size': { type: 'string' } } });
  const devices = Number(values.devices ?? 100_000);
  const seed = Number(values.seed ?? 1);
  const pageSize = Number(values['page-size'] ?? 1000);
  if (!gc) process.stderr.write('warning: run with node --expose-gc for settled figures\n');

  record('baseline');
  let t = performance.now();
  const fleet = generateFleet({ seed, devices });
  record(`generated (${fleet.tenants.length} tenants, ${fleet.ncentral.customers.length} + ${fleet.automate.clients.length} clients)`, t);

  t = performance.now();
  let checksum = 0;
  for (const rmm of ['ncentral', 'automate'] as const) {
    const view = fleet[rmm];
    for (let i = 0; i < view.agentCount; i++) {
      checksum = (checksum + view.agent(i).agentId) % 1_000_000_007;
      if ((i & 4095) === 0) sample();
    }
  }
  record(`iterated ${fleet.ncentral.agentCount + fleet.automate.agentCount} agents (checksum ${checksum})`, t);

  const nc = await startNcentralSim({ fleet });
  const cw = await startAutomateSim({ fleet, mfa: 'none' });
  record('servers started');
  try {
    t = performance.now();
    const auth = await fetch(`${nc.url}/api/auth/authenticate`, { method: 'POST', headers: { Authorization: `Bearer ${nc.jwt}` } });
    const access = ((await auth.json()) as { tokens: { access: { token: string } } }).tokens.access.token;
    let ncDevices = 0;
    for (let page = 1; ; page++) {
      const body = await getJson<{ data: unknown[] }>(`${nc.url}/api/devices?pageNumber=${page}&pageSize=${pageSize}`, { Authorization: `Bearer ${access}` });
      ncDevices += body.data.length;
      sample();
      if (body.data.length < pageSize) break;
    }
    record(`served ${ncDevices} N-central devices in pages of ${pageSize}`, t);

    t = performance.now();
    const tokenRes = await fetch(`${cw.url}/cwa/api/v1/apitoken`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ClientId: cw.clientId },
      body: JSON.stringify({ UserName: cw.username, Password: cw.password }),
    });
    const token = ((await tokenRes.json()) as { AccessToken: string }).AccessToken;
    let cwComputers = 0;
    for (let page = 1; ; page++) {
      const rows = await getJson<unknown[]>(`${cw.url}/cwa/api/v1/computers?page=${page}&pageSize=${pageSize}`, { Authorization: `Bearer ${token}`, ClientId: cw.clientId });
      cwComputers += rows.length;
      sample();
      if (rows.length < pageSize) break;
    }
    record(`served ${cwComputers} Automate computers in pages of ${pageSize}`, t);
    if (ncDevices !== fleet.ncentral.agentCount || cwComputers !== fleet.automate.agentCount) {
      throw new Error(`served ${ncDevices}/${cwComputers}, fleet has ${fleet.ncentral.agentCount}/${fleet.automate.agentCount}`);
    }
  } finally {
    await Promise.all([nc.close(), cw.close()]);
  }

  process.stdout.write(`node ${process.version}, ${devices} devices, seed ${seed}\n`);
  for (const f of figures) {
    const extra = [f.peakHeapMB !== undefined ? `peak heap ${f.peakHeapMB} MB` : '', f.seconds !== undefined ? `${f.seconds} s` : ''].filter(Boolean).join(', ');
    process.stdout.write(`${f.phase.padEnd(62)} heap ${String(f.heapMB).padStart(7)} MB  rss ${String(f.rssMB).padStart(7)} MB${extra ? `  (${extra})` : ''}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
