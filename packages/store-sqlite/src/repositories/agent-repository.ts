import type Database from 'better-sqlite3';

import type {
  AgentIdentity,
  AgentRepository,
  IdentificationAgent,
  IdentifiedAgent,
  LinkedAgentIdentifiers,
  SpreadKind,
  SpreadQuery,
  SpreadValue,
  StoredAgent,
  StoredIdentity,
  UpsertCounts,
} from '@rmm-hub/core';
import { agentHash, identifiersOf, presenceMoved } from '@rmm-hub/core';

import { orUndefined, parseJson } from '../json-column.js';
import { IDENTIFIER_COLUMNS, identifierColumns } from '../migrations/005-agent-identifiers.js';
import type { Synchronous } from '../gated-repository.js';

interface AgentRow {
  integration_id: string;
  agent_id: string;
  client_id: string;
  site_id: string | null;
  hostname: string;
  os: string | null;
  online: 0 | 1;
  last_seen: string | null;
  identity: string;
  can_run_scripts: 0 | 1;
  content_hash: string;
  first_seen_at: string;
  gone_at: string | null;
}

type IdentifiersRow = [
  tenant_id: string, integration_id: string, agent_id: string, hostname: string, online: 0 | 1, last_seen: string | null, can_run_scripts: 0 | 1,
  id_host: string, id_uuid: string | null, id_serial: string | null, id_board: string | null, id_manufacturer: string | null, id_macs: string, id_os_install_date: string | null,
];

/**
 * Agents of clients linked to a tenant (`t`: the link, `a`: the agent). A link of the agent's
 * site or location wins over its client's (core's `tenantOfAgent`): the client's link is joined
 * only where the site has none. Each side of the OR names both columns of its index
 * (`agents_by_client`, `agents_by_site`): so SQLite reads one tenant's agents through both
 * indexes instead of scanning the integration's agents.
 */
export const LINKED_AGENTS = `FROM tenant_links t JOIN agents a
  ON ((a.integration_id = t.integration_id AND a.client_id = t.client_id) OR (a.integration_id = t.integration_id AND a.site_id = t.client_id))
  AND (a.site_id IS NULL OR a.site_id = t.client_id
    OR NOT EXISTS (SELECT 1 FROM tenant_links s WHERE s.integration_id = a.integration_id AND s.client_id = a.site_id))`;

const IDENTIFIERS_SELECT = `SELECT t.tenant_id, a.integration_id, a.agent_id, a.hostname, a.online, a.last_seen, a.can_run_scripts,
  ${IDENTIFIER_COLUMNS.map((c) => `a.${c}`).join(', ')} ${LINKED_AGENTS}`;

/** The identifier columns of `a`, with `o.v` (an `IdentifierOverride` as JSON) applied where it has the field. */
const overridden = (field: string, column: string): string =>
  `CASE WHEN json_type(o.v, '$.${field}') IS NULL THEN a.${column} ELSE json_extract(o.v, '$.${field}') END`;

/**
 * The SQL of identification's two reads of the fleet (see `storeSource` in core): exported so
 * that `test/bench/identification-floor.run.ts` times exactly these statements, bare.
 */
