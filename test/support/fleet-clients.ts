/**
 * Turns a simulated fleet into what the linking engine sees — platform tenants and the RMM
 * clients of both integrations — directly, without the HTTP simulators, mapping records the
 * way the plugins do:
 * - N-central customer → `{ id: String(customerId), name: customerName, kind: 'customer', hints: { externalIds } }`,
 *   its sites → `{ kind: 'site', parentId: String(customerId) }`;
 * - Automate client → `{ id: String(id), name: company || name, kind: 'client', hints: { psaCompanyId: String(ExternalId) } }`,
 *   its locations → `{ kind: 'location', parentId: String(clientId) }`.
 * It also keeps the ground truth (which tenant each client belongs to) for scoring the engine.
 */
import type { DeviceOverlap, LinkingClient, LinkingTenant } from '@rmm-hub/core';
import type { Fleet, RmmKind } from '@rmm-hub/simulators';

/** Integration ids the fleet's two RMMs are given. */
export const FLEET_INTEGRATIONS: Readonly<Record<RmmKind, string>> = { ncentral: 'nc-sim', automate: 'cw-sim' };

export interface FleetLinkingData {
  tenants: LinkingTenant[];
  clients: LinkingClient[];
  /** True tenant per linkable client, keyed `${integrationId}/${clientId}`; null for internal/demo/test clients. */
  truth: Map<string, string | null>;
  mspTenantId: string;
}

/** The key used by {@link FleetLinkingData.truth}. */
export const refKey = (integrationId: string, clientId: string): string => `${integrationId}/${clientId}`;

/** Tenants and RMM clients of a fleet, with the truth. */
export function fleetClients(fleet: Fleet): FleetLinkingData {
  const nc = FLEET_INTEGRATIONS.ncentral;
  const cw = FLEET_INTEGRATIONS.automate;
  const tenants: LinkingTenant[] = fleet.tenants.map((t) => ({
    id: t.id,
    name: t.name,
    psaCompanyId: t.psaCompanyId,
    domains: [...t.domains],
    isMsp: t.isMsp,
  }));
  const clients: LinkingClient[] = [];
  const truth = new Map<string, string | null>();
  for (const c of fleet.ncentral.customers) {
    const externalIds: Record<string, string> = {};
    if (c.externalId !== undefined) externalIds['externalId'] = c.externalId;
    if (c.externalId2 !== undefined) externalIds['externalId2'] = c.externalId2;
    clients.push({ integrationId: nc, id: String(c.customerId), name: c.customerName, kind: 'customer', hints: { domains: [], externalIds } });
    truth.set(refKey(nc, String(c.customerId)), fleet.truth.tenantOfClient('ncentral', c.customerId));
  }
  for (const s of fleet.ncentral.sites) {
    clients.push({ integrationId: nc, id: String(s.siteId), name: s.siteName, kind: 'site', parentId: String(s.customerId), hints: { domains: [], externalIds: {} } });
  }
  for (const c of fleet.automate.clients) {
    const hints = { domains: [], externalIds: {}, ...(c.externalId === undefined ? {} : { psaCompanyId: String(c.externalId) }) };
    clients.push({ integrationId: cw, id: String(c.id), name: c.company || c.name, kind: 'client', hints });
    truth.set(refKey(cw, String(c.id)), fleet.truth.tenantOfClient('automate', c.id));
  }
  for (const l of fleet.automate.locations) {
    clients.push({ integrationId: cw, id: `loc-${l.id}`, name: l.name, kind: 'location', parentId: String(l.clientId), hints: { domains: [], externalIds: {} } });
  }
  const msp = fleet.tenants.find((t) => t.isMsp);
  if (!msp) throw new Error('the fleet has no MSP tenant');
  return { tenants, clients, truth, mspTenantId: msp.id };
}

/**
 * Device-overlap evidence as identification would produce it: for each client of one RMM,
 * how many of its live agents run on machines that the OTHER RMM lists under a client
 * already linked to a tenant (`links`: `${integrationId}/${clientId}` → tenant id).
 */
export function fleetDeviceOverlap(fleet: Fleet, links: ReadonlyMap<string, string>): DeviceOverlap[] {
  const rmms = [
    { kind: 'ncentral' as const, view: fleet.ncentral, id: FLEET_INTEGRATIONS.ncentral },
    { kind: 'automate' as const, view: fleet.automate, id: FLEET_INTEGRATIONS.automate },
  ];
  // Machine → tenant, as identified through each RMM's linked clients.
  const tenantOfMachine = rmms.map(({ view, id }) => {
    const m = new Map<string, string>();
    for (let i = 0; i < view.agentCount; i++) {
      const a = view.agent(i);
      const tenant = links.get(refKey(id, String(a.clientId)));
      if (tenant !== undefined && !a.stale) m.set(a.machineId, tenant);
    }
    return m;
  });
  const out = new Map<string, DeviceOverlap>();
  rmms.forEach(({ view, id }, r) => {
    const other = tenantOfMachine[1 - r] as Map<string, string>;
    for (let i = 0; i < view.agentCount; i++) {
      const a = view.agent(i);
      if (a.stale) continue;
      const tenantId = other.get(a.machineId);
      if (tenantId === undefined) continue;
      const key = `${refKey(id, String(a.clientId))}/${tenantId}`;
      const o = out.get(key) ?? { integrationId: id, clientId: String(a.clientId), tenantId, agents: 0 };
      o.agents++;
      out.set(key, o);
    }
  });
  return [...out.values()];
}
