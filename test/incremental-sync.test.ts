/**
 * Incremental sync against the simulated N-central, counted with the simulator's own request
 * counters: a re-sync reads identity (device assets) only for devices that are new, whose listed
 * fields changed, or whose rolling refresh is due; identification sees what those reads find.
 * The sync's clock is injected, so "a day later" is a value, not a wait.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

import { ComputerQueries, Host, HostConfig, IdentificationService, identificationStep, memorySink, SyncOrchestrator, type SyncReport } from '@rmm-hub/core';
import { createHandmadeFleet, startNcentralSim, type Fleet, type FleetAgent, type NcentralSim } from '@rmm-hub/simulators';
import { SqliteStore } from '@rmm-hub/store-sqlite';

import { builtInPlugins } from './reliability/support/runtime.js';
import { linkEverythingTo } from './support/link-everything.js';

const DAY_MS = 86_400_000;
const ASSETS = 'GET /api/devices/:deviceId/assets';
const AUTHENTICATE = 'POST /api/auth/authenticate';
const CUSTOMER = 500;
const TENANT = 'tenant-acme';
const DEVICES = 28;
const REFRESH_DAYS = 7;

interface Session {
  sim: NcentralSim;
  fleet: Fleet;
  store: SqliteStore;
  /** Syncs at `now`; returns the report and the requests the simulator answered during it, by route. */
  syncAt(now: Date): Promise<{ report: SyncReport; byRoute: Record<string, number>; assets: number }>;
  device(deviceId: number): FleetAgent;
  /**
   * Syncs so far in this process that identified (in rounds or over everything at once): a sync
   * whose stored input did not change reuses the last one's outcome.
   */
  identificationRuns(): number;
  /** Engines set up anew over the same store and RMM, as each CLI sync's new process does. */
  newProcess(): void;
  close(): Promise<void>;
}

const sessions: Session[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
});

async function start(): Promise<Session> {
  const fleet = createHandmadeFleet({
    customers: [{ customerId: CUSTOMER, customerName: 'Acme Corp', soId: 50, tenantId: TENANT }],
    devices: Array.from({ length: DEVICES }, (_, i) => ({ deviceId: 2001 + i, customerId: CUSTOMER, hostname: `ACME-PC${String(i + 1).padStart(2, '0')}`, os: 'Microsoft Windows 10 Pro' })),
  });
  const sim = await startNcentralSim({ fleet });
  const store = SqliteStore.open({ path: ':memory:' });
  const config = HostConfig.parse({
    integrations: [{ id: 'nc', plugin: 'ncentral', config: { serverUrl: sim.url, jwt: 'env:NC_JWT', runScriptRepositoryId: sim.repositoryId, retryDelaysMs: [0] } }],
  });
  const host = await Host.start({ config, baseDir: process.cwd(), plugins: builtInPlugins(), store, env: { NC_JWT: sim.jwt }, logSink: memorySink() });
  let now = new Date(0);
  const clock = (): Date => now;
  const engines = () => {
    const identification = new IdentificationService({ store, config: { identityScript: { enabled: false } }, now: clock });
    const whole = vi.spyOn(identification, 'run');
    const rounds = vi.spyOn(identification, 'identifyTenants');
    const runs = (): number => whole.mock.calls.length + rounds.mock.calls.length;
    const sync = new SyncOrchestrator({
      host,
      store,
      linking: linkEverythingTo(store, TENANT),
      identification: identificationStep(identification, new ComputerQueries(store), { gatherIdentities: false, memos: store.computers, store }),
      identityRefreshDays: REFRESH_DAYS,
      clock,
    });
    return { runs, sync };
  };
  let { runs, sync } = engines();
  let identified = 0;
  const session: Session = {
    sim,
    fleet,
    store,
    async syncAt(at) {
      now = at;
      const before = { ...sim.stats.byRoute };
      const calls = runs();
      const report = await sync.sync();
      if (runs() > calls) identified++;
      expect(report.integrations[0]?.error).toBeUndefined();
      const byRoute = Object.fromEntries(
        Object.entries(sim.stats.byRoute)
          .map(([route, n]) => [route, n - (before[route] ?? 0)] as const)
          .filter(([, n]) => n > 0),
      );
      return { report, byRoute, assets: byRoute[ASSETS] ?? 0 };
    },
    device: (deviceId) => fleet.ncentral.agent(fleet.ncentral.indexOfAgent(deviceId)!),
    identificationRuns: () => identified,
    newProcess() {
      ({ runs, sync } = engines());
      identified = 0;
    },
    async close() {
      await host.dispose();
      store.close();
      await sim.close();
    },
  };
  sessions.push(session);
  return session;
}

