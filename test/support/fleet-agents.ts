/**
 * Turns a simulated fleet into identification input directly (no HTTP), mirroring what the
 * plugins report: agent ids as strings, the RMM's reported identity (mess included), the
 * tenant of each agent's client through the fleet's ground truth (clients without a tenant
 * are skipped, as unlinked clients are). Also scores a result against the truth.
 */
import type { IdentificationAgent, IdentifiedAgent, Store } from '@rmm-hub/core';
import { scorePairs, type Fleet, type FleetAgent, type PairScore, type RmmKind } from '@rmm-hub/simulators';

/** The integration id each RMM's agents are listed under. */
export const INTEGRATION_OF: Record<RmmKind, string> = { ncentral: 'ncentral', automate: 'automate' };

export interface FleetAgents {
  agents: IdentificationAgent[];
  /** Agent key → the fleet agent (ground truth included). */
  byKey: Map<string, FleetAgent>;
}

/** The RMM client of each agent made by {@link fleetAgents} (the engine's input has no client). */
const CLIENT_OF = new WeakMap<IdentificationAgent, string>();

/** Every agent of a linked client, as the engine gets it. */
export function fleetAgents(fleet: Fleet, limit = Number.POSITIVE_INFINITY): FleetAgents {
  const agents: IdentificationAgent[] = [];
  const byKey = new Map<string, FleetAgent>();
  for (const rmm of ['ncentral', 'automate'] as const) {
    const view = fleet[rmm];
    for (let i = 0; i < view.agentCount && agents.length < limit; i++) {
      const a = view.agent(i);
      const tenantId = fleet.truth.tenantOfClient(rmm, a.clientId);
      if (tenantId === null) continue;
      const agent = toIdentificationAgent(a, tenantId);
      CLIENT_OF.set(agent, String(a.clientId));
      agents.push(agent);
      byKey.set(`${agent.integrationId}/${agent.agentId}`, a);
    }
  }
  return { agents, byKey };
}

function toIdentificationAgent(a: FleetAgent, tenantId: string): IdentificationAgent {
  const r = a.reported;
  return {
    tenantId,
    integrationId: INTEGRATION_OF[a.rmm],
    agentId: String(a.agentId),
    hostname: a.hostname,
    online: a.online,
    lastSeen: a.lastSeen,
    // N-central probes cannot run scripts; every other agent can.
    canRunScripts: !a.isProbe,
    identity: {
      smbiosUuid: r.smbiosUuid,
      serialNumber: r.serialNumber,
      boardSerial: r.boardSerial,
      manufacturer: r.manufacturer,
      model: r.model,
      macAddresses: r.macAddresses,
      osInstallDate: r.osInstallDate,
    },
  };
}

/**
 * The fleet's integrations, tenants, clients (each linked to its true tenant) and agents
 * written to a store, as a sync and the MSP's link decisions would leave them — so the store
 * path of identification (`IdentificationService.run()` without agents) sees exactly `agents`.
 */
export async function seedStore(store: Store, fleet: Fleet, agents: readonly IdentificationAgent[], at = '2025-06-01T00:00:00.000Z'): Promise<void> {
  await store.transaction(async () => {
    for (const rmm of ['ncentral', 'automate'] as const) {
      await store.integrations.upsert({ id: INTEGRATION_OF[rmm], pluginId: rmm, displayName: rmm, enabled: true });
    }
    for (const t of fleet.tenants) await store.tenants.upsert({ id: t.id, name: t.name, domains: t.domains, isMsp: t.isMsp, psaCompanyId: t.psaCompanyId });
    const byIntegration = new Map<string, IdentifiedAgent[]>();
    const clients = new Map<string, Map<string, string>>();
    for (const a of agents) {
      const clientId = CLIENT_OF.get(a) ?? 'c';
      const list = byIntegration.get(a.integrationId) ?? [];
      list.push({ id: a.agentId, clientId, hostname: a.hostname, online: a.online, lastSeen: a.lastSeen, identity: a.identity, canRunScripts: a.canRunScripts });
      byIntegration.set(a.integrationId, list);
      const tenants = clients.get(a.integrationId) ?? new Map<string, string>();
      tenants.set(clientId, a.tenantId);
      clients.set(a.integrationId, tenants);
    }
    for (const [integrationId, tenants] of clients) {
      await store.clients.upsertMany(integrationId, [...tenants.keys()].map((id) => ({ id, name: `Client ${id}`, kind: 'customer' as const, hints: { domains: [], externalIds: {} } })), at);
      for (const [clientId, tenantId] of tenants) await store.links.putLink({ integrationId, clientId, tenantId, source: 'manual', reasons: [], createdAt: at });
    }
    for (const [integrationId, list] of byIntegration) await store.agents.upsertMany(integrationId, list, at);
  });
}

/** Pairwise accuracy of an agent → computer assignment against the truth: see `scorePairs`. */
export type PairwiseAccuracy = PairScore;

/**
 * Scores `computerOf` (agent key → computer) against the true agent → machine map;
 * `identified` tells agents the engine left needing an identity apart (see `scorePairs`).
 */
export function pairwiseAccuracy(
  agents: readonly IdentificationAgent[],
  computerOf: (key: string) => string,
  truth: FleetAgents,
  identified: (key: string) => boolean = () => true,
): PairwiseAccuracy {
  return scorePairs(
    agents.map((a) => {
      const key = `${a.integrationId}/${a.agentId}`;
      return { computer: computerOf(key), machine: truth.byKey.get(key)?.machineId ?? `?${key}`, tenantId: a.tenantId, identified: identified(key) };
    }),
  );
}

/**
 * The naive baseline many tools ship: agents with the same hostname are one computer, then
 * agents with the same (non-empty) serial are too. No tenant scoping, no placeholder list.
 */
export function naiveBaseline(agents: readonly IdentificationAgent[]): (key: string) => string {
  const parent = agents.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] as number] as number;
    return i;
  };
  const unionBy = (value: (a: IdentificationAgent) => string | undefined): void => {
    const first = new Map<string, number>();
    agents.forEach((a, i) => {
      const v = value(a);
      if (v === undefined || v === '') return;
      const j = first.get(v);
      if (j === undefined) first.set(v, i);
      else parent[find(i)] = find(j);
    });
  };
  unionBy((a) => a.hostname.toUpperCase());
  unionBy((a) => a.identity.serialNumber?.trim().toUpperCase());
  const index = new Map(agents.map((a, i) => [`${a.integrationId}/${a.agentId}`, i]));
  return (key) => `n${find(index.get(key) ?? 0)}`;
}
