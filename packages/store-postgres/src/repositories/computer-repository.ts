import type {
  AgentLinkRecord,
  AgentRef,
  ComputerPageQuery,
  ComputerRecord,
  ComputerRepository,
  ComputerSummary,
  ConflictPageQuery,
  ConflictRecord,
  ConflictStatus,
  IdentificationMemo,
  IdentificationOp,
  IdentityReportRecord,
  OpChange,
  PinRecord,
  TimelineEntry,
} from '@rmm-hub/core';

import type { Database, Row } from '../database.js';
import { LINKED_AGENTS } from './agent-repository.js';
import { orUndefined } from './columns.js';
import { computerPage } from './computer-pages.js';
import { fingerprint } from './fingerprint.js';

interface ComputerRow {
  [column: string]: unknown;
  id: string;
  tenant_id: string;
  name: string;
  created_at: string;
  os_install_date: string | null;
  wiped_install_date: string | null;
  retired_at: string | null;
}

interface LinkRow {
  [column: string]: unknown;
  integration_id: string;
  agent_id: string;
  computer_id: string;
  evidence: string;
  flags: number;
  linked_at: string;
}

interface PinRow {
  [column: string]: unknown;
  integration_id: string;
  agent_id: string;
  computer_id: string;
  op_id: string;
  at: string;
}

interface ConflictRow {
  [column: string]: unknown;
  id: string; kind: string; tenant_ids: string[]; key: string; computer_ids: string[]; ambiguous_agents: AgentRef[]; detail: string;
  status: ConflictStatus; resolution: string | null; resolved_by: string | null; resolved_at: string | null; first_seen_at: string; updated_at: string;
}

interface ReportRow {
  [column: string]: unknown;
  integration_id: string; agent_id: string; status: 'ok' | 'failed'; identity: string | null; attempts: number;
  last_error: string | null; next_attempt_at: string | null; at: string;
}

const COMPUTER_COLUMNS = 'id, tenant_id, name, created_at, os_install_date, wiped_install_date, retired_at';
const LINK_COLUMNS = 'integration_id, agent_id, computer_id, evidence, flags, linked_at';
const PIN_COLUMNS = 'integration_id, agent_id, computer_id, op_id, at';

/**
 * What an identification run reads — the live agents of linked clients (content and presence)
 * with their tenant, pins, identity-script reports — and what the last run wrote (computers,
 * links, conflicts), each in key order, digested by the server.
 */
const FINGERPRINT_QUERIES = [
  {
    select: `SELECT a.integration_id, a.agent_id, a.content_hash, a.last_seen, t.tenant_id ${LINKED_AGENTS} WHERE a.gone_at IS NULL`,
    order: 'integration_id, agent_id',
  },
  { select: `SELECT ${PIN_COLUMNS} FROM identification_pins`, order: 'integration_id, agent_id' },
  { select: 'SELECT integration_id, agent_id, status, identity, attempts, next_attempt_at FROM identity_reports', order: 'integration_id, agent_id' },
  { select: `SELECT ${COMPUTER_COLUMNS} FROM computers`, order: 'id' },
  { select: `SELECT ${LINK_COLUMNS} FROM agent_links`, order: 'integration_id, agent_id' },
  { select: 'SELECT id, status, computer_ids, ambiguous_agents, detail FROM identification_conflicts', order: 'id' },
] as const;

/** One unnest argument per column, `$1…` in order, each cast to its array type. */
function unnest(types: readonly string[], names: readonly string[]): string {
  return `unnest(${types.map((type, n) => `$${n + 1}::${type}[]`).join(', ')}) AS i(${names.join(', ')})`;
}

/** The last of each key, in first-seen order: one multi-row upsert may not touch a row twice. */
function lastOfEach<T>(rows: readonly T[], key: (row: T) => string): T[] {
  const out = new Map<string, T>();
  for (const row of rows) out.set(key(row), row);
  return [...out.values()];
}

const agentKey = (ref: AgentRef): string => `${ref.integrationId}\u0000${ref.agentId}`;

/**
 * Identification persistence. Every batch write is one set statement (unnest arrays) however
 * many rows it carries: a first run writes a computer and a link per agent.
 */
export class PgComputerRepository implements ComputerRepository {
  constructor(private readonly db: Database) {}

