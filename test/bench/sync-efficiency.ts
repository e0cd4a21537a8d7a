/**
 * Sync-efficiency benchmark: a full sync of a generated fleet across both RMMs against the
 * simulators (in a child process, so this process's RSS is the sync's), wired exactly as the
 * CLI wires it (packages/cli/src/runtime.ts → wireEngines: host + SQLite store + linking and
 * identification services + SyncOrchestrator), from a real config file with secrets as `file:` references.
 *
 * The steps:
 * 1. setup sync — lists clients; nothing is linked yet (linking waits for the MSP's own link),
 *    so no agents are listed;
 * 2. the administrator links every linkable client to its true tenant (orphans to the MSP), so
 *    the next sync lists the whole fleet;
 * 3. **the measured full sync** — health, clients (unchanged), links, every agent of both RMMs,
 *    identification over everything stored;
 * 4. **the incremental re-sync** with nothing changed upstream (must write no data rows);
 * 5. **the bare listing**, diagnostic: the same plugin instances list the same clients' agents,
 *    called directly — no host boundary, no record validation, no store, no identification.
 *    Bound ÷ its wall is what the plugins alone reach (their HTTP client and parsing, on this
 *    machine, against these simulators): the rest of the gap to the full sync is the host's,
 *    the store's and identification's work.
 *
 * Choices (see docs/performance.md): identity scripts are off (RunScript round trips are paced
 * by task polling, not by listing). N-central identity is read as the product reads it by
 * default (`assets: 'on-demand'`: GetComputerIdentity for new, changed and due devices, so a
 * full sync reads every device's), and the bound counts those requests with the listing's;
 * `'listing'` (assets in every listing page) and `'off'` (the listing alone) are variants.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ListComputers, loadConfigFile, type Host, type LogRecord, type SqliteStoreConfig, type Store, type SyncReport } from '@rmm-hub/core';
import { DEFAULT_ENDPOINT_CAPS } from '@rmm-hub/plugin-ncentral';
import type { SimServerStats } from '@rmm-hub/simulators';

import { openBenchStore, type BenchStoreKind } from './bench-store.js';
import { linkEverything, startBenchHost } from './linked-fleet.js';
import type { FleetChanges } from './changing-fleet.js';
import { diffCounts, lowerBound, toClientTemplate, type EndpointLoad, type SyncBound } from './sync-bound.js';
import { startSimChild } from './sim-child.js';
import type { AutomateReady, NcentralReady, SimChildReady, SimChildOptions } from './sync-sims.child.js';

/** See {@link SyncBenchOptions.assets}. */
export type AssetsMode = 'off' | 'listing' | 'on-demand';

/** Options of {@link benchSync}. */
export interface SyncBenchOptions {
  /** Physical machines in the generated fleet. @default 100_000 */
  devices?: number;
  /** The store synced into (PostgreSQL on a server the benchmark starts). @default 'sqlite' */
  store?: BenchStoreKind;
  seed?: number;
  /** Fixed latency the simulators add to every request. @default 20 */
  latencyMs?: number;
  /** Also run the incremental re-sync. @default true */
  resync?: boolean;
  /**
   * Share of the N-central devices changed upstream before the re-sync: half renamed, half
   * re-registered (removed, and a new device id in its place). @default 0
   */
  changeShare?: number;
  /**
   * Minutes N-central's clock moves on before the re-sync, as if the re-sync were the next
   * scheduled one (otherwise the clock stands still, see sync-sims.child.ts): its online
   * devices' check-ins move with it, and the re-sync writes their `lastSeen`. @default 0
   */
  resyncAfterMinutes?: number;
  /**
   * Where N-central identity comes from (its `fetchAssets`): `off` (false: none, the listing
   * alone is measured), `listing` (true: every device's assets in every listing), `on-demand`
   * (unset, the product's default: assets read through GetComputerIdentity for new, changed
   * and due devices). @default 'on-demand'
   */
  assets?: AssetsMode;
  /** Also run step 5, the bare listing (diagnostic). @default true */
  bareListing?: boolean;
  /** Progress lines (stderr by default). */
  note?: (text: string) => void;
}

/** The bare listing (step 5): the plugins alone, no host, store or identification. */
export interface BareListing {
  wallMs: number;
  /** Agents listed, per integration. */
  agents: Record<string, number>;
  bound: SyncBound;
  loads: EndpointLoad[];
}

