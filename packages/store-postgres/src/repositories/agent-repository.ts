import {
  agentHash,
  identifiersOf,
  presenceMoved,
  stableStringify,
  type AgentIdentity,
  type AgentRepository,
  type IdentificationAgent,
  type IdentifiedAgent,
  type LinkedAgentIdentifiers,
  type SpreadKind,
  type SpreadQuery,
  type SpreadValue,
  type StoredAgent,
  type StoredIdentity,
  type UpsertCounts,
} from '@rmm-hub/core';

import type { Database } from '../database.js';
import { orUndefined } from './columns.js';
import { keysetPages, type KeysetQuery } from './keyset-pages.js';
import { planUpserts, type StoredState } from './upsert-plan.js';

interface AgentRow {
  [column: string]: unknown;
  integration_id: string;
  agent_id: string;
  client_id: string;
  site_id: string | null;
  hostname: string;
  os: string | null;
  online: boolean;
  last_seen: string | null;
  identity: AgentIdentity;
  can_run_scripts: boolean;
  first_seen_at: string;
  gone_at: string | null;
}

interface LinkedRow {
  [column: string]: unknown;
  tenant_id: string;
  integration_id: string;
  agent_id: string;
  hostname: string;
  online: boolean;
  last_seen: string | null;
  can_run_scripts: boolean;
  identity: AgentIdentity;
  id_host: string;
  id_uuid: string | null;
  id_serial: string | null;
  id_board: string | null;
  id_manufacturer: string | null;
  id_macs: string[];
  id_os_install_date: string | null;
}

interface SpreadRow {
  [column: string]: unknown;
  kind: SpreadKind;
  value: string;
  machines: number;
  tenant_ids: string[];
}

/** `a`'s identifier column, with `o.v` (an `IdentifierOverride` as JSON) applied where it has the field. */
const overridden = (field: string, column: string): string => `CASE WHEN o.v ? '${field}' THEN o.v->>'${field}' ELSE a.${column} END`;

/**
 * Agents of clients linked to a tenant (`t`: the link, `a`: the agent). A link of the agent's
 * site or location wins over its client's (core's `tenantOfAgent`): the client's link is joined
 * only where the site has none.
 */
export const LINKED_AGENTS = `FROM tenant_links t JOIN agents a
  ON ((a.integration_id = t.integration_id AND a.client_id = t.client_id) OR (a.integration_id = t.integration_id AND a.site_id = t.client_id))
  AND (a.site_id IS NULL OR a.site_id = t.client_id
    OR NOT EXISTS (SELECT 1 FROM tenant_links s WHERE s.integration_id = a.integration_id AND s.client_id = a.site_id))`;

/**
 * How widely the values of every live agent of a linked client are spread (see core's
 * `SpreadValue`): `$1` the overrides as a JSON array, `$2` the machines threshold.
 */
const SPREAD = `WITH o AS (
    SELECT e.v->>'integrationId' AS integration_id, e.v->>'agentId' AS agent_id, e.v FROM jsonb_array_elements($1::jsonb) AS e(v)
  ), fleet AS (
    SELECT t.tenant_id, a.id_host AS host, ${overridden('uuid', 'id_uuid')} AS uuid, ${overridden('serial', 'id_serial')} AS serial,
      ${overridden('board', 'id_board')} AS board,
      CASE WHEN o.v ? 'macs' THEN ARRAY(SELECT jsonb_array_elements_text(o.v->'macs')) ELSE a.id_macs END AS macs
    ${LINKED_AGENTS}
    LEFT JOIN o ON o.integration_id = a.integration_id AND o.agent_id = a.agent_id
    WHERE a.gone_at IS NULL
  ), ids AS (
    SELECT 'uuid' AS kind, uuid AS value, host, tenant_id FROM fleet WHERE uuid IS NOT NULL
    UNION ALL SELECT 'serial', serial, host, tenant_id FROM fleet WHERE serial IS NOT NULL
    UNION ALL SELECT 'board', board, host, tenant_id FROM fleet WHERE board IS NOT NULL
    UNION ALL SELECT 'mac', m.value, host, tenant_id FROM fleet, unnest(fleet.macs) AS m(value)
  )
  SELECT kind, value, COUNT(DISTINCT host)::int AS machines, array_agg(DISTINCT tenant_id) AS tenant_ids FROM ids
  GROUP BY kind, value
  HAVING COUNT(DISTINCT host) >= $2 OR (kind <> 'mac' AND COUNT(DISTINCT tenant_id) > 1)`;

