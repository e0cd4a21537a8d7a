/**
 * The synced demo fleet the API and console suites work on: the MSP's own clients linked by
 * hand and synced again (which gives the fleet its open conflicts), then three of the links the
 * fleet made itself removed, so those clients are only suggested: review work.
 */
import { startDemoEnvironment, type DemoEnvironment } from '@rmm-hub/cli';
import { RmmHub } from '@rmm-hub/hub';

export async function openReviewFleet(appRoot: string): Promise<{ env: DemoEnvironment; hub: RmmHub }> {
  const env = await startDemoEnvironment({ devices: 40, seed: 11, latencyMs: 0, automateMfa: 'integrator' });
  const hub = await RmmHub.open({ configFile: env.configPath, appRoot });
  await hub.sync();
  const msp = env.fleet.tenants.find((t) => t.isMsp)!;
  for (const client of await hub.clients()) {
    const tenant = env.fleet.truth.tenantOfClient(client.integrationId === 'ncentral' ? 'ncentral' : 'automate', Number(client.id));
    if (tenant === msp.id) await hub.links.accept({ integrationId: client.integrationId, clientId: client.id, tenantId: msp.id, actor: 'setup' });
  }
  await hub.sync();
  for (const link of (await hub.links.view()).links.filter((l) => l.source === 'auto').slice(0, 3)) {
    await hub.links.unlink({ integrationId: link.integrationId, clientId: link.clientId, actor: 'setup' });
  }
  return { env, hub };
}