/** One measured sync. */
export interface MeasuredSync {
  wallMs: number;
  /** Longest integration (health → clients → links → agents); the rest of wallMs is identification. */
  listingMs: number;
  requests: number;
  byRoute: Record<string, Record<string, number>>;
  /** Retries the HTTP toolkit and the plugins logged ("retrying request", "trying again"). */
  retries: number;
  /** Requests the simulators answered 429 because a cap was reached. */
  rejectedByCap: number;
  /** Data rows the sync reports written (clients, agents, links, identification). */
  rowsWritten: number;
  /** Where those rows went: agents inserted, updated and marked gone, and identification's. */
  rowsBy: { agentsInserted: number; agentsUpdated: number; agentsGone: number; identification: number };
  /** Every SQLite row change, bookkeeping (sync-run records) included. */
  sqliteChanges: number;
  /** Identities the sync read through GetComputerIdentity (new, changed, due for refresh). */
  identityReads: number;
  /** N-central requests other than device assets: the listing (and health, auth). */
  ncentralListingRequests: number;
  /** N-central device-assets requests: identity reads. */
  ncentralAssetRequests: number;
  statuses: Record<string, string>;
}

/** What {@link benchSync} measures. */
export interface SyncBenchResult {
  devices: number;
  latencyMs: number;
  assets: AssetsMode;
  /**
   * Mean round trip of one plain `fetch` to the simulator at this latency, one at a time: what a
   * request really costs on this machine (latency + loopback HTTP + server work).
   */
  roundTripMs: number;
  fleet: SimsReady['fleet'];
  agentsStored: { ncentral: number; automate: number };
  /** Every agent of both RMMs reached the store. */
  complete: boolean;
  full: MeasuredSync & {
    bound: SyncBound;
    /** bound / wall. */
    efficiency: number;
    /** The same bound with `roundTripMs` in place of the latency, over wall (diagnostic, no target). */
    efficiencyAtRoundTrip: number;
    loads: EndpointLoad[];
    identification: SyncReport['identification'];
  };
  resync: MeasuredSync | undefined;
  /** What changed upstream before the re-sync (see `changeShare`). */
  changes?: FleetChanges | undefined;
  /** Step 5 (diagnostic): the plugins' listing alone, and bound ÷ its wall. */
  bare: (BareListing & { efficiency: number }) | undefined;
  /** Peak resident set of this process over its whole life (setup included). */
  peakRssMiB: number;
  /** Highest RSS sampled during the measured full sync. */
  syncPeakRssMiB: number;
  /** Peak resident set up to the end of the full sync (setup included). */
  peakRssBeforeResyncMiB: number;
  /** Highest RSS sampled during the re-sync. */
  resyncPeakRssMiB?: number;
  baselineRssMiB: number;
  warnings: string[];
}

const MiB = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10;
const INTEGRATIONS = { ncentral: 'ncentral', automate: 'automate' } as const;
/** Routes that belong to the agents phase (everything else: auth, health, clients). */
const AGENT_ROUTES = /^GET \/api\/org-units\/:orgUnitId\/devices$|^GET \/api\/devices\/:deviceId(\/assets)?$|\/computers/i;
const AUTOMATE_CLIENT_CONCURRENCY = 4;
const ASSETS_ROUTE = 'GET /api/devices/:deviceId/assets';
const NCENTRAL_CLIENT_DEFAULT = 5;

/** Both simulated RMMs, ready: each one's connection details, and the fleet they serve. */
type SimsReady = Omit<SimChildReady, 'ncentral' | 'automate'> & { ncentral: NcentralReady; automate: AutomateReady };
/** Both simulators' counters. */
interface SimsStats {
  ncentral: SimServerStats;
  automate: SimServerStats;
}

/** A handle on the simulators: one child process per RMM (see sync-sims.child.ts for why). */
interface Sims {
  ready: SimsReady;
  latencyMs: number;
  stats(): Promise<SimsStats>;
  /** Changes a share of the N-central devices (see changing-fleet.ts). */
  changeNcentral(share: number): Promise<FleetChanges>;
  /** Moves N-central's clock on (see sync-sims.child.ts). */
  advanceNcentralClock(ms: number): Promise<void>;
  close(): Promise<void>;
}