interface StoredAgentState extends StoredState {
  lastSeen: string | undefined;
}

const LINKED_COLUMNS = `t.tenant_id, a.integration_id, a.agent_id, a.hostname, a.online, a.last_seen, a.can_run_scripts,
  a.id_host, a.id_uuid, a.id_serial, a.id_board, a.id_manufacturer, a.id_macs, a.id_os_install_date`;
const AGENT_KEY = ['a.integration_id', 'a.agent_id'] as const;

/**
 * Agents are the big table (hundreds of thousands of rows). A page of agents is two statements
 * whatever its size: one read of the stored hashes, one multi-row upsert (unnest arrays) of just
 * the agents whose content really changed (presence only when it moved far enough: core's
 * `presenceMoved`). Large reads stream in key order a page at a time.
 */
export class PgAgentRepository implements AgentRepository {
  constructor(private readonly db: Database) {}

  async upsertMany(integrationId: string, agents: readonly IdentifiedAgent[], at: string): Promise<UpsertCounts> {
    if (agents.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
    return this.db.transaction(async () => {
      const stored = await this.db.rows<{ agent_id: string; content_hash: string; gone_at: string | null; last_seen: string | null }>(
        'SELECT agent_id, content_hash, gone_at, last_seen FROM agents WHERE integration_id = $1 AND agent_id = ANY($2::text[])',
        [integrationId, [...new Set(agents.map((a) => a.id))]],
      );
      const identities = new Map<IdentifiedAgent, string>();
      const { counts, writes } = planUpserts<IdentifiedAgent, StoredAgentState>(
        agents.map((agent) => {
          // jsonb gives an identity's members back in its own order, and the sync writes back
          // identities it read from the store: the hash must not depend on member order.
          const identity = stableStringify(agent.identity);
          identities.set(agent, identity);
          return { key: agent.id, hash: agentHash(agent, identity), record: agent };
        }),
        new Map(stored.map((row) => [row.agent_id, { hash: row.content_hash, gone: row.gone_at !== null, lastSeen: orUndefined(row.last_seen) }])),
        {
          written: (candidate) => ({ hash: candidate.hash, gone: false, lastSeen: candidate.record.lastSeen }),
          stale: (state, agent) => presenceMoved(state.lastSeen, agent.lastSeen),
        },
      );
      if (writes.length > 0) await this.#write(integrationId, writes.map((w) => ({ agent: w.record, hash: w.hash, identity: identities.get(w.record) as string })), at);
      return counts;
    });
  }

  async #write(integrationId: string, rows: readonly { agent: IdentifiedAgent; hash: string; identity: string }[], at: string): Promise<void> {
    const columns = {
      agent_id: [] as string[], client_id: [] as string[], site_id: [] as (string | null)[], hostname: [] as string[], os: [] as (string | null)[],
      online: [] as boolean[], last_seen: [] as (string | null)[], identity: [] as string[], can_run_scripts: [] as boolean[],
      id_host: [] as string[], id_uuid: [] as (string | null)[], id_serial: [] as (string | null)[], id_board: [] as (string | null)[],
      id_manufacturer: [] as (string | null)[], id_macs: [] as string[], id_os_install_date: [] as (string | null)[], content_hash: [] as string[],
    };
    for (const { agent, hash, identity } of rows) {
      const ids = identifiersOf(agent.hostname, agent.identity);
      columns.agent_id.push(agent.id);
      columns.client_id.push(agent.clientId);
      columns.site_id.push(agent.siteId ?? null);
      columns.hostname.push(agent.hostname);
      columns.os.push(agent.os ?? null);
      columns.online.push(agent.online);
      columns.last_seen.push(agent.lastSeen ?? null);
      columns.identity.push(identity);
      columns.can_run_scripts.push(agent.canRunScripts);
      columns.id_host.push(ids.host);
      columns.id_uuid.push(ids.uuid ?? null);
      columns.id_serial.push(ids.serial ?? null);
      columns.id_board.push(ids.board ?? null);
      columns.id_manufacturer.push(ids.manufacturer ?? null);
      // A list per row cannot travel in one unnest array (PostgreSQL arrays are rectangular):
      // each row's MACs go as one comma-joined text (a normalised MAC is 12 hex digits).
      columns.id_macs.push(ids.macs.join(','));
      columns.id_os_install_date.push(ids.osInstallDate ?? null);
      columns.content_hash.push(hash);
    }
    const names = Object.keys(columns);
    const values = (name: string): string => {
      if (name === 'identity') return 'i.identity::jsonb';
      if (name === 'last_seen') return 'i.last_seen::timestamptz';
      if (name === 'id_macs') return "string_to_array(i.id_macs, ',')";
      return `i.${name}`;
    };
    const types = (name: string): string => (name === 'online' || name === 'can_run_scripts' ? 'boolean[]' : 'text[]');
    const updated = names.filter((name) => name !== 'agent_id');
    await this.db.query(
      `INSERT INTO agents (integration_id, ${names.join(', ')}, first_seen_at)
       SELECT $1, ${names.map(values).join(', ')}, $2
       FROM unnest(${names.map((name, n) => `$${n + 3}::${types(name)}`).join(', ')}) AS i(${names.join(', ')})
       ON CONFLICT (integration_id, agent_id) DO UPDATE SET ${updated.map((name) => `${name} = excluded.${name}`).join(', ')}, gone_at = NULL`,
      [integrationId, at, ...Object.values(columns)],
    );
  }