export const IDENTIFICATION_READS = {
  /**
   * How widely the values of every live agent of a linked client are spread (see core's
   * `SpreadValue`): parameters are the overrides as a JSON array, then the machines threshold.
   * `id_macs` becomes a JSON array so that `json_each` lists an agent's MACs.
   */
  spread: `WITH o(integration_id, agent_id, v) AS (
      SELECT json_extract(value, '$.integrationId'), json_extract(value, '$.agentId'), value FROM json_each(?)
    ), fleet AS (
      SELECT t.tenant_id, a.id_host AS host, ${overridden('uuid', 'id_uuid')} AS uuid, ${overridden('serial', 'id_serial')} AS serial,
        ${overridden('board', 'id_board')} AS board,
        CASE WHEN json_type(o.v, '$.macs') IS NOT NULL THEN json_extract(o.v, '$.macs')
          WHEN a.id_macs = '' THEN '[]' ELSE '["' || replace(a.id_macs, ',', '","') || '"]' END AS macs
      ${LINKED_AGENTS} LEFT JOIN o ON o.integration_id = a.integration_id AND o.agent_id = a.agent_id
      WHERE a.gone_at IS NULL
    ), ids(kind, value, host, tenant_id) AS (
      SELECT 'uuid', uuid, host, tenant_id FROM fleet WHERE uuid IS NOT NULL
      UNION ALL SELECT 'serial', serial, host, tenant_id FROM fleet WHERE serial IS NOT NULL
      UNION ALL SELECT 'board', board, host, tenant_id FROM fleet WHERE board IS NOT NULL
      UNION ALL SELECT 'mac', m.value, host, tenant_id FROM fleet, json_each(fleet.macs) AS m
    )
    SELECT kind, value, COUNT(DISTINCT host) AS machines, json_group_array(DISTINCT tenant_id) AS tenants FROM ids
    GROUP BY kind, value
    HAVING COUNT(DISTINCT host) >= ? OR (kind <> 'mac' AND COUNT(DISTINCT tenant_id) > 1)`,
  /** One tenant's live agents with everything a run reads of them. */
  tenant: `${IDENTIFIERS_SELECT} WHERE t.tenant_id = ? AND a.gone_at IS NULL`,
} as const;

type SpreadRow = [kind: SpreadKind, value: string, machines: number, tenants: string];

type IdentityRow = [agent_id: string, identity: string, identity_checked_at: string | null, identity_basis: string | null];

type LinkedRow = [tenant_id: string, integration_id: string, agent_id: string, hostname: string, online: 0 | 1, last_seen: string | null, identity: string, can_run_scripts: 0 | 1];

/**
 * Agents are the big table (hundreds of thousands of rows), so upserts compare a content hash
 * first and touch only rows whose content really changed. `lastSeen` is presence, not content:
 * it is left out of the hash and written only when core's `presenceMoved` says so (or when
 * anything else changed, `online` included).
 */
export class SqliteAgentRepository implements Synchronous<AgentRepository> {
  readonly #linked: Database.Statement<[]>;
  readonly #spread: Database.Statement<[string, number]>;
  readonly #linkedIdentifiersOf: Database.Statement<[string]>;
  readonly #existing: Database.Statement<[string, string], Pick<AgentRow, 'content_hash' | 'gone_at' | 'last_seen'>>;
  readonly #insert: Database.Statement;
  readonly #update: Database.Statement;
  readonly #markGoneExcept: Database.Statement;
  readonly #get: Database.Statement<[string, string], AgentRow>;
  readonly #identitiesOf: Database.Statement<[string, string]>;
  readonly #recordIdentityCheck: Database.Statement<[string, string, string, string]>;

