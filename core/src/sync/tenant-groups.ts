/**
 * An integration's linked clients in groups of whole tenants: what the sync lists with one
 * ListComputers call each, so that a group's end tells which tenants this integration has
 * finished. A group per tenant would tell soonest, but costs RMMs that filter many clients in one
 * query (Automate: a hundred) a query per tenant; a fixed number of groups keeps that cost
 * bounded whatever the fleet's size, and still lets identification start while most of the
 * listing is ahead.
 */
import type { TenantLinkRecord } from '../linking/model/link-records.js';

/** Groups per integration's listing (fewer where there are fewer tenants). */
export const LISTING_GROUPS = 32;

export interface TenantGroup {
  /** Sorted. */
  tenantIds: string[];
  /** Sorted. */
  clientIds: string[];
}

/**
 * The tenants of `links` (one integration's) with their clients, in tenant order, packed into
 * about `groups` groups of about as many clients each; a tenant is never split.
 */
export function tenantGroups(links: readonly Pick<TenantLinkRecord, 'clientId' | 'tenantId'>[], groups = LISTING_GROUPS): TenantGroup[] {
  const byTenant = new Map<string, Set<string>>();
  for (const { clientId, tenantId } of links) {
    const clients = byTenant.get(tenantId) ?? new Set<string>();
    clients.add(clientId);
    byTenant.set(tenantId, clients);
  }
  const clientCount = [...byTenant.values()].reduce((n, clients) => n + clients.size, 0);
  const perGroup = Math.ceil(clientCount / groups);
  const packed: TenantGroup[] = [];
  let current: TenantGroup | undefined;
  for (const [tenantId, clients] of [...byTenant.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (current === undefined || current.clientIds.length >= perGroup) {
      current = { tenantIds: [], clientIds: [] };
      packed.push(current);
    }
    current.tenantIds.push(tenantId);
    current.clientIds.push(...clients);
  }
  for (const group of packed) group.clientIds.sort();
  return packed;
}
