/**
 * What "the same data" means for the suites: a normalised dump of the synced state (clients,
 * agents, tenant links, computers and which agents they hold) without timestamps or generated
 * ids, so two databases that went through different histories compare equal when they say the
 * same thing. `lastSeen` is left out too: it is presence, not content — the N-central simulator
 * reports an online device as checking in "now − lag", and the store deliberately rewrites a row
 * for a moved check-in only past a resolution, so its value depends on when a row was first
 * written (see the agent repository). Also the MSP's first manual link (as the demo's administrator does it) and the
 * SQLite consistency checks.
 */
import type Database from 'better-sqlite3';

import type { LinkingService, Store } from '@rmm-hub/core';
import type { GeneratedFleet } from '@rmm-hub/simulators';

import { NC } from './world.js';

/** The normalised state; every list sorted. */
export interface StateDump {
  clients: string[];
  agents: string[];
  links: string[];
  /** One entry per computer: its tenant, name, retired flag and its agents (sorted). */
  computers: string[];
}

/** The statements a dump reads; any store's rows for them make a dump (see {@link dumpRows}). */
export const DUMP_QUERIES = {
  clients: 'SELECT integration_id, client_id, name, kind, parent_id, hints, gone_at FROM rmm_clients',
  agents: 'SELECT integration_id, agent_id, client_id, site_id, hostname, os, online, last_seen, identity, can_run_scripts, gone_at FROM agents',
  links: 'SELECT integration_id, client_id, tenant_id, source FROM tenant_links',
  members: 'SELECT computer_id, integration_id, agent_id, flags FROM agent_links',
  computers: 'SELECT id, tenant_id, name, retired_at FROM computers',
} as const;

export type DumpRows = Record<keyof typeof DUMP_QUERIES, Record<string, unknown>[]>;

/** Dumps the synced state of an open SQLite database. */
export function dumpState(db: Database.Database): StateDump {
  const read = (sql: string): Record<string, unknown>[] => db.prepare(sql).all() as Record<string, unknown>[];
  return dumpRows({ clients: read(DUMP_QUERIES.clients), agents: read(DUMP_QUERIES.agents), links: read(DUMP_QUERIES.links), members: read(DUMP_QUERIES.members), computers: read(DUMP_QUERIES.computers) });
}

/** The dump of the rows {@link DUMP_QUERIES} read; documents (PostgreSQL's jsonb) are written as JSON. */
export function dumpRows(rows: DumpRows): StateDump {
  const text = (value: unknown): string => (value !== null && typeof value === 'object' ? JSON.stringify(value) : String(value));
  const clients = rows.clients.map(
    (r) => `${text(r['integration_id'])}/${text(r['client_id'])}|${text(r['name'])}|${text(r['kind'])}|${text(r['parent_id'])}|${text(r['hints'])}|gone=${r['gone_at'] !== null}`,
  );
  const agents = rows.agents.map(
    (r) =>
      `${text(r['integration_id'])}/${text(r['agent_id'])}|${text(r['client_id'])}|${text(r['site_id'])}|${text(r['hostname'])}|${text(r['os'])}|${text(r['online'])}|seen=${r['last_seen'] !== null}|${text(r['identity'])}|${text(r['can_run_scripts'])}|gone=${r['gone_at'] !== null}`,
  );
  const links = rows.links.map((r) => `${text(r['integration_id'])}/${text(r['client_id'])}->${text(r['tenant_id'])}|${text(r['source'])}`);
  const members = new Map<string, string[]>();
  for (const r of rows.members) {
    const list = members.get(text(r['computer_id'])) ?? [];
    list.push(`${text(r['integration_id'])}/${text(r['agent_id'])}#${text(r['flags'])}`);
    members.set(text(r['computer_id']), list);
  }
  const computers = rows.computers.map(
    (r) => `${text(r['tenant_id'])}|${text(r['name'])}|retired=${r['retired_at'] !== null}|${(members.get(text(r['id'])) ?? []).sort().join(',')}`,
  );
  return { clients: clients.sort(), agents: agents.sort(), links: links.sort(), computers: computers.sort() };
}

/** Row counts of a dump, for reports. */
export function dumpCounts(dump: StateDump): Record<keyof StateDump, number> {
  return { clients: dump.clients.length, agents: dump.agents.length, links: dump.links.length, computers: dump.computers.length };
}

/**
 * What was stored before and is missing, or was live before and is now marked gone. Empty
 * when nothing was lost.
 */
export function lostSince(before: StateDump, after: StateDump): string[] {
  const lost: string[] = [];
  const keyOf = (line: string): string => line.split('|')[0] ?? line;
  for (const kind of ['clients', 'agents'] as const) {
    const now = new Map(after[kind].map((line) => [keyOf(line), line]));
    for (const line of before[kind]) {
      const later = now.get(keyOf(line));
      if (later === undefined) lost.push(`${kind}: ${keyOf(line)} disappeared`);
      else if (line.endsWith('gone=false') && later.endsWith('gone=true')) lost.push(`${kind}: ${keyOf(line)} marked gone`);
    }
  }
  const links = new Set(after.links.map(keyOf));
  for (const line of before.links) if (!links.has(keyOf(line))) lost.push(`links: ${keyOf(line)} disappeared`);
  return lost;
}

/** `PRAGMA integrity_check` and `PRAGMA foreign_key_check` on an open database. */
export function consistency(db: Database.Database): { integrity: string; foreignKeyViolations: number } {
  const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
  const foreignKeyViolations = (db.pragma('foreign_key_check') as unknown[]).length;
  return { integrity, foreignKeyViolations };
}

/**
 * The administrator's first step (as in the demo): link the MSP's own clients to the MSP tenant.
 * `rmmOf` says which simulated RMM an integration reads (the suites' two by default).
 */
export async function linkMspByHand(store: Store, linking: LinkingService, fleet: GeneratedFleet, rmmOf: (integrationId: string) => 'ncentral' | 'automate' = (id) => (id === NC ? 'ncentral' : 'automate')): Promise<number> {
  const msp = fleet.tenants.find((t) => t.isMsp);
  if (!msp) return 0;
  let linked = 0;
  for (const client of await store.clients.list()) {
    const rmm = rmmOf(client.integrationId);
    if (!linking.config.linkableKinds.includes(client.kind)) continue;
    if (fleet.truth.tenantOfClient(rmm, Number(client.id)) !== msp.id) continue;
    await linking.accept({ integrationId: client.integrationId, clientId: client.id, tenantId: msp.id, actor: 'reliability-admin', reason: 'the MSP links its own tenant first' });
    linked++;
  }
  return linked;
}
