#!/usr/bin/env node
/**
 * `pnpm bench` / `npm run bench`: every performance figure of rmm-hub, measured side by side in
 * one run, each beside its target with a pass/fail. Prints a table (stdout), and writes the same
 * figures as JSON to test/bench/results.json. See docs/performance.md for how to read them.
 *
 *   node test/bench/run.mjs [--quick] [--json] [--devices=100000] [--latency=20] [--assets=on-demand]
 *
 *   --quick      a small version (CI's benchmark step, a few minutes): small fleets, fewer requests
 *   --json       print the JSON object on stdout instead of the table (progress stays on stderr)
 *   --devices=N  fleet size of the main sync run (the RSS-growth runs use N/10 and N/2)
 *   --latency=ms fixed latency the simulators add to every request (default 20)
 *   --assets=M   where N-central identity comes from in the sync runs: on-demand (default, the
 *                product's: GetComputerIdentity for new, changed and due devices), listing (assets in
 *                every listing page) or off (the listing alone); the incremental measurement is always on-demand
 *   --out=file   write the JSON there instead of test/bench/results.json (CI does)
 *
 * Every measurement runs in a fresh child process (compiled modules from test/dist/bench, built
 * by `node scripts/setup.mjs`), so one cannot warm up or bloat another and each sync's peak RSS
 * is its own. The runner exits 0 when every measurement ran, whether or not targets were met —
 * a missed target is a finding to read, not a crash — and 1 when a measurement could not run.
 */
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const dist = join(root, 'test', 'dist', 'bench');

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name, fallback) => {
  const hit = args.find((a) => a.startsWith(`--${name}=`));
  if (!hit) return fallback;
  const n = Number(hit.slice(name.length + 3));
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} wants a number, got ${hit}`);
  return n;
};
const unknown = args.filter((a) => !/^--(quick|json|assets=(on-demand|listing|off)|devices=\d+|latency=\d+(\.\d+)?|out=.+)$/.test(a));
if (unknown.length > 0) {
  process.stderr.write(`bench: unknown argument(s) ${unknown.join(' ')}\nusage: node test/bench/run.mjs [--quick] [--json] [--devices=N] [--latency=ms] [--assets=on-demand|listing|off] [--out=file]\n`);
  process.exit(2);
}
const quick = flag('quick');
const json = flag('json');
/** The sync runs' identity mode, as sync-efficiency.run.js takes it (0 off, 1 listing, 2 on demand). */
const ASSETS_MODES = { off: 0, listing: 1, 'on-demand': 2 };
const assets = args.find((a) => a.startsWith('--assets='))?.slice('--assets='.length) ?? 'on-demand';
const latencyMs = option('latency', 20);
const devices = option('devices', quick ? 2_000 : 100_000);
const outFile = args.find((a) => a.startsWith('--out='))?.slice('--out='.length) ?? join(here, 'results.json');

/** What each measurement runs with; --quick shrinks every one of them. */
const plan = {
  http: quick ? { requests: 2_000, concurrency: 16 } : { requests: 10_000, concurrency: 16 },
  linking: quick ? { clients: 1_000, tenants: 1_000, runs: 1, baselineSample: 100 } : { clients: 10_000, tenants: 10_000, runs: 5, baselineSample: 500 },
  identification: quick ? { agents: 20_000 } : { agents: 200_000 },
  sync: { devices, latencyMs, assets, growth: [Math.max(10, Math.round(devices / 10)), Math.max(10, Math.round(devices / 2))] },
  api: quick ? { computers: 10_000, connections: 50, seconds: 2 } : { computers: 100_000, connections: 50, seconds: 10 },
  /**
   * Syncs spread over 1, 2 and 4 worker processes, 4 N-central and 4 Automate servers of `devices`
   * each; then a killed worker's job handed on. Not the issue's 10,000 devices: the three runs
   * together take 1.75 × the 1-worker time, which N-central's identity reads alone (three at a
   * time by its cap) make too long for one figure of `pnpm bench` (docs/performance.md, Workers).
   */
  workers: { devices: quick ? 500 : 5_000, latencyMs: 50, serversPerRmm: 4 },
  /** The incremental sync at a real server's latency, N-central's caps and identity reads on (not in --quick). */
  incremental: { devices: 5_000, latencyMs: 150, changedPercent: 1 },
};

const log = (text) => process.stderr.write(`bench: ${text}\n`);

/** Runs one compiled entry in a fresh process; resolves with its JSON (stdout) and timing. */
function runEntry(file, entryArgs) {
  const path = join(dist, file);
  if (!existsSync(path)) throw new Error(`${path} is missing: build first (node scripts/setup.mjs)`);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [path, ...entryArgs.map(String)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const seconds = Math.round((performance.now() - started) / 100) / 10;
      const line = out.trim().split('\n').filter(Boolean).at(-1);
      try {
        // The entries exit 1 when their own checks fail; their figures still count.
        resolve({ result: JSON.parse(line ?? ''), exitCode: code, seconds });
      } catch {
        reject(new Error(`${file} produced no JSON (exit ${code ?? signal}): ${out.slice(0, 500)}`));
      }
    });
  });
}

const figures = [];
/**
 * Adds one row. `target` is text for the table; `pass` is true/false, or null when the figure
 * is context (no target of its own).
 */
const add = (id, figure, value, unit, target, pass) => figures.push({ id, figure, value, unit, target: target ?? null, pass: pass ?? null });
const details = {};
const failures = [];

async function measure(name, work) {
  const started = performance.now();
  try {
    await work();
  } catch (error) {
    failures.push({ measurement: name, error: error instanceof Error ? error.message : String(error) });
    log(`${name} could not run: ${error instanceof Error ? error.message : String(error)}`);
  }
  log(`${name}: ${Math.round((performance.now() - started) / 100) / 10} s`);
}

const started = performance.now();
log(`${quick ? 'quick' : 'full'} run: sync of ${devices} devices at ${latencyMs} ms per request (RSS growth at ${plan.sync.growth.join(' and ')}), identification of ${plan.identification.agents} agents, linking ${plan.linking.clients} × ${plan.linking.tenants}, HTTP ${plan.http.requests} requests per side, API at ${plan.api.computers} computers, workers on ${2 * plan.workers.serversPerRmm} integrations of ${plan.workers.devices} devices`);

await measure('http overhead', async () => {
  log('HTTP client overhead vs plain fetch…');
  const { result } = await runEntry('http-overhead.run.js', [plan.http.requests, plan.http.concurrency]);
  details.http = result;
  add('http.ratio', 'HTTP client rps ÷ plain fetch rps', result.ratio, '×', '≥ 0.8', result.ratio >= 0.8);
  add('http.clientRps', 'HTTP client requests/s', result.clientRps, 'req/s');
  add('http.fetchRps', 'plain fetch requests/s', result.fetchRps, 'req/s');
});

await measure('linking', async () => {
  log(`linking ${plan.linking.clients} clients × ${plan.linking.tenants} tenants…`);
  const l = plan.linking;
  const { result } = await runEntry('linking.run.js', [l.clients, l.tenants, l.runs, l.baselineSample]);
  details.linking = result;
  const size = `${result.clients} × ${result.tenants}`;
  add('linking.ms', `linking: suggest ${size} (median wall)`, result.ms, 'ms', '< 1000 ms', result.ms < 1000);
  add('linking.cpuMs', `linking: suggest ${size} (median CPU)`, result.cpuMs, 'ms');
  add('linking.precision', 'linking: auto-link precision', result.precision, '', '= 1.0', result.precision >= 1);
  add('linking.recall', 'linking: suggestion recall', result.recall, '', '≥ 0.97', result.recall >= 0.97);
  add('linking.baseline.ms', `baseline (string-similarity best match): ${size}${result.baseline.extrapolated ? ', extrapolated' : ''}`, result.baseline.ms, 'ms');
  add('linking.baseline.precision', 'baseline: auto-link precision (rating ≥ 0.8)', round(result.baseline.precision, 4), '');
  add('linking.baseline.recall', 'baseline: recall (best match is right)', round(result.baseline.recall, 4), '');
});

await measure('identification', async () => {
  log(`identification of ${plan.identification.agents} agents, persistence included…`);
  const { result } = await runEntry('identification.run.js', [plan.identification.agents]);
  details.identification = result;
  const full = result.agents >= 200_000;
  add('identification.ms', `identification: ${result.agents} agents from the store (the sync's path), persisted`, result.ms, 'ms', full ? '< 3000 ms' : '200,000 in < 3000 ms (scaled)', result.ms < 3000 * (result.agents / 200_000));
  const { surveyMs, readMs, identifyMs, writeMs } = result.phases;
  add('identification.phases', 'identification: of which survey (read every agent, count values) / read each tenant again / identify / write', `${surveyMs} / ${readMs} / ${identifyMs} / ${writeMs}`, 'ms');
  add('identification.inMemoryMs', 'identification: the same agents handed over in memory, persisted', result.inMemoryMs, 'ms');
  add('identification.agentsPerSecond', 'identification: agents per second', result.agentsPerSecond, 'agents/s', '≥ 66,667', result.agentsPerSecond >= 200_000 / 3);
  add('identification.precision', 'identification: pairwise precision', result.precision, '', '≥ 0.995', result.precision >= 0.995);
  add('identification.recall', 'identification: pairwise recall, agents with an identity', result.recallIdentified, '', '≥ 0.98', result.recallIdentified >= 0.98);
  add('identification.recallAll', `identification: pairwise recall, every agent (${result.unidentifiedAgents} left needing an identity; no identity scripts here)`, result.recall, '');
  add('identification.crossTenantMerges', 'identification: cross-tenant merges', result.crossTenantMerges, '', '= 0', result.crossTenantMerges === 0);
  add('identification.rerunRowsChanged', 'identification: rows changed by an unchanged re-run', result.rerunRowsChanged, 'rows', '= 0', result.rerunRowsChanged === 0);
  add('identification.baseline.precision', 'baseline (hostname, then serial): precision', result.baseline.precision, '');
  add('identification.baseline.recall', 'baseline (hostname, then serial): recall', result.baseline.recall, '');
  add('identification.baseline.crossTenantMerges', 'baseline: cross-tenant merges', result.baseline.crossTenantMerges, '');
});