/** What identification reads of one agent: its tenant's stored identifiers. */
async function identifiersOf(store: SqliteStore, deviceId: number) {
  return (await store.agents.linkedIdentifiersOf(TENANT)).find((a) => a.agentId === String(deviceId));
}

const DAY0 = new Date('2026-03-02T09:00:00.000Z');

describe('incremental sync (N-central simulator)', () => {
  it('reads every device’s assets once on the first sync, and none on a re-sync with nothing changed', async () => {
    const s = await start();
    const full = await s.syncAt(DAY0);
    expect(full.assets).toBe(DEVICES);
    expect(full.report.integrations[0]?.counts).toMatchObject({ agents: DEVICES, identityReadsNew: DEVICES, identityReadsFailed: 0 });
    expect((await identifiersOf(s.store, 2001))?.uuid).toBeDefined();

    // Within the hour: no device's refresh slot comes round in between (see identity-refresh.ts).
    const resync = await s.syncAt(new Date(DAY0.getTime() + 30 * 60_000));
    expect(resync.assets).toBe(0);
    // The same listing (and health) requests, and nothing else; logins are the token's business.
    const { [ASSETS]: _assets, [AUTHENTICATE]: _login, ...listing } = full.byRoute;
    const { [AUTHENTICATE]: _relogin, ...relisting } = resync.byRoute;
    expect(relisting).toEqual(listing);
    expect(resync.report.rowsWritten).toBe(0);
    expect(s.identificationRuns()).toBe(1);
    expect(resync.report.integrations[0]?.counts).toMatchObject({ agentsUnchanged: DEVICES, identityReadsNew: 0, identityReadsChanged: 0, identityReadsRefresh: 0 });
  });

  it('runs no identification in a new process (a CLI sync) while nothing changed, and runs it again once something did', async () => {
    const s = await start();
    await s.syncAt(DAY0);
    s.newProcess();
    const reads = vi.spyOn(s.store.agents, 'linkedIdentifiersOf');
    const writes = (['upsertComputers', 'upsertLinks', 'upsertConflicts', 'recordIdentificationMemo'] as const).map((method) => vi.spyOn(s.store.computers, method));
    const resync = await s.syncAt(new Date(DAY0.getTime() + 30 * 60_000));
    expect(s.identificationRuns()).toBe(0);
    expect(reads).not.toHaveBeenCalled();
    for (const write of writes) expect(write).not.toHaveBeenCalled();
    expect(resync.report.rowsWritten).toBe(0);
    expect(resync.report.identification).toMatchObject({ agents: DEVICES, written: 0 });

    s.device(2001).hostname = 'ACME-RENAMED';
    s.newProcess();
    await s.syncAt(new Date(DAY0.getTime() + 60 * 60_000));
    expect(s.identificationRuns()).toBe(1);
    expect((await identifiersOf(s.store, 2001))?.host).toBe('ACME-RENAMED');
  });

  it('reads again, on the next sync, the identity of a device renamed or reinstalled in between, and identification sees it', async () => {
    const s = await start();
    await s.syncAt(DAY0);
    const renamed = s.device(2001);
    renamed.hostname = 'ACME-FINANCE01';
    // A reinstall: a newer Windows, installed today (the listing shows the OS, the assets the install date).
    const reinstalled = s.device(2002);
    reinstalled.os = 'Microsoft Windows 11 Pro';
    reinstalled.reported = { ...reinstalled.reported, osInstallDate: '2026-03-02T12:00:00.000Z' };

    const next = await s.syncAt(new Date(DAY0.getTime() + 45 * 60_000));
    expect(next.assets).toBe(2);
    expect(next.report.integrations[0]?.counts).toMatchObject({ identityReadsChanged: 2, identityReadsRefresh: 0, identityReadsNew: 0 });
    expect((await identifiersOf(s.store, 2001))).toMatchObject({ hostname: 'ACME-FINANCE01', host: 'ACME-FINANCE01' });
    expect((await identifiersOf(s.store, 2002))?.osInstallDate).toBe('2026-03-02T12:00:00.000Z');
    expect(next.report.identification?.written).toBeGreaterThan(0);
  });

  it('finds a silent hardware change (new UUID, nothing listed changes) by the rolling refresh within identityRefreshDays, a slice of the fleet per day', async () => {
    const s = await start();
    await s.syncAt(DAY0);
    const swapped = s.device(2005);
    const oldUuid = (await identifiersOf(s.store, 2005))?.uuid;
    swapped.reported = { ...swapped.reported, smbiosUuid: '9F3A2C10-0000-4000-8000-00000000B0A2', serialNumber: 'SN-NEWBOARD' };

    const readsPerDay: number[] = [];
    let foundOnDay: number | undefined;
    const runsBefore = s.identificationRuns();
    for (let day = 1; day <= REFRESH_DAYS; day++) {
      const { assets, report } = await s.syncAt(new Date(DAY0.getTime() + day * DAY_MS));
      expect(report.integrations[0]?.counts['identityReadsRefresh']).toBe(assets);
      readsPerDay.push(assets);
      if (foundOnDay === undefined && (await identifiersOf(s.store, 2005))?.uuid !== oldUuid) foundOnDay = day;
    }
    expect(foundOnDay).toBeDefined();
    // Refreshes that find the same hardware change nothing identification reads: it ran once, for the new UUID.
    expect(s.identificationRuns() - runsBefore).toBe(1);
    expect((await identifiersOf(s.store, 2005))).toMatchObject({ uuid: '9F3A2C10-0000-4000-8000-00000000B0A2', serial: 'SN-NEWBOARD' });
    // Every device once over the period, spread over the days rather than read all at once.
    expect(readsPerDay.reduce((a, b) => a + b, 0)).toBe(DEVICES);
    expect(Math.max(...readsPerDay)).toBeLessThan(DEVICES / 2);
    expect(readsPerDay.filter((n) => n > 0).length).toBeGreaterThanOrEqual(REFRESH_DAYS - 2);
  });

  it('stores a device whose identity could not be read, warns, and reads it on the next sync', async () => {
    const s = await start();
    const failing = s.sim.faults.add({ kind: 'server-error', method: 'GET', route: '/api/devices/:deviceId/assets', status: 500 });
    const first = await s.syncAt(DAY0);
    expect(first.report.integrations[0]?.counts).toMatchObject({ agents: DEVICES, agentsInserted: DEVICES, identityReadsNew: DEVICES, identityReadsFailed: DEVICES });
    expect(first.report.integrations[0]?.warnings).toEqual([expect.stringMatching(/^the identity of 28 agent\(s\) could not be read and is read again next sync, e\.g\. agent \d+: /)]);
    expect((await identifiersOf(s.store, 2001))?.uuid).toBeUndefined();

    failing.remove();
    const next = await s.syncAt(new Date(DAY0.getTime() + 10 * 60_000));
    expect(next.assets).toBe(DEVICES);
    expect(next.report.integrations[0]?.counts).toMatchObject({ identityReadsNew: DEVICES, identityReadsFailed: 0, agentsUpdated: DEVICES });
    expect((await identifiersOf(s.store, 2001))?.uuid).toBeDefined();
  });
});
