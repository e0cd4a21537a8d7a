/**
 * Links that target a site: one N-central customer (a shared office building) hosts two
 * companies, one per site. A person links each site to its own tenant and the customer to a
 * third; after a sync against the simulated N-central, each site's devices are computers of its
 * site's tenant and the devices directly under the customer are the customer's tenant's —
 * identification's tenant join and the script router both follow the site link first.
 */
import { afterEach, describe, expect, it } from 'vitest';

import {
  ComputerQueries,
  Host,
  HostConfig,
  IdentificationService,
  identificationStep,
  LinkingService,
  linkingStep,
  MemoryStore,
  memorySink,
  ScriptRouter,
  SyncOrchestrator,
  type Store,
} from '@rmm-hub/core';
import { createHandmadeFleet, startNcentralSim, type NcCustomerDeviceSite, type NcentralSim } from '@rmm-hub/simulators';
import { SqliteStore } from '@rmm-hub/store-sqlite';

import { builtInPlugins } from './reliability/support/runtime.js';

const BUILDING = 500;
const ALPHA_SITE = 601;
const BETA_SITE = 602;

const fleet = createHandmadeFleet({
  customers: [{ customerId: BUILDING, customerName: 'Harbour House', soId: 50, tenantId: 'tenant-landlord' }],
  sites: [
    { siteId: ALPHA_SITE, siteName: 'Floor 1 Alpha', customerId: BUILDING },
    { siteId: BETA_SITE, siteName: 'Floor 2 Beta', customerId: BUILDING },
  ],
  devices: [
    { deviceId: 3001, customerId: BUILDING, hostname: 'LOBBY-PC' },
    { deviceId: 3101, customerId: BUILDING, siteId: ALPHA_SITE, hostname: 'ALPHA-PC1' },
    { deviceId: 3102, customerId: BUILDING, siteId: ALPHA_SITE, hostname: 'ALPHA-PC2' },
    { deviceId: 3201, customerId: BUILDING, siteId: BETA_SITE, hostname: 'BETA-PC1' },
  ],
});

interface Session {
  store: Store;
  sim: NcentralSim;
  host: Host;
  linking: LinkingService;
  sync: SyncOrchestrator;
  close(): Promise<void>;
}

const sessions: Session[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
});

async function start(store: Store & { close?: () => void }, customerDeviceSite?: NcCustomerDeviceSite): Promise<Session> {
  const sim = await startNcentralSim({ fleet, customerDeviceSite });
  const config = HostConfig.parse({
    integrations: [{ id: 'nc', plugin: 'ncentral', config: { serverUrl: sim.url, jwt: 'env:NC_JWT', runScriptRepositoryId: sim.repositoryId, retryDelaysMs: [0] } }],
  });
  const host = await Host.start({ config, baseDir: process.cwd(), plugins: builtInPlugins(), store, env: { NC_JWT: sim.jwt }, logSink: memorySink() });
  for (const id of ['tenant-landlord', 'tenant-alpha', 'tenant-beta']) await store.tenants.upsert({ id, name: id, domains: [], isMsp: id === 'tenant-landlord' });
  const linking = new LinkingService(store);
  const identification = new IdentificationService({ store, config: { identityScript: { enabled: false } } });
  const sync = new SyncOrchestrator({ host, store, linking: linkingStep(linking), identification: identificationStep(identification, new ComputerQueries(store), { gatherIdentities: false }) });
  const session: Session = {
    store,
    sim,
    host,
    linking,
    sync,
    async close() {
      await host.dispose();
      store.close?.();
      await sim.close();
    },
  };
  sessions.push(session);
  return session;
}

/** Each computer's hostname → its tenant. */
async function tenantsByHostname(store: Store): Promise<Record<string, string>> {
  const computers = await new ComputerQueries(store).listComputers();
  return Object.fromEntries(computers.map((c) => [c.name, c.tenantId]).sort(([a], [b]) => String(a).localeCompare(String(b))));
}