await measure('sync', async () => {
  const s = plan.sync;
  const rss = [];
  for (const size of s.growth) {
    log(`sync at ${size} devices (RSS growth run)…`);
    const { result } = await runEntry('sync-efficiency.run.js', [size, s.latencyMs, 0, ASSETS_MODES[s.assets], 0]);
    (details.syncGrowth ??= []).push(result);
    rss.push({ devices: size, peakRssMiB: result.peakRssMiB, complete: result.complete });
  }
  log(`sync at ${s.devices} devices, then the incremental re-sync…`);
  const { result } = await runEntry('sync-efficiency.run.js', [s.devices, s.latencyMs, 1, ASSETS_MODES[s.assets], 1]);
  details.sync = result;
  // The full sync's peak (setup included, as in the growth runs, which stop there); the
  // re-sync's is reported as its own figure below.
  const fullPeak = result.peakRssBeforeResyncMiB ?? result.peakRssMiB;
  rss.push({ devices: s.devices, peakRssMiB: fullPeak, complete: result.complete });
  const f = result.full;
  const agents = result.agentsStored.ncentral + result.agentsStored.automate;
  const tag = `${s.devices} devices, ${s.latencyMs} ms/request, identity ${s.assets === 'on-demand' ? 'on demand' : s.assets === 'listing' ? 'in the listing' : 'off'}`;
  add('sync.complete', `sync (${tag}): every agent stored`, `${agents}/${result.fleet.ncentralAgents + result.fleet.automateComputers}`, 'agents', 'all', result.complete);
  add('sync.wallMs', 'sync: wall time of the full sync', f.wallMs, 'ms');
  add('sync.listingMs', 'sync: of which listing (longest integration)', f.listingMs, 'ms');
  add('sync.boundMs', `sync: lower bound, requests (listing and identity) × latency ÷ allowed concurrency (${f.bound.critical}: ${f.bound.byIntegration[f.bound.critical]?.bottleneck ?? '—'})`, f.bound.boundMs, 'ms');
  add('sync.efficiency', 'sync: efficiency, bound ÷ wall', f.efficiency, '×', '≥ 0.85', f.efficiency >= 0.85);
  add('sync.efficiencyAtRoundTrip', `sync: bound at the measured round trip (${result.roundTripMs} ms) ÷ wall`, f.efficiencyAtRoundTrip, '×');
  if (result.bare) {
    add('sync.bareListingMs', 'sync: the same listing by the bare plugins (no host, store or identification)', result.bare.wallMs, 'ms');
    add('sync.bareEfficiency', 'sync: the bare listing’s own bound (its pages; no identity reads) ÷ its wall — the plugins alone (HTTP client and parsing included)', result.bare.efficiency, '×');
  }
  add('sync.requests', 'sync: requests made (both RMMs)', f.requests, 'requests');
  add('sync.identityRequests', 'sync: of which N-central identity (assets) requests', f.ncentralAssetRequests, 'requests');
  add('sync.retries', 'sync: retries (429s from caps)', `${f.retries} (${f.rejectedByCap})`, '');
  add('sync.peakRssMiB', 'sync: peak RSS of the syncing process (setup and full sync)', fullPeak, 'MiB', '< 300 MiB', fullPeak < 300);
  const first = rss[0];
  const last = rss.at(-1);
  const growth = round(last.peakRssMiB / first.peakRssMiB, 3);
  add('sync.rssGrowth', `sync: peak RSS ${rss.map((r) => `${r.devices}: ${r.peakRssMiB}`).join(', ')} MiB → growth`, growth, '×', '≤ 1.2 (flat)', growth <= 1.2);
  if (result.resync) {
    add('resync.wallMs', 'incremental re-sync (no upstream change): wall time', result.resync.wallMs, 'ms');
    add('resync.rowsWritten', 'incremental re-sync: data rows written', result.resync.rowsWritten, 'rows', '= 0', result.resync.rowsWritten === 0);
    add('resync.peakRssMiB', 'incremental re-sync: peak RSS of the process, its whole life', result.peakRssMiB, 'MiB');
  }
  if (result.warnings.length > 0) log(`sync warnings: ${result.warnings.join('; ')}`);
  details.rssGrowth = rss;
});