  async identitiesOf(integrationId: string, agentIds: readonly string[]): Promise<Map<string, StoredIdentity>> {
    const found = new Map<string, StoredIdentity>();
    if (agentIds.length === 0) return found;
    const rows = await this.db.rows<{ agent_id: string; identity: AgentIdentity; identity_checked_at: string | null; identity_basis: string | null }>(
      'SELECT agent_id, identity, identity_checked_at, identity_basis FROM agents WHERE integration_id = $1 AND agent_id = ANY($2::text[])',
      [integrationId, [...agentIds]],
    );
    for (const row of rows) found.set(row.agent_id, { identity: row.identity, checkedAt: orUndefined(row.identity_checked_at), basis: orUndefined(row.identity_basis) });
    return found;
  }

  async recordIdentityChecks(integrationId: string, checks: readonly { agentId: string; basis: string }[], at: string): Promise<void> {
    if (checks.length === 0) return;
    // One row per agent, the last check of each winning as if written one after another.
    const basisOf = new Map(checks.map((c) => [c.agentId, c.basis]));
    await this.db.query(
      `UPDATE agents a SET identity_checked_at = $2, identity_basis = c.basis
       FROM unnest($3::text[], $4::text[]) AS c(agent_id, basis)
       WHERE a.integration_id = $1 AND a.agent_id = c.agent_id`,
      [integrationId, at, [...basisOf.keys()], [...basisOf.values()]],
    );
  }

  async markGone(integrationId: string, clientIds: readonly string[], seenIds: ReadonlySet<string>, at: string): Promise<number> {
    if (clientIds.length === 0) return 0;
    const result = await this.db.query(
      `UPDATE agents SET gone_at = $1
       WHERE integration_id = $2 AND gone_at IS NULL AND (client_id = ANY($3::text[]) OR site_id = ANY($3::text[])) AND NOT (agent_id = ANY($4::text[]))`,
      [at, integrationId, clientIds, [...seenIds]],
    );
    return result.rowCount ?? 0;
  }

