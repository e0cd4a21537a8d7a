/**
 * Device-overlap evidence from the store: for each given client, how many of its agents are
 * already identified as computers of a tenant, where that computer also has an agent in
 * ANOTHER integration (so the tenant came from elsewhere, not from this client's own link).
 */
import type { Store } from '../store/store.js';
import type { DeviceOverlap, ClientRef } from './linking.types.js';

/** Reads the overlap of `clients` from the store's agents and computers. */
export async function storeDeviceOverlap(store: Store, clients: readonly ClientRef[]): Promise<DeviceOverlap[]> {
  const out: DeviceOverlap[] = [];
  const byIntegration = new Map<string, string[]>();
  for (const c of clients) byIntegration.set(c.integrationId, [...(byIntegration.get(c.integrationId) ?? []), c.clientId]);
  for (const [integrationId, clientIds] of [...byIntegration].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const counts = new Map<string, Map<string, number>>();
    for await (const agent of store.agents.iterate({ integrationId, clientIds })) {
      const computerId = await store.computers.computerOf({ integrationId, agentId: agent.id });
      if (computerId === undefined) continue;
      const computer = await store.computers.get(computerId);
      if (!computer) continue;
      if (!(await store.computers.agentsOf(computerId)).some((a) => a.integrationId !== integrationId)) continue;
      const perTenant = counts.get(agent.clientId) ?? new Map<string, number>();
      perTenant.set(computer.tenantId, (perTenant.get(computer.tenantId) ?? 0) + 1);
      counts.set(agent.clientId, perTenant);
    }
    for (const [clientId, perTenant] of counts) {
      for (const [tenantId, agents] of perTenant) out.push({ integrationId, clientId, tenantId, agents });
    }
  }
  return out;
}