// The same identification and sync on PostgreSQL (a private server each entry starts), beside
// SQLite's above: the figures to compare the stores by, and the re-sync writing nothing on both.
await measure('identification on PostgreSQL', async () => {
  log(`identification of ${plan.identification.agents} agents on PostgreSQL…`);
  const { result } = await runEntry('identification.run.js', [plan.identification.agents, 7, 'postgres']);
  details.identificationPostgres = result;
  add('identification.postgres.ms', `identification on PostgreSQL: ${result.agents} agents from the store, persisted`, result.ms, 'ms');
  const { surveyMs, readMs, identifyMs, writeMs } = result.phases;
  add('identification.postgres.phases', 'identification on PostgreSQL: of which survey / read each tenant again / identify / write', `${surveyMs} / ${readMs} / ${identifyMs} / ${writeMs}`, 'ms');
  add('identification.postgres.precision', 'identification on PostgreSQL: pairwise precision (same engine, same fleet)', result.precision, '', '= SQLite\'s', result.precision === details.identification?.precision);
  add('identification.postgres.rerunRowsChanged', 'identification on PostgreSQL: rows changed by an unchanged re-run', result.rerunRowsChanged, 'rows', '= 0', result.rerunRowsChanged === 0);
});

await measure('sync on PostgreSQL', async () => {
  const s = plan.sync;
  log(`sync at ${s.devices} devices on PostgreSQL, then the incremental re-sync…`);
  const { result } = await runEntry('sync-efficiency.run.js', [s.devices, s.latencyMs, 1, s.assets ? 1 : 0, 0, 0, 1]);
  details.syncPostgres = result;
  const agents = result.agentsStored.ncentral + result.agentsStored.automate;
  add('sync.postgres.complete', `sync on PostgreSQL (${s.devices} devices, ${s.latencyMs} ms/request): every agent stored`, `${agents}/${result.fleet.ncentralAgents + result.fleet.automateComputers}`, 'agents', 'all', result.complete);
  add('sync.postgres.wallMs', 'sync on PostgreSQL: wall time of the full sync', result.full.wallMs, 'ms');
  add('sync.postgres.efficiency', 'sync on PostgreSQL: efficiency, bound ÷ wall', result.full.efficiency, '×');
  add('sync.postgres.peakRssMiB', 'sync on PostgreSQL: peak RSS of the syncing process (setup and full sync)', result.peakRssBeforeResyncMiB ?? result.peakRssMiB, 'MiB');
  if (result.resync) {
    add('resync.postgres.wallMs', 'incremental re-sync on PostgreSQL (no upstream change): wall time', result.resync.wallMs, 'ms');
    add('resync.postgres.rowsWritten', 'incremental re-sync on PostgreSQL: data rows written', result.resync.rowsWritten, 'rows', '= 0', result.resync.rowsWritten === 0);
  }
});