  async get(integrationId: string, agentId: string): Promise<StoredAgent | undefined> {
    const [row] = await this.db.rows<AgentRow>('SELECT * FROM agents WHERE integration_id = $1 AND agent_id = $2', [integrationId, agentId]);
    return row ? toAgent(row) : undefined;
  }

  async *iterate(filter: { integrationId?: string; clientIds?: readonly string[]; includeGone?: boolean } = {}): AsyncGenerator<StoredAgent> {
    const query: KeysetQuery = { select: 'SELECT * FROM agents a', ...whereOf(filter), key: AGENT_KEY };
    for await (const page of keysetPages<AgentRow>(this.db, query, keyOf)) for (const row of page) yield toAgent(row);
  }

  async *iterateLinked(): AsyncGenerator<IdentificationAgent> {
    const query: KeysetQuery = { select: `SELECT ${LINKED_COLUMNS}, a.identity ${LINKED_AGENTS}`, where: ['a.gone_at IS NULL'], params: [], key: AGENT_KEY };
    for await (const page of keysetPages<LinkedRow>(this.db, query, keyOf)) {
      for (const row of page) {
        yield {
          tenantId: row.tenant_id, integrationId: row.integration_id, agentId: row.agent_id, hostname: row.hostname, online: row.online,
          lastSeen: orUndefined(row.last_seen), identity: row.identity, canRunScripts: row.can_run_scripts,
        };
      }
    }
  }

  async identifierSpread(query: SpreadQuery): Promise<SpreadValue[]> {
    const rows = await this.db.rows<SpreadRow>(SPREAD, [JSON.stringify(query.overrides), query.machines]);
    return rows.map((row) => ({ kind: row.kind, value: row.value, machines: row.machines, tenantIds: [...row.tenant_ids].sort() }));
  }

  async linkedIdentifiersOf(tenantId: string): Promise<LinkedAgentIdentifiers[]> {
    const rows = await this.db.rows<LinkedRow>(`SELECT ${LINKED_COLUMNS} ${LINKED_AGENTS} WHERE t.tenant_id = $1 AND a.gone_at IS NULL`, [tenantId]);
    return rows.map((row) => ({
      tenantId: row.tenant_id, integrationId: row.integration_id, agentId: row.agent_id, hostname: row.hostname, online: row.online,
      lastSeen: orUndefined(row.last_seen), canRunScripts: row.can_run_scripts, host: row.id_host, uuid: orUndefined(row.id_uuid),
      serial: orUndefined(row.id_serial), board: orUndefined(row.id_board), manufacturer: orUndefined(row.id_manufacturer), macs: row.id_macs,
      osInstallDate: orUndefined(row.id_os_install_date),
    }));
  }

  async count(filter: { integrationId?: string; includeGone?: boolean } = {}): Promise<number> {
    const { where, params } = whereOf(filter);
    const [row] = await this.db.rows<{ n: number }>(`SELECT COUNT(*) AS n FROM agents a ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`, params);
    return row?.n ?? 0;
  }
}

function whereOf(filter: { integrationId?: string; clientIds?: readonly string[]; includeGone?: boolean }): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.integrationId !== undefined) where.push(`a.integration_id = $${params.push(filter.integrationId)}`);
  if (filter.clientIds) where.push(`a.client_id = ANY($${params.push([...filter.clientIds])}::text[])`);
  if (!filter.includeGone) where.push('a.gone_at IS NULL');
  return { where, params };
}

function keyOf(row: { integration_id: string; agent_id: string }): readonly [string, string] {
  return [row.integration_id, row.agent_id];
}

function toAgent(row: AgentRow): StoredAgent {
  return {
    integrationId: row.integration_id,
    id: row.agent_id,
    clientId: row.client_id,
    siteId: orUndefined(row.site_id),
    hostname: row.hostname,
    os: orUndefined(row.os),
    online: row.online,
    lastSeen: orUndefined(row.last_seen),
    identity: row.identity,
    canRunScripts: row.can_run_scripts,
    firstSeenAt: row.first_seen_at,
    goneAt: orUndefined(row.gone_at),
  };
}