  async get(computerId: string): Promise<ComputerRecord | undefined> {
    const [row] = await this.db.rows<ComputerRow>(`SELECT ${COMPUTER_COLUMNS} FROM computers WHERE id = $1`, [computerId]);
    return row ? toComputer(row) : undefined;
  }

  async agentsOf(computerId: string): Promise<AgentRef[]> {
    // NULLS LAST: an agent never seen sorts after the others, as on SQLite.
    const rows = await this.db.rows<{ integration_id: string; agent_id: string }>(
      `SELECT l.integration_id, l.agent_id FROM agent_links l
       LEFT JOIN agents a ON a.integration_id = l.integration_id AND a.agent_id = l.agent_id
       WHERE l.computer_id = $1 ORDER BY a.last_seen DESC NULLS LAST, l.integration_id, l.agent_id`,
      [computerId],
    );
    return rows.map((row) => ({ integrationId: row.integration_id, agentId: row.agent_id }));
  }

  async computerOf(agent: AgentRef): Promise<string | undefined> {
    const [row] = await this.db.rows<{ computer_id: string }>('SELECT computer_id FROM agent_links WHERE integration_id = $1 AND agent_id = $2', [agent.integrationId, agent.agentId]);
    return row?.computer_id;
  }

  async list(filter: { tenantId?: string; includeRetired?: boolean } = {}): Promise<ComputerRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.tenantId !== undefined) where.push(`tenant_id = $${params.push(filter.tenantId)}`);
    if (filter.includeRetired !== true) where.push('retired_at IS NULL');
    const sql = `SELECT ${COMPUTER_COLUMNS} FROM computers ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY tenant_id, name, id`;
    return (await this.db.rows<ComputerRow>(sql, params)).map(toComputer);
  }

  page(query: ComputerPageQuery): Promise<ComputerSummary[]> {
    return computerPage(this.db, COMPUTER_COLUMNS, toComputer, query);
  }

  async loadAll(): Promise<{ computers: ComputerRecord[]; links: AgentLinkRecord[]; pins: PinRecord[] }> {
    return {
      computers: (await this.db.rows<ComputerRow>(`SELECT ${COMPUTER_COLUMNS} FROM computers`)).map(toComputer),
      links: (await this.db.rows<LinkRow>(`SELECT ${LINK_COLUMNS} FROM agent_links`)).map(toLink),
      pins: (await this.db.rows<PinRow>(`SELECT ${PIN_COLUMNS} FROM identification_pins`)).map(toPin),
    };
  }

  async linksOf(computerId: string): Promise<AgentLinkRecord[]> {
    return (await this.db.rows<LinkRow>(`SELECT ${LINK_COLUMNS} FROM agent_links WHERE computer_id = $1 ORDER BY integration_id, agent_id`, [computerId])).map(toLink);
  }

  async getLink(agent: AgentRef): Promise<AgentLinkRecord | undefined> {
    const [row] = await this.db.rows<LinkRow>(`SELECT ${LINK_COLUMNS} FROM agent_links WHERE integration_id = $1 AND agent_id = $2`, [agent.integrationId, agent.agentId]);
    return row ? toLink(row) : undefined;
  }

  async linksToTenant(tenantId: string): Promise<AgentLinkRecord[]> {
    const columns = LINK_COLUMNS.split(', ').map((c) => `l.${c}`).join(', ');
    return (await this.db.rows<LinkRow>(`SELECT ${columns} FROM agent_links l JOIN computers c ON c.id = l.computer_id WHERE c.tenant_id = $1`, [tenantId])).map(toLink);
  }

  async tenantsWithActiveComputers(): Promise<string[]> {
    return (await this.db.rows<{ tenant_id: string }>('SELECT DISTINCT tenant_id FROM computers WHERE retired_at IS NULL ORDER BY tenant_id')).map((row) => row.tenant_id);
  }

  async counts(): Promise<{ computers: number; links: number }> {
    const [row] = await this.db.rows<{ computers: number; links: number }>('SELECT (SELECT count(*) FROM computers) AS computers, (SELECT count(*) FROM agent_links) AS links');
    return row ?? { computers: 0, links: 0 };
  }

  async upsertComputers(rows: readonly ComputerRecord[]): Promise<void> {
    if (rows.length === 0) return;
    // Upserts one after another would keep the first creation time of a computer listed twice.
    const created = new Map<string, string>();
    for (const c of rows) if (!created.has(c.id)) created.set(c.id, c.createdAt);
    const unique = lastOfEach(rows, (c) => c.id);
    await this.db.query(
      `INSERT INTO computers (${COMPUTER_COLUMNS}) SELECT i.id, i.tenant_id, i.name, i.created_at, i.os_install_date, i.wiped_install_date, i.retired_at
       FROM ${unnest(['text', 'text', 'text', 'timestamptz', 'text', 'text', 'timestamptz'], COMPUTER_COLUMNS.split(', '))}
       ON CONFLICT (id) DO UPDATE SET tenant_id = excluded.tenant_id, name = excluded.name, os_install_date = excluded.os_install_date,
         wiped_install_date = excluded.wiped_install_date, retired_at = excluded.retired_at`,
      [
        unique.map((c) => c.id), unique.map((c) => c.tenantId), unique.map((c) => c.name), unique.map((c) => created.get(c.id)),
        unique.map((c) => c.osInstallDate ?? null), unique.map((c) => c.wipedInstallDate ?? null), unique.map((c) => c.retiredAt ?? null),
      ],
    );
  }

  async upsertLinks(rows: readonly AgentLinkRecord[]): Promise<void> {
    if (rows.length === 0) return;
    const unique = lastOfEach(rows, agentKey);
    await this.db.query(
      `INSERT INTO agent_links (${LINK_COLUMNS}) SELECT * FROM ${unnest(['text', 'text', 'text', 'text', 'int', 'timestamptz'], LINK_COLUMNS.split(', '))}
       ON CONFLICT (integration_id, agent_id) DO UPDATE SET computer_id = excluded.computer_id, evidence = excluded.evidence, flags = excluded.flags, linked_at = excluded.linked_at`,
      [unique.map((l) => l.integrationId), unique.map((l) => l.agentId), unique.map((l) => l.computerId), unique.map((l) => l.evidence), unique.map((l) => l.flags), unique.map((l) => l.linkedAt)],
    );
  }

  /**
   * A plain unit of work: PostgreSQL checks each reference as the row is written, and its
   * set statements already write a batch in one pass, so there is nothing to suspend.
   */
  bulkLoad<T>(work: () => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  inputFingerprint(): Promise<string> {
    return fingerprint(this.db, FINGERPRINT_QUERIES);
  }

  async deleteLinks(refs: readonly AgentRef[]): Promise<void> {
    if (refs.length === 0) return;
    await this.db.query(
      `DELETE FROM agent_links l USING ${unnest(['text', 'text'], ['integration_id', 'agent_id'])} WHERE l.integration_id = i.integration_id AND l.agent_id = i.agent_id`,
      [refs.map((r) => r.integrationId), refs.map((r) => r.agentId)],
    );
  }

  async deleteLinksTo(rows: readonly (AgentRef & { computerId: string })[]): Promise<number> {
    if (rows.length === 0) return 0;
    const result = await this.db.query(
      `DELETE FROM agent_links l USING ${unnest(['text', 'text', 'text'], ['integration_id', 'agent_id', 'computer_id'])}
       WHERE l.integration_id = i.integration_id AND l.agent_id = i.agent_id AND l.computer_id = i.computer_id`,
      [rows.map((r) => r.integrationId), rows.map((r) => r.agentId), rows.map((r) => r.computerId)],
    );
    return result.rowCount ?? 0;
  }

  async setPins(rows: readonly PinRecord[]): Promise<void> {
    if (rows.length === 0) return;
    const unique = lastOfEach(rows, agentKey);
    await this.db.query(
      `INSERT INTO identification_pins (${PIN_COLUMNS}) SELECT * FROM ${unnest(['text', 'text', 'text', 'text', 'timestamptz'], PIN_COLUMNS.split(', '))}
       ON CONFLICT (integration_id, agent_id) DO UPDATE SET computer_id = excluded.computer_id, op_id = excluded.op_id, at = excluded.at`,
      [unique.map((p) => p.integrationId), unique.map((p) => p.agentId), unique.map((p) => p.computerId), unique.map((p) => p.opId), unique.map((p) => p.at)],
    );
  }

  async deletePins(refs: readonly AgentRef[]): Promise<void> {
    if (refs.length === 0) return;
    await this.db.query(
      `DELETE FROM identification_pins p USING ${unnest(['text', 'text'], ['integration_id', 'agent_id'])} WHERE p.integration_id = i.integration_id AND p.agent_id = i.agent_id`,
      [refs.map((r) => r.integrationId), refs.map((r) => r.agentId)],
    );
  }

  async listPins(computerId?: string): Promise<PinRecord[]> {
    const rows = computerId === undefined
      ? await this.db.rows<PinRow>(`SELECT ${PIN_COLUMNS} FROM identification_pins ORDER BY integration_id, agent_id`)
      : await this.db.rows<PinRow>(`SELECT ${PIN_COLUMNS} FROM identification_pins WHERE computer_id = $1 ORDER BY integration_id, agent_id`, [computerId]);
    return rows.map(toPin);
  }

  async appendTimeline(entries: readonly Omit<TimelineEntry, 'seq'>[]): Promise<void> {
    if (entries.length === 0) return;
    // WITH ORDINALITY: the entries get their sequence numbers in the order given.
    await this.db.query(
      `INSERT INTO computer_timeline (computer_id, at, kind, op_id, summary, details)
       SELECT i.computer_id, i.at, i.kind, i.op_id, i.summary, i.details::jsonb
       FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS i(computer_id, at, kind, op_id, summary, details, n)
       ORDER BY i.n`,
      [entries.map((e) => e.computerId), entries.map((e) => e.at), entries.map((e) => e.kind), entries.map((e) => e.opId), entries.map((e) => e.summary), entries.map((e) => JSON.stringify(e.details))],
    );
  }

  async timeline(computerId: string): Promise<TimelineEntry[]> {
    const rows = await this.db.rows<{ seq: number; computer_id: string; at: string; kind: TimelineEntry['kind']; op_id: string; summary: string; details: Record<string, unknown> }>(
      'SELECT seq, computer_id, at, kind, op_id, summary, details FROM computer_timeline WHERE computer_id = $1 ORDER BY seq',
      [computerId],
    );
    return rows.map((r) => ({ seq: r.seq, computerId: r.computer_id, at: r.at, kind: r.kind, opId: r.op_id, summary: r.summary, details: r.details }));
  }

  async recordOp(op: IdentificationOp, changes: readonly OpChange[]): Promise<void> {
    await this.db.transaction(async () => {
      await this.db.query('INSERT INTO identification_ops (id, kind, actor, at, summary) VALUES ($1, $2, $3, $4, $5)', [op.id, op.kind, op.actor, op.at, op.summary]);
      if (changes.length === 0) return;
      await this.db.query(
        `INSERT INTO identification_changes (op_id, seq, entity, key, before, after)
         SELECT $1, i.n - 1, i.entity, i.key, i.before, i.after FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS i(entity, key, before, after, n)`,
        [op.id, changes.map((c) => c.entity), changes.map((c) => c.key), changes.map((c) => c.before), changes.map((c) => c.after)],
      );
    });
  }

  async getOp(opId: string): Promise<{ op: IdentificationOp; changes: OpChange[] } | undefined> {
    const [row] = await this.db.rows<{ id: string; kind: IdentificationOp['kind']; actor: string; at: string; summary: string; undone_at: string | null; undone_by: string | null }>(
      'SELECT id, kind, actor, at, summary, undone_at, undone_by FROM identification_ops WHERE id = $1',
      [opId],
    );
    if (!row) return undefined;
    const changes = await this.db.rows<OpChange & { [column: string]: unknown }>('SELECT entity, key, before, after FROM identification_changes WHERE op_id = $1 ORDER BY seq', [opId]);
    return {
      op: { id: row.id, kind: row.kind, actor: row.actor, at: row.at, summary: row.summary, undoneAt: orUndefined(row.undone_at), undoneBy: orUndefined(row.undone_by) },
      changes: changes.map((c) => ({ entity: c.entity, key: c.key, before: c.before, after: c.after })),
    };
  }

  async markOpUndone(opId: string, undoneBy: string, at: string): Promise<void> {
    await this.db.query('UPDATE identification_ops SET undone_at = $1, undone_by = $2 WHERE id = $3', [at, undoneBy, opId]);
  }

  async upsertConflicts(rows: readonly ConflictRecord[]): Promise<void> {
    if (rows.length === 0) return;
    const unique = lastOfEach(rows, (c) => c.id);
    // Lists per row travel as JSON text (PostgreSQL arrays are rectangular) and become arrays here.
    await this.db.query(
      `INSERT INTO identification_conflicts (id, kind, tenant_ids, key, computer_ids, ambiguous_agents, detail, status, resolution, resolved_by, resolved_at, first_seen_at, updated_at)
       SELECT i.id, i.kind, ARRAY(SELECT jsonb_array_elements_text(i.tenant_ids::jsonb)), i.key, ARRAY(SELECT jsonb_array_elements_text(i.computer_ids::jsonb)),
         i.ambiguous_agents::jsonb, i.detail, i.status, i.resolution, i.resolved_by, i.resolved_at, i.first_seen_at, i.updated_at
       FROM ${unnest(['text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'timestamptz', 'timestamptz', 'timestamptz'],
         ['id', 'kind', 'tenant_ids', 'key', 'computer_ids', 'ambiguous_agents', 'detail', 'status', 'resolution', 'resolved_by', 'resolved_at', 'first_seen_at', 'updated_at'])}
       ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, tenant_ids = excluded.tenant_ids, key = excluded.key, computer_ids = excluded.computer_ids,
         ambiguous_agents = excluded.ambiguous_agents, detail = excluded.detail, status = excluded.status, resolution = excluded.resolution,
         resolved_by = excluded.resolved_by, resolved_at = excluded.resolved_at, updated_at = excluded.updated_at`,
      [
        unique.map((c) => c.id), unique.map((c) => c.kind), unique.map((c) => JSON.stringify(c.tenantIds)), unique.map((c) => c.key),
        unique.map((c) => JSON.stringify(c.computerIds)), unique.map((c) => JSON.stringify(c.ambiguousAgents)), unique.map((c) => c.detail),
        unique.map((c) => c.status), unique.map((c) => c.resolution ?? null), unique.map((c) => c.resolvedBy ?? null), unique.map((c) => c.resolvedAt ?? null),
        unique.map((c) => c.firstSeenAt), unique.map((c) => c.updatedAt),
      ],
    );
  }

  async getConflict(id: string): Promise<ConflictRecord | undefined> {
    const [row] = await this.db.rows<ConflictRow>('SELECT * FROM identification_conflicts WHERE id = $1', [id]);
    return row ? toConflict(row) : undefined;
  }

  async listConflicts(filter: { status?: ConflictStatus; tenantId?: string } = {}): Promise<ConflictRecord[]> {
    const params: unknown[] = [];
    const sql = `SELECT * FROM identification_conflicts ${conflictsWhere(filter, params)} ORDER BY first_seen_at, id`;
    return (await this.db.rows<ConflictRow>(sql, params)).map(toConflict);
  }

  async conflictPage(query: ConflictPageQuery): Promise<ConflictRecord[]> {
    // The primary key (text in "C" order) answers the order and the resume point; `LIMIT` reads the page alone.
    const params: unknown[] = [query.limit];
    const sql = `SELECT * FROM identification_conflicts ${conflictsWhere(query, params)} ORDER BY id LIMIT $1`;
    return (await this.db.rows<ConflictRow>(sql, params)).map(toConflict);
  }

  async openConflictCounts(): Promise<Record<string, number>> {
    const rows = await this.db.rows<{ kind: string; n: number }>("SELECT kind, count(*)::int AS n FROM identification_conflicts WHERE status = 'open' GROUP BY kind");
    return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
  }

  async upsertIdentityReports(rows: readonly IdentityReportRecord[]): Promise<void> {
    if (rows.length === 0) return;
    // In order, one by one when an agent appears twice: a later failure must not replace an `ok`
    // written earlier in the same batch, which one multi-row statement could not see.
    const batches: IdentityReportRecord[][] = [[]];
    const inBatch = new Set<string>();
    for (const row of rows) {
      if (inBatch.has(agentKey(row))) {
        batches.push([]);
        inBatch.clear();
      }
      inBatch.add(agentKey(row));
      (batches.at(-1) as IdentityReportRecord[]).push(row);
    }
    for (const batch of batches) {
      await this.db.query(
        `INSERT INTO identity_reports (integration_id, agent_id, status, identity, attempts, last_error, next_attempt_at, at)
         SELECT * FROM ${unnest(['text', 'text', 'text', 'text', 'int', 'text', 'timestamptz', 'timestamptz'], ['integration_id', 'agent_id', 'status', 'identity', 'attempts', 'last_error', 'next_attempt_at', 'at'])}
         ON CONFLICT (integration_id, agent_id) DO UPDATE SET status = excluded.status, identity = excluded.identity, attempts = excluded.attempts,
           last_error = excluded.last_error, next_attempt_at = excluded.next_attempt_at, at = excluded.at
         WHERE NOT (identity_reports.status = 'ok' AND excluded.status = 'failed')`,
        [
          batch.map((r) => r.integrationId), batch.map((r) => r.agentId), batch.map((r) => r.status), batch.map((r) => r.identity ?? null),
          batch.map((r) => r.attempts), batch.map((r) => r.lastError ?? null), batch.map((r) => r.nextAttemptAt ?? null), batch.map((r) => r.at),
        ],
      );
    }
  }

  async listIdentityReports(): Promise<IdentityReportRecord[]> {
    const rows = await this.db.rows<ReportRow>('SELECT * FROM identity_reports ORDER BY integration_id, agent_id');
    return rows.map((r) => ({
      integrationId: r.integration_id, agentId: r.agent_id, status: r.status, identity: orUndefined(r.identity), attempts: r.attempts,
      lastError: orUndefined(r.last_error), nextAttemptAt: orUndefined(r.next_attempt_at), at: r.at,
    }));
  }

  async identificationMemo(): Promise<IdentificationMemo | undefined> {
    return (await this.db.rows<IdentificationMemo & Row>('SELECT fingerprint, outcome, at FROM identification_memo WHERE id = 1'))[0];
  }

  async recordIdentificationMemo(memo: IdentificationMemo): Promise<void> {
    await this.db.query(
      `INSERT INTO identification_memo (id, fingerprint, outcome, at) VALUES (1, $1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint, outcome = excluded.outcome, at = excluded.at`,
      [memo.fingerprint, memo.outcome, memo.at],
    );
  }
}