await measure('api latency', async () => {
  const a = plan.api;
  log(`HTTP API latency at ${a.computers} computers, ${a.connections} concurrent clients, ${a.seconds} s per scenario…`);
  const { result } = await runEntry('api-latency.run.js', [a.computers, a.connections, a.seconds]);
  details.api = result;
  const names = { list: 'first page', search: 'search by name', deepPage: 'a page half-way through', tenant: "one tenant's computers", conflicts: 'conflict queue', audit: 'audit log' };
  for (const [key, s] of Object.entries(result.scenarios)) {
    add(`api.${key}.p95`, `API ${names[key] ?? key} (${result.computers} computers, ${result.connections} clients): p50 / p95 / p99 ${s.p50} / ${s.p95} / ${s.p99} ms, ${s.rps} req/s`, s.p95, 'ms', 'p95 < 100 ms', s.p95 < 100);
    add(`api.${key}.errors`, `API ${names[key] ?? key}: errors of ${s.requests} requests`, s.errors, '', '= 0', s.errors === 0);
  }
});
await measure('workers', async () => {
  const w = plan.workers;
  log(`workers: ${2 * w.serversPerRmm} integrations of ${w.devices} devices at ${w.latencyMs} ms on 1, 2 and 4 worker processes, then a worker killed mid-sync…`);
  const { result } = await runEntry('workers.run.js', [w.devices, w.latencyMs, w.serversPerRmm]);
  details.workers = result;
  const [baseline, ...scaled] = result.runs;
  const tag = `${result.integrations.length} integrations × ${result.devices} devices, ${result.latencyMs} ms/request, --concurrency 1`;
  add('workers.complete', `workers (${tag}): every run stored every agent`, `${result.runs.filter((r) => r.complete).length}/${result.runs.length}`, 'runs', 'all', result.runs.every((r) => r.complete));
  add('workers.1.wallMs', 'workers: 1 worker, wall time (first job queued to the queue empty)', baseline.wallMs, 'ms');
  for (const run of scaled) {
    const s = run.scaling;
    add(`workers.${run.workers}.wallMs`, `workers: ${run.workers} workers, wall time`, run.wallMs, 'ms');
    add(`workers.${run.workers}.toLinear`, `workers: ${run.workers} workers, 1-worker wall ÷ ${run.workers} ÷ wall (linear scaling)`, s.toLinear, '×');
    // The achievable ideal: the best schedule of the 1-worker run's job times on N workers (test/bench/worker-schedule.ts).
    const judged = run.workers === 2;
    add(`workers.${run.workers}.toSchedule`, `workers: ${run.workers} workers, the 1-worker job times' LPT schedule (${s.scheduleMs} ms) ÷ wall`, s.toSchedule, '×', judged ? '≥ 0.8' : undefined, judged ? s.toSchedule >= 0.8 : undefined);
  }
  const retried = result.runs.flatMap((r) => r.jobs.filter((j) => j.retries > 0).map((j) => `${r.workers}: ${j.integrationId} ×${j.retries}`));
  add('workers.retries', `workers: jobs retried over all runs (a sync that failed, e.g. the store busy, waits its retry delay)${retried.length ? ` — ${retried.join(', ')}` : ''}`, retried.length, 'jobs', '= 0', retried.length === 0);
  // Identification runs under the store's identification lock (one process at a time): work that does not spread.
  // A batch's jobs share their running time, so it counts once (`identification.ms`).
  const identifyMs = baseline.identification.ms;
  const jobMs = baseline.jobs.reduce((sum, j) => sum + (j.kind === 'identify' ? 0 : j.ms), identifyMs);
  add('workers.1.identificationShare', "workers: 1 worker, identification's share of the jobs' time (the jobs waiting taken together, one process at a time)", round(identifyMs / jobMs, 3), '');
  add('workers.identificationRuns', 'workers: identification jobs / the runs that identified them, with 1, 2, 4 workers', result.runs.map((r) => `${r.identification.jobs} / ${r.identification.runMs.length}`).join(', '), '');
  add('workers.caps', `workers: N-central caps over all workers — busiest endpoint ${result.caps.worst}; requests refused by a cap`, result.caps.refused, '', '= 0, none over its cap', result.caps.held);
  const k = result.kill;
  const q = k.queue;
  add('workers.killToPickupMs', `workers: SIGKILL mid-sync to the job started on another worker (lease ${q.expireInSeconds} s, maintenance ${q.maintenanceIntervalSeconds} s, retry delay ${q.retryDelaySeconds} s, poll ${q.pollIntervalSeconds} s)${k.completed ? '' : '; the job did not then complete'}`, k.pickupMs ?? 'not picked up', k.pickupMs === null ? '' : 'ms', `≤ ${k.boundMs} ms (lease + 2 × maintenance + 2 × retry + poll)`, k.pickupMs !== null && k.pickupMs <= k.boundMs && k.completed);
  add('workers.loadAverage', 'workers: 1-minute load average at the start and end of the measurement', `${result.loadAverage.start} → ${result.loadAverage.end}`, '');
});

