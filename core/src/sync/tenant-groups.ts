/** An integration's linked clients by tenant: what the sync lists one tenant at a time. */
import type { TenantLinkRecord } from '../linking/model/link-records.js';

export interface TenantGroup {
  tenantId: string;
  /** Sorted. */
  clientIds: string[];
}

/** The tenants of `links` (one integration's), each with its clients, in tenant order. */
export function tenantGroups(links: readonly Pick<TenantLinkRecord, 'clientId' | 'tenantId'>[]): TenantGroup[] {
  const byTenant = new Map<string, Set<string>>();
  for (const { clientId, tenantId } of links) {
    const clients = byTenant.get(tenantId) ?? new Set<string>();
    clients.add(clientId);
    byTenant.set(tenantId, clients);
  }
  return [...byTenant.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([tenantId, clients]) => ({ tenantId, clientIds: [...clients].sort() }));
}