describe.each([
  ['memory', () => new MemoryStore()],
  ['SQLite', () => SqliteStore.open({ path: ':memory:' })],
] as const)('site-level links on the %s store', (_name, openStore) => {
  it("puts each site's devices in its site's tenant, the rest in the customer's", async () => {
    const { store, linking, sync } = await start(openStore());
    await sync.sync();
    // The sites are clients of their own, under their customer, so a link can target them.
    expect((await store.clients.list({ integrationId: 'nc' })).map((c) => [c.id, c.kind, c.parentId]).sort()).toEqual([
      [String(BUILDING), 'customer', '50'],
      [String(ALPHA_SITE), 'site', String(BUILDING)],
      [String(BETA_SITE), 'site', String(BUILDING)],
    ]);

    const actor = 'test-admin';
    await linking.accept({ integrationId: 'nc', clientId: String(BUILDING), tenantId: 'tenant-landlord', actor });
    // A site by its id, the other by its name, as `rmm-hub links accept … --site` takes them.
    await linking.accept({ integrationId: 'nc', clientId: String(BUILDING), group: String(ALPHA_SITE), tenantId: 'tenant-alpha', actor });
    const beta = await linking.accept({ integrationId: 'nc', clientId: String(BUILDING), group: 'floor 2 beta', tenantId: 'tenant-beta', actor });
    expect(beta.decision.clientId).toBe(String(BETA_SITE));
    const report = await sync.sync();
    expect(report.integrations[0]).toMatchObject({ status: 'succeeded', counts: expect.objectContaining({ linkedClients: 3 }) });

    expect(await tenantsByHostname(store)).toEqual({ 'ALPHA-PC1': 'tenant-alpha', 'ALPHA-PC2': 'tenant-alpha', 'BETA-PC1': 'tenant-beta', 'LOBBY-PC': 'tenant-landlord' });
    expect((await store.computers.listConflicts({ status: 'open' })).length).toBe(0);
    const view = await linking.view();
    expect(view.links.find((l) => l.clientId === String(ALPHA_SITE))).toMatchObject({ tenantId: 'tenant-alpha', within: { clientId: String(BUILDING), clientName: 'Harbour House' } });
  });

  it('links the sites without their customer: only their devices are identified, and scripts reach them', async () => {
    const { store, host, linking, sync } = await start(openStore());
    await sync.sync();
    await linking.accept({ integrationId: 'nc', clientId: String(BUILDING), group: String(ALPHA_SITE), tenantId: 'tenant-alpha', actor: 'test-admin' });
    await sync.sync();
    expect(await tenantsByHostname(store)).toEqual({ 'ALPHA-PC1': 'tenant-alpha', 'ALPHA-PC2': 'tenant-alpha' });

    const router = new ScriptRouter(host, store);
    const [computer] = await new ComputerQueries(store).listComputers({ tenantId: 'tenant-alpha' });
    expect((await router.candidates(computer!.id)).map((a) => a.siteId)).toEqual([String(ALPHA_SITE)]);
    await expect(router.runOnAgent({ integrationId: 'nc', agentId: '3001' }, { language: 'powershell', body: 'hostname' }, { actor: 'test-admin' })).rejects.toMatchObject({
      code: 'RMM_ERR_UNSUPPORTED',
    });
  });

  it('names a missing site with the ones there are', async () => {
    const { linking, sync } = await start(openStore());
    await sync.sync();
    await expect(linking.accept({ integrationId: 'nc', clientId: String(BUILDING), group: 'Floor 9', tenantId: 'tenant-alpha', actor: 'test-admin' })).rejects.toMatchObject({
      code: 'RMM_ERR_LINK_GROUP_NOT_FOUND',
      hint: expect.stringContaining(`${ALPHA_SITE} "Floor 1 Alpha"`),
    });
  });
});

// Whether a device in no site reports null, nothing or its customer as its site is unconfirmed
// upstream: in each case it is in no site, and follows its customer's link.
describe.each(['null', 'absent', 'customer'] as const)('a device in no site that reports its site as %s', (customerDeviceSite) => {
  it("follows its customer's link, while its neighbours follow their site's", async () => {
    const { store, linking, sync } = await start(SqliteStore.open({ path: ':memory:' }), customerDeviceSite);
    await sync.sync();
    await linking.accept({ integrationId: 'nc', clientId: String(BUILDING), tenantId: 'tenant-landlord', actor: 'test-admin' });
    await linking.accept({ integrationId: 'nc', clientId: String(BUILDING), group: String(BETA_SITE), tenantId: 'tenant-beta', actor: 'test-admin' });
    await sync.sync();
    expect(await store.agents.get('nc', '3001')).toMatchObject({ clientId: String(BUILDING), siteId: undefined });
    expect(await tenantsByHostname(store)).toEqual({ 'ALPHA-PC1': 'tenant-landlord', 'ALPHA-PC2': 'tenant-landlord', 'BETA-PC1': 'tenant-beta', 'LOBBY-PC': 'tenant-landlord' });
  });
});