// Minutes at this latency (the full sync's bound alone is the assets ÷ 3 × 150 ms), so not in --quick.
if (!quick) {
  await measure('incremental sync', async () => {
    const s = plan.incremental;
    log(`incremental: full sync of ${s.devices} devices at ${s.latencyMs} ms, then a re-sync with ${s.changedPercent} % of N-central devices changed…`);
    const { result, seconds } = await runEntry('sync-efficiency.run.js', [s.devices, s.latencyMs, 1, 2, 0, s.changedPercent]);
    details.incremental = { ...result, seconds };
    const f = result.full;
    const r = result.resync;
    const agents = result.fleet.ncentralAgents;
    add('incremental.seconds', `incremental (${s.devices} devices, ${s.latencyMs} ms): run time of this measurement`, seconds, 's');
    add('incremental.full.wallMs', 'incremental: full sync wall time (identity read for every N-central device)', f.wallMs, 'ms');
    add('incremental.full.boundMs', `incremental: full sync bound, requests × latency ÷ allowed concurrency (${f.bound.byIntegration[f.bound.critical]?.bottleneck ?? '—'})`, f.bound.boundMs, 'ms');
    add('incremental.full.efficiency', 'incremental: full sync, bound ÷ wall', f.efficiency, '×', '≥ 0.9', f.efficiency >= 0.9);
    add('incremental.full.assetRequests', 'incremental: full sync, N-central identity (assets) requests', f.ncentralAssetRequests, 'requests');
    if (r) {
      const allowed = result.full.ncentralListingRequests + Math.floor(0.02 * agents);
      add('incremental.resync.changes', 'incremental: N-central devices changed before the re-sync (renamed, re-registered)', `${result.changes?.renamed ?? 0}, ${result.changes?.reregistered ?? 0}`, '');
      add('incremental.resync.assetRequests', 'incremental: re-sync, N-central identity (assets) requests', r.ncentralAssetRequests, 'requests', `≤ 2 % of ${agents} devices`, r.ncentralAssetRequests <= 0.02 * agents);
      add('incremental.resync.requests', 'incremental: re-sync, N-central requests (listing + identity)', r.ncentralListingRequests + r.ncentralAssetRequests, 'requests', `≤ ${allowed} (listing + 2 %)`, r.ncentralListingRequests + r.ncentralAssetRequests <= allowed);
      add('incremental.resync.wallMs', 'incremental: re-sync wall time', r.wallMs, 'ms');
    }
  });
}

