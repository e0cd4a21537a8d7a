/**
 * The records the suite writes: two integrations, two tenants, three clients in each, and the
 * links and agents identification reads. Every row references rows that exist, so a store that
 * enforces references (SQLite's foreign keys) accepts them.
 */
import type { AgentLinkRecord, ComputerRecord, IdentifiedAgent, RmmClient, Store, TenantLinkRecord } from '@rmm-hub/core';

export const AT = '2026-01-01T00:00:00.000Z';
export const LATER = '2026-01-02T00:00:00.000Z';
export const LATEST = '2026-01-03T00:00:00.000Z';

export function client(id: string, name = `Client ${id}`): RmmClient {
  return { id, name, kind: 'customer', hints: { domains: [`${id}.example`], externalIds: {} } };
}

export function agent(id: string, clientId: string, overrides: Partial<IdentifiedAgent> = {}): IdentifiedAgent {
  return {
    id, clientId, hostname: `PC-${id}`, online: true, canRunScripts: true,
    identity: { smbiosUuid: `4C4C4544-0000-0000-0000-${id.padStart(12, '0')}`, serialNumber: `SN-${id}`, macAddresses: ['00-11-22-33-44-55'] },
    ...overrides,
  };
}

export function tenantLink(integrationId: string, clientId: string, tenantId: string, createdAt = AT): TenantLinkRecord {
  return { integrationId, clientId, tenantId, source: 'manual', reasons: [{ kind: 'decision', detail: 'linked by hand' }], createdAt };
}

export function computer(id: string, tenantId = 'ta', overrides: Partial<ComputerRecord> = {}): ComputerRecord {
  return { id, tenantId, name: `PC-${id}`, createdAt: AT, osInstallDate: undefined, wipedInstallDate: undefined, retiredAt: undefined, ...overrides };
}

export function agentLink(integrationId: string, agentId: string, computerId: string, overrides: Partial<AgentLinkRecord> = {}): AgentLinkRecord {
  return { integrationId, agentId, computerId, evidence: `uuid:${agentId}`, flags: 0, linkedAt: AT, ...overrides };
}

/** Integrations `nc` and `cw`, tenants `ta` and `tb`, clients c1–c3 in each integration. */
export async function seedFoundation(store: Store): Promise<void> {
  for (const id of ['nc', 'cw']) await store.integrations.upsert({ id, pluginId: id, displayName: id.toUpperCase(), enabled: true });
  await store.tenants.upsert({ id: 'ta', name: 'Acme', domains: ['acme.example'], isMsp: false, createdAt: AT });
  await store.tenants.upsert({ id: 'tb', name: 'Beta', domains: [], isMsp: false, createdAt: AT });
  for (const integrationId of ['nc', 'cw']) await store.clients.upsertMany(integrationId, [client('c1'), client('c2'), client('c3')], AT);
}

/**
 * {@link seedFoundation}, then links nc/c1 → ta, cw/c2 → ta, nc/c3 → tb, and agents: nc 1, 2
 * (c1), 3 (c2, unlinked), 4 (c3); cw 5 (c2), 6 (c1, unlinked).
 */
export async function seedFleet(store: Store): Promise<void> {
  await seedFoundation(store);
  await store.links.putLink(tenantLink('nc', 'c1', 'ta'));
  await store.links.putLink(tenantLink('cw', 'c2', 'ta'));
  await store.links.putLink(tenantLink('nc', 'c3', 'tb'));
  await store.agents.upsertMany('nc', [agent('1', 'c1'), agent('2', 'c1'), agent('3', 'c2'), agent('4', 'c3')], AT);
  await store.agents.upsertMany('cw', [agent('5', 'c2'), agent('6', 'c1')], AT);
}

/** Sorts records by integration and agent, for listings that promise no order. */
export function byAgent<T extends { integrationId: string; agentId: string }>(rows: T[]): T[] {
  return rows.sort((a, b) => (`${a.integrationId}/${a.agentId}` < `${b.integrationId}/${b.agentId}` ? -1 : 1));
}