  constructor(private readonly db: Database.Database) {
    // Raw rows of just these columns: this streams every agent of the fleet once per
    // identification run, and building an object per row of all columns costs more than the read.
    this.#linked = db.prepare(`SELECT t.tenant_id, a.integration_id, a.agent_id, a.hostname, a.online, a.last_seen, a.identity, a.can_run_scripts
      ${LINKED_AGENTS} WHERE a.gone_at IS NULL`).raw();
    this.#spread = db.prepare(IDENTIFICATION_READS.spread).raw();
    this.#linkedIdentifiersOf = db.prepare(IDENTIFICATION_READS.tenant).raw();
    this.#existing = db.prepare('SELECT content_hash, gone_at, last_seen FROM agents WHERE integration_id = ? AND agent_id = ?');
    // Positional parameters, in one order for both statements: binding an array is cheaper than
    // looking up named parameters in an object, and this runs for every new or changed agent.
    this.#insert = db.prepare(`INSERT INTO agents
      (client_id, site_id, hostname, os, online, last_seen, identity, can_run_scripts, ${IDENTIFIER_COLUMNS.join(', ')}, content_hash, integration_id, agent_id, first_seen_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ${IDENTIFIER_COLUMNS.map(() => '?').join(', ')}, ?, ?, ?, ?)`);
    this.#update = db.prepare(`UPDATE agents SET client_id = ?, site_id = ?, hostname = ?, os = ?,
      online = ?, last_seen = ?, identity = ?, can_run_scripts = ?, ${IDENTIFIER_COLUMNS.map((c) => `${c} = ?`).join(', ')},
      content_hash = ?, gone_at = NULL WHERE integration_id = ? AND agent_id = ?`);
    this.#markGoneExcept = db.prepare(`UPDATE agents SET gone_at = ?
      WHERE integration_id = ? AND gone_at IS NULL
        AND (client_id IN (SELECT value FROM json_each(?)) OR site_id IN (SELECT value FROM json_each(?)))
        AND agent_id NOT IN (SELECT value FROM json_each(?))`);
    this.#get = db.prepare('SELECT * FROM agents WHERE integration_id = ? AND agent_id = ?');
    this.#identitiesOf = db.prepare(`SELECT agent_id, identity, identity_checked_at, identity_basis FROM agents
      WHERE integration_id = ? AND agent_id IN (SELECT value FROM json_each(?))`).raw();
    this.#recordIdentityCheck = db.prepare('UPDATE agents SET identity_checked_at = ?, identity_basis = ? WHERE integration_id = ? AND agent_id = ?');
  }

  upsertMany(integrationId: string, agents: readonly IdentifiedAgent[], at: string): UpsertCounts {
    const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
    this.db.transaction(() => {
      for (const agent of agents) {
        const identity = JSON.stringify(agent.identity);
        const hash = agentHash(agent, identity);
        const existing = this.#existing.get(integrationId, agent.id);
        if (existing && existing.content_hash === hash && existing.gone_at === null && !presenceMoved(orUndefined(existing.last_seen), agent.lastSeen)) {
          counts.unchanged++;
          continue;
        }
        const siteId = agent.siteId ?? null;
        const os = agent.os ?? null;
        const online = agent.online ? 1 : 0;
        const lastSeen = agent.lastSeen ?? null;
        const canRunScripts = agent.canRunScripts ? 1 : 0;
        const ids = identifierColumns(identifiersOf(agent.hostname, agent.identity));
        if (existing) {
          this.#update.run(agent.clientId, siteId, agent.hostname, os, online, lastSeen, identity, canRunScripts, ...ids, hash, integrationId, agent.id);
          counts.updated++;
        } else {
          this.#insert.run(agent.clientId, siteId, agent.hostname, os, online, lastSeen, identity, canRunScripts, ...ids, hash, integrationId, agent.id, at);
          counts.inserted++;
        }
      }
    }).immediate();
    return counts;
  }

  identitiesOf(integrationId: string, agentIds: readonly string[]): Map<string, StoredIdentity> {
    const found = new Map<string, StoredIdentity>();
    if (agentIds.length === 0) return found;
    for (const [agentId, identity, checkedAt, basis] of this.#identitiesOf.all(integrationId, JSON.stringify(agentIds)) as IdentityRow[]) {
      found.set(agentId, { identity: parseJson<AgentIdentity>(identity, { macAddresses: [] }), checkedAt: orUndefined(checkedAt), basis: orUndefined(basis) });
    }
    return found;
  }

  recordIdentityChecks(integrationId: string, checks: readonly { agentId: string; basis: string }[], at: string): void {
    this.db.transaction(() => {
      for (const check of checks) this.#recordIdentityCheck.run(at, check.basis, integrationId, check.agentId);
    }).immediate();
  }

  markGone(integrationId: string, clientIds: readonly string[], seenIds: ReadonlySet<string>, at: string): number {
    if (clientIds.length === 0) return 0;
    // One statement: SQLite turns both IN lists into ephemeral indexes, which is far cheaper
    // than visiting every agent of every client from JavaScript.
    const listed = JSON.stringify(clientIds);
    return this.#markGoneExcept.run(at, integrationId, listed, listed, JSON.stringify([...seenIds])).changes;
  }

  get(integrationId: string, agentId: string): StoredAgent | undefined {
    const row = this.#get.get(integrationId, agentId);
    return row ? toAgent(row) : undefined;
  }

  *iterate(filter: { integrationId?: string; clientIds?: readonly string[]; includeGone?: boolean } = {}): IterableIterator<StoredAgent> {
    const { sql, args } = this.#where(filter);
    for (const row of this.db.prepare(`SELECT * FROM agents ${sql} ORDER BY integration_id, agent_id`).iterate(...args)) {
      yield toAgent(row as AgentRow);
    }
  }

  *iterateLinked(): IterableIterator<IdentificationAgent> {
    for (const row of this.#linked.iterate() as IterableIterator<LinkedRow>) {
      yield {
        tenantId: row[0], integrationId: row[1], agentId: row[2], hostname: row[3], online: row[4] === 1,
        lastSeen: orUndefined(row[5]), identity: parseJson<AgentIdentity>(row[6], { macAddresses: [] }), canRunScripts: row[7] === 1,
      };
    }
  }

  identifierSpread(query: SpreadQuery): SpreadValue[] {
    return (this.#spread.all(JSON.stringify(query.overrides), query.machines) as SpreadRow[]).map(([kind, value, machines, tenants]) => ({
      kind, value, machines, tenantIds: (JSON.parse(tenants) as string[]).sort(),
    }));
  }

  linkedIdentifiersOf(tenantId: string): LinkedAgentIdentifiers[] {
    return (this.#linkedIdentifiersOf.all(tenantId) as IdentifiersRow[]).map(toLinkedIdentifiers);
  }

  count(filter: { integrationId?: string; includeGone?: boolean } = {}): number {
    const { sql, args } = this.#where(filter);
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM agents ${sql}`).get(...args) as { n: number }).n;
  }

  #where(filter: { integrationId?: string; clientIds?: readonly string[]; includeGone?: boolean }): { sql: string; args: string[] } {
    const where: string[] = [];
    const args: string[] = [];
    if (filter.integrationId !== undefined) {
      where.push('integration_id = ?');
      args.push(filter.integrationId);
    }
    if (filter.clientIds) {
      where.push(`client_id IN (SELECT value FROM json_each(?))`);
      args.push(JSON.stringify(filter.clientIds));
    }
    if (!filter.includeGone) where.push('gone_at IS NULL');
    return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', args };
  }
}