function round(x, digits) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

const output = {
  generatedAt: new Date().toISOString(),
  quick,
  machine: { node: process.version, platform: `${process.platform} ${process.arch}`, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGiB: round(totalmem() / 2 ** 30, 1) },
  plan,
  seconds: round((performance.now() - started) / 1000, 1),
  summary: {
    figures: figures.length,
    withTarget: figures.filter((f) => f.pass !== null).length,
    passed: figures.filter((f) => f.pass === true).length,
    failed: figures.filter((f) => f.pass === false).map((f) => f.id),
  },
  figures,
  failures,
  details,
};
writeFileSync(outFile, `${JSON.stringify(output, null, 2)}\n`);

if (json) process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
else process.stdout.write(renderTable(output));
log(`done in ${output.seconds} s; figures written to ${outFile}`);
process.exitCode = failures.length > 0 ? 1 : 0;

function renderTable(out) {
  const rows = out.figures.map((f) => [f.figure, `${typeof f.value === 'number' ? f.value.toLocaleString('en-US') : f.value}${f.unit && !['×', ''].includes(f.unit) ? ` ${f.unit}` : f.unit === '×' ? '×' : ''}`, f.target ?? '', f.pass === null ? '' : f.pass ? 'pass' : 'FAIL']);
  const head = ['figure', 'value', 'target', 'result'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => (i === 1 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 1 ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  const m = out.machine;
  return [
    `rmm-hub bench${out.quick ? ' --quick' : ''} — ${out.generatedAt}, node ${m.node}, ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${out.seconds} s`,
    '',
    line(head),
    rule,
    ...rows.map(line),
    '',
    `${out.summary.passed}/${out.summary.withTarget} targets met${out.summary.failed.length ? `; missed: ${out.summary.failed.join(', ')}` : ''}${out.failures.length ? `; could not run: ${out.failures.map((f) => f.measurement).join(', ')}` : ''}`,
    '',
  ].join('\n');
}
