/**
 * A store made ready for a measured sync of a whole fleet, as an administrator starts: a host
 * wired as the CLI wires it (packages/cli/src/runtime.ts → wireEngines), a setup sync (clients
 * only: nothing is linked yet, so no agents are listed), then every client linked to its true
 * tenant, so the next sync lists every agent.
 */
import { fileURLToPath } from 'node:url';

import { discoverPlugins, Host, storeConfigTenants, wireEngines, type LinkingService, type LoadedConfig, type LogRecord, type Store, type SyncReport } from '@rmm-hub/core';

import type { SimChildReady } from './sync-sims.child.js';

/** Ground truth the links are made from: the fleet's tenants and which tenant owns each client. */
export type FleetTruth = Pick<SimChildReady, 'tenants' | 'clients'>;

/** Starts a host on `store` with the config's plugins and wires the engines; throws if an integration is refused. */
export async function startBenchHost(loaded: LoadedConfig, store: Store, logSink?: (record: LogRecord) => void): Promise<{ host: Host } & ReturnType<typeof wireEngines>> {
  const discovery = await discoverPlugins({
    explicit: loaded.config.plugins,
    baseDir: loaded.baseDir,
    hostPackageJson: fileURLToPath(import.meta.resolve('@rmm-hub/cli/package.json')),
  });
  const host = await Host.start({ config: loaded.config, baseDir: loaded.baseDir, plugins: discovery.plugins, refused: discovery.refused, store, ...(logSink ? { logSink } : {}) });
  const refused = host.integrations().filter((i) => i.state !== 'ready');
  if (refused.length > 0) {
    await host.dispose();
    throw new Error(`integrations refused: ${refused.map((i) => `${i.id}: ${i.error?.message}`).join('; ')}`);
  }
  await storeConfigTenants(store, loaded.config.tenants);
  return { host, ...wireEngines(host, store, loaded.config) };
}

/**
 * The administrator's decisions: every linkable client to its true tenant, orphans to the MSP.
 * `rmmOf` names the RMM an integration serves (the truth is per RMM). They are recorded in one
 * transaction and applied by one linking run: `LinkingService.accept` runs the whole linking
 * engine after every single decision, which for the ~4,000 clients of a 100,000-device fleet is
 * minutes of setup that has nothing to do with the sync being measured.
 */
export async function linkEverything(linking: LinkingService, store: Store, truth: FleetTruth, rmmOf: (integrationId: string) => string): Promise<void> {
  const msp = truth.tenants.find((t) => t.isMsp)?.id;
  const tenantOf = new Map(truth.clients.map(([rmm, id, tenant]) => [`${rmm}/${id}`, tenant]));
  const at = new Date().toISOString();
  await store.transaction(async () => {
    let n = 0;
    for (const client of await store.clients.list()) {
      if (!linking.config.linkableKinds.includes(client.kind)) continue;
      const tenantId = tenantOf.get(`${rmmOf(client.integrationId)}/${client.id}`) ?? msp;
      if (!tenantId) continue;
      await store.links.insertDecision({ id: `bench-${++n}`, integrationId: client.integrationId, clientId: client.id, kind: 'link', tenantId, actor: 'bench-admin', reason: 'benchmark: link the whole fleet', decidedAt: at });
    }
  });
  await linking.run();
}

/** Setup sync, then every client linked: the store `loaded` configures is ready for a full sync of every agent. Returns the setup sync's report. */
export async function prepareLinkedStore(loaded: LoadedConfig, store: Store, truth: FleetTruth, rmmOf: (integrationId: string) => string): Promise<SyncReport> {
  const { host, linking, sync } = await startBenchHost(loaded, store);
  try {
    const setup = await sync.sync();
    await linkEverything(linking, store, truth, rmmOf);
    return setup;
  } finally {
    await host.dispose();
  }
}