const NO_MACS: string[] = [];

function toLinkedIdentifiers(row: IdentifiersRow): LinkedAgentIdentifiers {
  return {
    tenantId: row[0], integrationId: row[1], agentId: row[2], hostname: row[3], online: row[4] === 1, lastSeen: orUndefined(row[5]), canRunScripts: row[6] === 1,
    host: row[7], uuid: orUndefined(row[8]), serial: orUndefined(row[9]), board: orUndefined(row[10]), manufacturer: orUndefined(row[11]),
    macs: macsOf(row[12]), osInstallDate: orUndefined(row[13]),
  };
}

/** `id_macs` (see migration 005) as a list. */
function macsOf(column: string): string[] {
  return column === '' ? NO_MACS : column.split(',');
}

function toAgent(row: AgentRow): StoredAgent {
  return {
    integrationId: row.integration_id,
    id: row.agent_id,
    clientId: row.client_id,
    siteId: orUndefined(row.site_id),
    hostname: row.hostname,
    os: orUndefined(row.os),
    online: row.online === 1,
    lastSeen: orUndefined(row.last_seen),
    identity: parseJson(row.identity, { macAddresses: [] }),
    canRunScripts: row.can_run_scripts === 1,
    firstSeenAt: row.first_seen_at,
    goneAt: orUndefined(row.gone_at),
  };
}