function toComputer(r: ComputerRow): ComputerRecord {
  return { id: r.id, tenantId: r.tenant_id, name: r.name, createdAt: r.created_at, osInstallDate: orUndefined(r.os_install_date), wipedInstallDate: orUndefined(r.wiped_install_date), retiredAt: orUndefined(r.retired_at) };
}

function toLink(r: LinkRow): AgentLinkRecord {
  return { integrationId: r.integration_id, agentId: r.agent_id, computerId: r.computer_id, evidence: r.evidence, flags: r.flags, linkedAt: r.linked_at };
}

function toPin(r: PinRow): PinRecord {
  return { integrationId: r.integration_id, agentId: r.agent_id, computerId: r.computer_id, opId: r.op_id, at: r.at };
}

/** The WHERE clause of a conflict query, its values appended to `params`. */
function conflictsWhere(filter: Omit<ConflictPageQuery, 'limit'>, params: unknown[]): string {
  const where: string[] = [];
  if (filter.status !== undefined) where.push(`status = $${params.push(filter.status)}`);
  if (filter.kind !== undefined) where.push(`kind = $${params.push(filter.kind)}`);
  if (filter.tenantId !== undefined) where.push(`$${params.push(filter.tenantId)} = ANY(tenant_ids)`);
  if (filter.after !== undefined) where.push(`id > $${params.push(filter.after)}`);
  return where.length ? `WHERE ${where.join(' AND ')}` : '';
}

function toConflict(r: ConflictRow): ConflictRecord {
  return {
    id: r.id, kind: r.kind, tenantIds: r.tenant_ids, key: r.key, computerIds: r.computer_ids, ambiguousAgents: r.ambiguous_agents, detail: r.detail,
    status: r.status, resolution: orUndefined(r.resolution), resolvedBy: orUndefined(r.resolved_by), resolvedAt: orUndefined(r.resolved_at),
    firstSeenAt: r.first_seen_at, updatedAt: r.updated_at,
  };
}