async function startSims(options: Omit<SimChildOptions, 'serve'>): Promise<Sims> {
  const started = await Promise.allSettled([startSimChild({ ...options, serve: 'ncentral' }), startSimChild({ ...options, serve: 'automate' })]);
  const children = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  const [nc, cw] = children;
  if (failed || !nc?.ready.ncentral || !cw?.ready.automate) {
    await Promise.all(children.map((c) => c.close()));
    throw failed?.reason ?? new Error('a simulator child did not report its server');
  }
  return {
    ready: { ...nc.ready, ncentral: nc.ready.ncentral, automate: cw.ready.automate },
    latencyMs: options.latencyMs,
    stats: async () => {
      const [a, b] = await Promise.all([nc.stats(), cw.stats()]);
      if (!a.ncentral || !b.automate) throw new Error('a simulator child answered without its counters');
      return { ncentral: a.ncentral, automate: b.automate };
    },
    changeNcentral: (share) => nc.change(share),
    advanceNcentralClock: (ms) => nc.advanceClock(ms),
    close: async () => {
      await Promise.all([nc.close(), cw.close()]);
    },
  };
}

/** Writes the config the CLI would read (secrets as `file:` references, mode 0600). */
function writeConfig(dir: string, sims: Sims['ready'], assets: AssetsMode): string {
  const secretFile = (name: string, value: string): string => {
    writeFileSync(join(dir, name), `${value}\n`, { mode: 0o600 });
    return `file:${name}`;
  };
  const config = {
    store: { path: 'rmm-hub.db' },
    identification: { identityScript: { enabled: false } },
    tenants: sims.tenants,
    integrations: [
      {
        id: INTEGRATIONS.ncentral,
        plugin: 'ncentral',
        config: {
          serverUrl: sims.ncentral.url,
          jwt: secretFile('ncentral.jwt', sims.ncentral.jwt),
          runScriptRepositoryId: sims.ncentral.repositoryId,
          ...(assets === 'on-demand' ? {} : { fetchAssets: assets === 'listing' }),
        },
      },
      {
        id: INTEGRATIONS.automate,
        plugin: 'cw-automate',
        config: {
          serverUrl: sims.automate.url,
          clientId: sims.automate.clientId,
          username: sims.automate.username,
          password: secretFile('automate.password', sims.automate.password),
          mfa: { mode: 'totp', secret: secretFile('automate.totp', sims.automate.totpSecret) },
          concurrency: AUTOMATE_CLIENT_CONCURRENCY,
        },
      },
    ],
  };
  const file = join(dir, 'rmm-hub.json');
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

/** min(server cap, client cap) for one simulator route of one integration. */
function allowedFor(integration: string, route: string, serverCaps: Readonly<Record<string, number>>): number {
  const server = serverCaps[route] ?? Number.POSITIVE_INFINITY;
  const client =
    integration === INTEGRATIONS.ncentral ? (DEFAULT_ENDPOINT_CAPS[toClientTemplate(route)] ?? NCENTRAL_CLIENT_DEFAULT) : AUTOMATE_CLIENT_CONCURRENCY;
  return Math.min(server, client);
}

/**
 * Runs the benchmark once in this process (the simulators in a child process).
 * @example const r = await benchSync({ devices: 10_000, latencyMs: 20 });
 */
export async function benchSync(options: SyncBenchOptions = {}): Promise<SyncBenchResult> {
  const devices = options.devices ?? 100_000;
  const latencyMs = options.latencyMs ?? 20;
  const note = options.note ?? ((text: string) => process.stderr.write(`${text}\n`));
  const baselineRss = process.memoryUsage.rss();

  note(`sync ${devices}: generating the fleet and starting both simulators (latency ${latencyMs} ms), each in a child process…`);
  const sims = await startSims({ devices, seed: options.seed ?? 1, latencyMs });
  const dir = mkdtempSync(join(tmpdir(), 'rmm-hub-bench-'));
  let retries = 0;
  const logSink = (record: LogRecord): void => {
    if (record.msg === 'retrying request' || record.msg.includes('trying again')) retries++;
  };
  let host: Host | undefined;
  let store: Store | undefined;
  try {
    const assets = options.assets ?? 'on-demand';
    const loaded = loadConfigFile(writeConfig(dir, sims.ready, assets));
    store = await openBenchStore(options.store ?? 'sqlite', { path: join(dir, (loaded.config.store as SqliteStoreConfig).path), schema: 'bench_sync' });
    // Identity scripts are off in the config (see the header).
    const started = await startBenchHost(loaded, store, logSink);
    host = started.host;
    const { linking, sync } = started;

    note(`sync ${devices}: setup sync (clients only), then every client linked to its true tenant…`);
    const setup = await sync.sync();
    const warnings = problems(setup);
    await linkEverything(linking, store, sims.ready, (integrationId) => integrationId);

    const measure = async (what: string): Promise<{ m: MeasuredSync; report: SyncReport; loads: EndpointLoad[]; peakRss: number }> => {
      note(`sync ${devices}: ${what}…`);
      const before = await sims.stats();
      const retriesBefore = retries;
      const changesBefore = await store!.changes();
      let peakRss = process.memoryUsage.rss();
      const sampler = setInterval(() => {
        peakRss = Math.max(peakRss, process.memoryUsage.rss());
      }, 100);
      const t0 = performance.now();
      const report = await sync.sync();
      const wallMs = performance.now() - t0;
      clearInterval(sampler);
      peakRss = Math.max(peakRss, process.memoryUsage.rss());
      const after = await sims.stats();
      const loads = endpointLoads(sims, before, after, (integrationId) => report.integrations.find((r) => r.integrationId === integrationId)?.durationMs ?? wallMs);
      const byRoute = Object.fromEntries(Object.values(INTEGRATIONS).map((id) => [id, Object.fromEntries(loads.filter((l) => l.integration === id).map((l) => [l.route, l.requests]))]));
      warnings.push(...problems(report));
      const sum = (s: SimServerStats, b: SimServerStats, k: 'requests' | 'rejectedByCap'): number => s[k] - b[k];
      const ncentralRequests = sum(after.ncentral, before.ncentral, 'requests');
      const assetRequests = (after.ncentral.byRoute[ASSETS_ROUTE] ?? 0) - (before.ncentral.byRoute[ASSETS_ROUTE] ?? 0);
      const counted = (key: string): number => report.integrations.reduce((n, r) => n + (r.counts[key] ?? 0), 0);
      return {
        report,
        loads,
        peakRss,
        m: {
          wallMs: Math.round(wallMs),
          listingMs: Math.max(0, ...report.integrations.map((r) => r.durationMs)),
          requests: sum(after.ncentral, before.ncentral, 'requests') + sum(after.automate, before.automate, 'requests'),
          byRoute,
          retries: retries - retriesBefore,
          rejectedByCap: sum(after.ncentral, before.ncentral, 'rejectedByCap') + sum(after.automate, before.automate, 'rejectedByCap'),
          rowsWritten: report.rowsWritten,
          rowsBy: { agentsInserted: counted('agentsInserted'), agentsUpdated: counted('agentsUpdated'), agentsGone: counted('agentsGone'), identification: report.identification?.written ?? 0 },
          sqliteChanges: (await store!.changes()) - changesBefore,
          identityReads: counted('identityReadsNew') + counted('identityReadsChanged') + counted('identityReadsRefresh'),
          ncentralListingRequests: ncentralRequests - assetRequests,
          ncentralAssetRequests: assetRequests,
          statuses: Object.fromEntries(report.integrations.map((r) => [r.integrationId, r.status])),
        },
      };
    };

    const roundTripMs = await meanRoundTrip(`${sims.ready.ncentral.url}/api/health`, 50);
    const full = await measure('full sync of every agent of both RMMs (measured)');
    // maxRSS is the whole life so far: setup and the full sync (the re-sync's share is what it adds).
    const peakBeforeResync = process.resourceUsage().maxRSS;
    const bound = lowerBound(full.loads, latencyMs);
    const boundAtRoundTrip = lowerBound(full.loads, roundTripMs);
    const agentsStored = { ncentral: await store.agents.count({ integrationId: INTEGRATIONS.ncentral }), automate: await store.agents.count({ integrationId: INTEGRATIONS.automate }) };
    const changeShare = options.changeShare ?? 0;
    const changes = options.resync === false || changeShare === 0 ? undefined : await sims.changeNcentral(changeShare);
    if (options.resync !== false && options.resyncAfterMinutes) await sims.advanceNcentralClock(options.resyncAfterMinutes * 60_000);
    const resyncRun =
      options.resync === false
        ? undefined
        : await measure(
            `incremental re-sync, ${changes ? `${changes.renamed} N-central devices renamed and ${changes.reregistered} re-registered` : 'nothing changed upstream'}` +
              `${options.resyncAfterMinutes ? `, N-central's clock ${options.resyncAfterMinutes} minutes on` : ''} (measured)`,
          );
    const resync = resyncRun?.m;
    // Last: the RSS figures above are taken, and this step's memory is not the sync's.
    const bare = options.bareListing === false ? undefined : await bareListing(host, store, sims);
    return {
      devices,
      latencyMs,
      assets,
      roundTripMs: Math.round(roundTripMs * 100) / 100,
      fleet: sims.ready.fleet,
      agentsStored,
      complete: agentsStored.ncentral === sims.ready.fleet.ncentralAgents && agentsStored.automate === sims.ready.fleet.automateComputers,
      full: { ...full.m, bound, efficiency: ratio(bound.boundMs, full.m.wallMs), efficiencyAtRoundTrip: ratio(boundAtRoundTrip.boundMs, full.m.wallMs), loads: full.loads, identification: full.report.identification },
      resync,
      changes,
      bare: bare && { ...bare, efficiency: ratio(bare.bound.boundMs, bare.wallMs) },
      peakRssMiB: Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10,
      syncPeakRssMiB: MiB(full.peakRss),
      peakRssBeforeResyncMiB: Math.round((peakBeforeResync / 1024) * 10) / 10,
      ...(resyncRun === undefined ? {} : { resyncPeakRssMiB: MiB(resyncRun.peakRss) }),
      baselineRssMiB: MiB(baselineRss),
      warnings,
    };
  } finally {
    await host?.dispose();
    await store?.close();
    await sims.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Each endpoint's requests between two counter snapshots, with the concurrency allowed and the
 * mean in flight over `durationMs(integration)`.
 */
function endpointLoads(sims: Sims, before: SimsStats, after: SimsStats, durationMs: (integrationId: string) => number): EndpointLoad[] {
  const loads: EndpointLoad[] = [];
  for (const integration of Object.values(INTEGRATIONS)) {
    const isNcentral = integration === INTEGRATIONS.ncentral;
    const [a, b] = isNcentral ? [after.ncentral, before.ncentral] : [after.automate, before.automate];
    const caps = isNcentral ? sims.ready.ncentral.caps : sims.ready.automate.caps;
    const busy = diffCounts(a.busyMs, b.busyMs);
    const duration = Math.max(1, durationMs(integration));
    for (const [route, requests] of Object.entries(diffCounts(a.byRoute, b.byRoute))) {
      const meanInFlight = Math.round(((busy[route] ?? 0) / duration) * 100) / 100;
      loads.push({ integration, route, requests, allowed: allowedFor(integration, route, caps), phase: AGENT_ROUTES.test(route) ? 'agents' : 'setup', meanInFlight });
    }
  }
  return loads;
}

/**
 * Step 5: both integrations' ListComputers, resolved from the host as it built them, called
 * directly and concurrently for the clients the sync listed; items are only counted.
 */
async function bareListing(host: Host, store: Store, sims: Sims): Promise<BareListing> {
  const before = await sims.stats();
  const t0 = performance.now();
  const agents: Record<string, number> = {};
  const durations: Record<string, number> = {};
  await Promise.all(
    Object.values(INTEGRATIONS).map(async (integrationId) => {
      const integration = host.integration(integrationId);
      if (!integration) throw new Error(`integration ${integrationId} is not running`);
      const clientIds = [...new Set((await store.links.listLinks({ integrationId })).map((l) => l.clientId))].sort();
      let n = 0;
      for await (const agent of integration.resolve<ListComputers>(ListComputers).listComputers({ clientIds })) if (agent) n++;
      agents[integrationId] = n;
      durations[integrationId] = performance.now() - t0;
    }),
  );
  const wallMs = Math.round(performance.now() - t0);
  const after = await sims.stats();
  const loads = endpointLoads(sims, before, after, (integrationId) => durations[integrationId] ?? wallMs);
  return { wallMs, agents, bound: lowerBound(loads, sims.latencyMs), loads };
}

const ratio = (a: number, b: number): number => (b > 0 ? Math.round((a / b) * 1000) / 1000 : 0);

/** Mean time of `n` sequential plain GETs (after a few warm-ups). */
async function meanRoundTrip(url: string, n: number): Promise<number> {
  for (let i = 0; i < 5; i++) await (await fetch(url)).arrayBuffer();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await (await fetch(url)).arrayBuffer();
  return (performance.now() - t0) / n;
}

function problems(report: SyncReport): string[] {
  return [
    ...report.integrations.flatMap((r) => [...(r.error ? [`${r.integrationId}: ${r.error.code} ${r.error.message}`] : []), ...r.warnings.map((w) => `${r.integrationId}: ${w}`)]),
    ...(report.identificationError ? [`identification: ${report.identificationError.message}`] : []),
  ];
}
