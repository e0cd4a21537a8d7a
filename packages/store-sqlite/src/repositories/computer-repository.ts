import type Database from 'better-sqlite3';

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
import { StoreError } from '@rmm-hub/core';

import { unitCheckingForeignKeysAtEnd, type ForeignKeyViolation } from '../foreign-keys-at-end.js';
import { LINKED_AGENTS } from './agent-repository.js';
import { ComputerPages } from './computer-pages.js';
import { ConflictPages } from './conflict-pages.js';
import { orUndefined, parseJson } from '../json-column.js';
import { digestRows, type ChunkedRows } from '../table-digest.js';
import type { UnitsOfWork } from '../units-of-work.js';
import type { Synchronous } from '../gated-repository.js';

type ComputerRow = [id: string, tenantId: string, name: string, createdAt: string, osInstallDate: string | null, wipedInstallDate: string | null, retiredAt: string | null];
type LinkRow = [integrationId: string, agentId: string, computerId: string, evidence: string, flags: number, linkedAt: string];
type PinRow = [integrationId: string, agentId: string, computerId: string, opId: string, at: string];

const COMPUTER_COLUMNS = 'id, tenant_id, name, created_at, os_install_date, wiped_install_date, retired_at';
const LINK_COLUMNS = 'integration_id, agent_id, computer_id, evidence, flags, linked_at';
const PIN_COLUMNS = 'integration_id, agent_id, computer_id, op_id, at';

/**
 * Identification persistence. Bulk reads use `.raw()` rows (arrays, no per-row key objects)
 * and bulk writes reuse prepared statements, inside the caller's transaction: a first run
 * writes a computer and a link per agent.
 */
export class SqliteComputerRepository implements Synchronous<ComputerRepository> {
  readonly #get: Database.Statement<[string]>;
  readonly #upsertComputers: BatchedInsert<ComputerRecord>;
  readonly #upsertLinks: BatchedInsert<AgentLinkRecord>;
  readonly #deleteLink: Database.Statement;
  readonly #deleteLinkTo: Database.Statement;
  readonly #getLink: Database.Statement<[string, string]>;
  readonly #linksToTenant: Database.Statement<[string]>;
  readonly #setPin: Database.Statement;
  readonly #deletePin: Database.Statement;
  readonly #timeline: Database.Statement;
  readonly #op: Database.Statement;
  readonly #change: Database.Statement;
  readonly #upsertConflict: Database.Statement;
  readonly #upsertReport: Database.Statement;
  readonly #pages: ComputerPages<ComputerRow>;
  readonly #conflictPages: ConflictPages<ConflictDbRow>;

  constructor(
    private readonly db: Database.Database,
    private readonly units: UnitsOfWork,
  ) {
    this.#pages = new ComputerPages(db, COMPUTER_COLUMNS, toComputer);
    this.#conflictPages = new ConflictPages(db);
    this.#get = db.prepare(`SELECT ${COMPUTER_COLUMNS} FROM computers WHERE id = ?`);
    this.#upsertComputers = new BatchedInsert(db, `INSERT INTO computers (${COMPUTER_COLUMNS}) VALUES`, 7, `
      ON CONFLICT (id) DO UPDATE SET tenant_id = excluded.tenant_id, name = excluded.name, os_install_date = excluded.os_install_date,
      wiped_install_date = excluded.wiped_install_date, retired_at = excluded.retired_at`);
    this.#upsertLinks = new BatchedInsert(db, `INSERT INTO agent_links (${LINK_COLUMNS}) VALUES`, 6, `
      ON CONFLICT (integration_id, agent_id) DO UPDATE SET computer_id = excluded.computer_id, evidence = excluded.evidence,
      flags = excluded.flags, linked_at = excluded.linked_at`);
    this.#deleteLink = db.prepare('DELETE FROM agent_links WHERE integration_id = ? AND agent_id = ?');
    this.#deleteLinkTo = db.prepare('DELETE FROM agent_links WHERE integration_id = ? AND agent_id = ? AND computer_id = ?');
    this.#getLink = db.prepare(`SELECT ${LINK_COLUMNS} FROM agent_links WHERE integration_id = ? AND agent_id = ?`);
    this.#linksToTenant = db.prepare(`SELECT ${LINK_COLUMNS.split(', ').map((c) => `l.${c}`).join(', ')} FROM agent_links l
      JOIN computers c ON c.id = l.computer_id WHERE c.tenant_id = ?`);
    this.#setPin = db.prepare(`INSERT INTO identification_pins (${PIN_COLUMNS}) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (integration_id, agent_id) DO UPDATE SET computer_id = excluded.computer_id, op_id = excluded.op_id, at = excluded.at`);
    this.#deletePin = db.prepare('DELETE FROM identification_pins WHERE integration_id = ? AND agent_id = ?');
    this.#timeline = db.prepare('INSERT INTO computer_timeline (computer_id, at, kind, op_id, summary, details) VALUES (?, ?, ?, ?, ?, ?)');
    this.#op = db.prepare('INSERT INTO identification_ops (id, kind, actor, at, summary) VALUES (?, ?, ?, ?, ?)');
    this.#change = db.prepare('INSERT INTO identification_changes (op_id, seq, entity, key, before, after) VALUES (?, ?, ?, ?, ?, ?)');
    this.#upsertConflict = db.prepare(`INSERT INTO identification_conflicts
      (id, kind, tenant_ids, key, computer_ids, ambiguous_agents, detail, status, resolution, resolved_by, resolved_at, first_seen_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, tenant_ids = excluded.tenant_ids, key = excluded.key,
      computer_ids = excluded.computer_ids, ambiguous_agents = excluded.ambiguous_agents, detail = excluded.detail,
      status = excluded.status, resolution = excluded.resolution, resolved_by = excluded.resolved_by,
      resolved_at = excluded.resolved_at, updated_at = excluded.updated_at`);
    this.#upsertReport = db.prepare(`INSERT INTO identity_reports
      (integration_id, agent_id, status, identity, attempts, last_error, next_attempt_at, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (integration_id, agent_id) DO UPDATE SET status = excluded.status, identity = excluded.identity,
      attempts = excluded.attempts, last_error = excluded.last_error, next_attempt_at = excluded.next_attempt_at, at = excluded.at
      WHERE NOT (identity_reports.status = 'ok' AND excluded.status = 'failed')`);
  }

  get(computerId: string): ComputerRecord | undefined {
    const row = this.#get.raw().get(computerId) as ComputerRow | undefined;
    return row ? toComputer(row) : undefined;
  }

  agentsOf(computerId: string): AgentRef[] {
    return (
      this.db
        .prepare(
          `SELECT l.integration_id, l.agent_id FROM agent_links l
           LEFT JOIN agents a ON a.integration_id = l.integration_id AND a.agent_id = l.agent_id
           WHERE l.computer_id = ? ORDER BY a.last_seen DESC, l.integration_id, l.agent_id`,
        )
        .all(computerId) as { integration_id: string; agent_id: string }[]
    ).map((row) => ({ integrationId: row.integration_id, agentId: row.agent_id }));
  }

  computerOf(agent: AgentRef): string | undefined {
    const row = this.db
      .prepare('SELECT computer_id FROM agent_links WHERE integration_id = ? AND agent_id = ?')
      .get(agent.integrationId, agent.agentId) as { computer_id: string } | undefined;
    return row?.computer_id;
  }

  list(filter: { tenantId?: string; includeRetired?: boolean } = {}): ComputerRecord[] {
    const where: string[] = [];
    const args: string[] = [];
    if (filter.tenantId !== undefined) {
      where.push('tenant_id = ?');
      args.push(filter.tenantId);
    }
    if (filter.includeRetired !== true) where.push('retired_at IS NULL');
    const sql = `SELECT ${COMPUTER_COLUMNS} FROM computers ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY tenant_id, name, id`;
    return (this.db.prepare(sql).raw().all(...args) as ComputerRow[]).map(toComputer);
  }

  page(query: ComputerPageQuery): ComputerSummary[] {
    return this.#pages.page(query);
  }

  loadAll(): { computers: ComputerRecord[]; links: AgentLinkRecord[]; pins: PinRecord[] } {
    return {
      computers: (this.db.prepare(`SELECT ${COMPUTER_COLUMNS} FROM computers`).raw().all() as ComputerRow[]).map(toComputer),
      links: (this.db.prepare(`SELECT ${LINK_COLUMNS} FROM agent_links`).raw().all() as LinkRow[]).map(toLink),
      pins: (this.db.prepare(`SELECT ${PIN_COLUMNS} FROM identification_pins`).raw().all() as PinRow[]).map(toPin),
    };
  }

  linksOf(computerId: string): AgentLinkRecord[] {
    return (this.db.prepare(`SELECT ${LINK_COLUMNS} FROM agent_links WHERE computer_id = ? ORDER BY integration_id, agent_id`).raw().all(computerId) as LinkRow[]).map(toLink);
  }

  getLink(agent: AgentRef): AgentLinkRecord | undefined {
    const row = this.#getLink.raw().get(agent.integrationId, agent.agentId) as LinkRow | undefined;
    return row ? toLink(row) : undefined;
  }

  linksToTenant(tenantId: string): AgentLinkRecord[] {
    return (this.#linksToTenant.raw().all(tenantId) as LinkRow[]).map(toLink);
  }

  tenantsWithActiveComputers(): string[] {
    return this.db.prepare('SELECT DISTINCT tenant_id FROM computers WHERE retired_at IS NULL ORDER BY tenant_id').pluck().all() as string[];
  }

  counts(): { computers: number; links: number } {
    return this.db.prepare('SELECT (SELECT count(*) FROM computers) AS computers, (SELECT count(*) FROM agent_links) AS links').get() as { computers: number; links: number };
  }

  upsertComputers(rows: readonly ComputerRecord[]): void {
    this.#upsertComputers.run(rows, (c, out, at) => {
      out[at] = c.id;
      out[at + 1] = c.tenantId;
      out[at + 2] = c.name;
      out[at + 3] = c.createdAt;
      out[at + 4] = c.osInstallDate ?? null;
      out[at + 5] = c.wipedInstallDate ?? null;
      out[at + 6] = c.retiredAt ?? null;
    });
  }

  upsertLinks(rows: readonly AgentLinkRecord[]): void {
    this.#upsertLinks.run(rows, (l, out, at) => {
      out[at] = l.integrationId;
      out[at + 1] = l.agentId;
      out[at + 2] = l.computerId;
      out[at + 3] = l.evidence;
      out[at + 4] = l.flags;
      out[at + 5] = l.linkedAt;
    });
  }

  async bulkLoad<T>(work: () => Promise<T>): Promise<T> {
    // Inserting rows into an index in random order (computer ids are hashes) costs a B-tree
    // descent each; building it afterwards sorts once. DDL is transactional in SQLite, so if
    // `work` throws, the rollback brings the indexes back with everything else.
    const load = async (): Promise<T> => {
      this.db.exec(BULK_INDEXES.map((index) => `DROP INDEX ${index.name};`).join('\n'));
      const result = await work();
      this.db.exec(BULK_INDEXES.map((index) => `CREATE INDEX ${index.name} ON ${index.on};`).join('\n'));
      return result;
    };
    // Inside a caller's unit of work foreign keys cannot be switched: they stay checked per row.
    if (this.units.active) return this.units.transaction(load);
    return unitCheckingForeignKeysAtEnd(this.db, this.units, load, { tables: IDENTIFICATION_TABLES_WITH_FOREIGN_KEYS, broken: referencesBroken });
  }

  inputFingerprint(): string {
    return digestRows(this.db, FINGERPRINT_QUERIES);
  }

  deleteLinks(refs: readonly AgentRef[]): void {
    for (const r of refs) this.#deleteLink.run(r.integrationId, r.agentId);
  }

  deleteLinksTo(rows: readonly (AgentRef & { computerId: string })[]): number {
    let deleted = 0;
    for (const r of rows) deleted += this.#deleteLinkTo.run(r.integrationId, r.agentId, r.computerId).changes;
    return deleted;
  }

  setPins(rows: readonly PinRecord[]): void {
    for (const p of rows) this.#setPin.run(p.integrationId, p.agentId, p.computerId, p.opId, p.at);
  }

  deletePins(refs: readonly AgentRef[]): void {
    for (const r of refs) this.#deletePin.run(r.integrationId, r.agentId);
  }

  listPins(computerId?: string): PinRecord[] {
    const rows = computerId === undefined
      ? this.db.prepare(`SELECT ${PIN_COLUMNS} FROM identification_pins ORDER BY integration_id, agent_id`).raw().all()
      : this.db.prepare(`SELECT ${PIN_COLUMNS} FROM identification_pins WHERE computer_id = ? ORDER BY integration_id, agent_id`).raw().all(computerId);
    return (rows as PinRow[]).map(toPin);
  }

  appendTimeline(entries: readonly Omit<TimelineEntry, 'seq'>[]): void {
    for (const e of entries) this.#timeline.run(e.computerId, e.at, e.kind, e.opId, e.summary, JSON.stringify(e.details));
  }

  timeline(computerId: string): TimelineEntry[] {
    const rows = this.db
      .prepare('SELECT seq, computer_id, at, kind, op_id, summary, details FROM computer_timeline WHERE computer_id = ? ORDER BY seq')
      .all(computerId) as { seq: number; computer_id: string; at: string; kind: TimelineEntry['kind']; op_id: string; summary: string; details: string }[];
    return rows.map((r) => ({ seq: r.seq, computerId: r.computer_id, at: r.at, kind: r.kind, opId: r.op_id, summary: r.summary, details: parseJson(r.details, {}) }));
  }

  recordOp(op: IdentificationOp, changes: readonly OpChange[]): void {
    this.#op.run(op.id, op.kind, op.actor, op.at, op.summary);
    changes.forEach((c, seq) => this.#change.run(op.id, seq, c.entity, c.key, c.before, c.after));
  }

  getOp(opId: string): { op: IdentificationOp; changes: OpChange[] } | undefined {
    const row = this.db.prepare('SELECT id, kind, actor, at, summary, undone_at, undone_by FROM identification_ops WHERE id = ?').get(opId) as
      | { id: string; kind: IdentificationOp['kind']; actor: string; at: string; summary: string; undone_at: string | null; undone_by: string | null }
      | undefined;
    if (!row) return undefined;
    const changes = this.db.prepare('SELECT entity, key, before, after FROM identification_changes WHERE op_id = ? ORDER BY seq').all(opId) as OpChange[];
    return {
      op: { id: row.id, kind: row.kind, actor: row.actor, at: row.at, summary: row.summary, undoneAt: orUndefined(row.undone_at), undoneBy: orUndefined(row.undone_by) },
      changes,
    };
  }

  markOpUndone(opId: string, undoneBy: string, at: string): void {
    this.db.prepare('UPDATE identification_ops SET undone_at = ?, undone_by = ? WHERE id = ?').run(at, undoneBy, opId);
  }

  upsertConflicts(rows: readonly ConflictRecord[]): void {
    for (const c of rows) {
      this.#upsertConflict.run(
        c.id, c.kind, JSON.stringify(c.tenantIds), c.key, JSON.stringify(c.computerIds), JSON.stringify(c.ambiguousAgents), c.detail,
        c.status, c.resolution ?? null, c.resolvedBy ?? null, c.resolvedAt ?? null, c.firstSeenAt, c.updatedAt,
      );
    }
  }

  getConflict(id: string): ConflictRecord | undefined {
    const row = this.db.prepare('SELECT * FROM identification_conflicts WHERE id = ?').get(id) as ConflictDbRow | undefined;
    return row ? toConflict(row) : undefined;
  }

  listConflicts(filter: { status?: ConflictStatus; tenantId?: string } = {}): ConflictRecord[] {
    const rows = (filter.status === undefined
      ? this.db.prepare('SELECT * FROM identification_conflicts ORDER BY first_seen_at, id').all()
      : this.db.prepare('SELECT * FROM identification_conflicts WHERE status = ? ORDER BY first_seen_at, id').all(filter.status)) as ConflictDbRow[];
    const out = rows.map(toConflict);
    return filter.tenantId === undefined ? out : out.filter((c) => c.tenantIds.includes(filter.tenantId as string));
  }

  openConflictCounts(): Record<string, number> {
    const rows = this.db.prepare("SELECT kind, count(*) AS n FROM identification_conflicts WHERE status = 'open' GROUP BY kind").all() as { kind: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
  }

  conflictPage(query: ConflictPageQuery): ConflictRecord[] {
    return this.#conflictPages.page(query).map(toConflict);
  }

  upsertIdentityReports(rows: readonly IdentityReportRecord[]): void {
    for (const r of rows) this.#upsertReport.run(r.integrationId, r.agentId, r.status, r.identity ?? null, r.attempts, r.lastError ?? null, r.nextAttemptAt ?? null, r.at);
  }

  listIdentityReports(): IdentityReportRecord[] {
    const rows = this.db.prepare('SELECT * FROM identity_reports ORDER BY integration_id, agent_id').all() as {
      integration_id: string; agent_id: string; status: 'ok' | 'failed'; identity: string | null; attempts: number;
      last_error: string | null; next_attempt_at: string | null; at: string;
    }[];
    return rows.map((r) => ({
      integrationId: r.integration_id, agentId: r.agent_id, status: r.status, identity: orUndefined(r.identity), attempts: r.attempts,
      lastError: orUndefined(r.last_error), nextAttemptAt: orUndefined(r.next_attempt_at), at: r.at,
    }));
  }

  identificationMemo(): IdentificationMemo | undefined {
    return this.db.prepare('SELECT fingerprint, outcome, at FROM identification_memo WHERE id = 1').get() as IdentificationMemo | undefined;
  }

  recordIdentificationMemo(memo: IdentificationMemo): void {
    this.db.prepare(`INSERT INTO identification_memo (id, fingerprint, outcome, at) VALUES (1, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint, outcome = excluded.outcome, at = excluded.at`).run(memo.fingerprint, memo.outcome, memo.at);
  }
}

/**
 * What {@link SqliteComputerRepository.inputFingerprint} digests, each in a fixed order. The big
 * tables go in rowid order, chunked (see `ChunkedRows`): a plain table scan, where key order
 * would visit the key index and look every row up. Unchanged rows keep their rowids, so an
 * unchanged table digests the same; a row deleted and inserted again moves, and the digest
 * changes — an extra engine run, never a missed change.
 */
const FINGERPRINT_QUERIES: readonly (string | ChunkedRows)[] = [
  {
    values: ['a.integration_id', 'a.agent_id', 'a.content_hash', 'a.last_seen', 't.tenant_id'],
    from: LINKED_AGENTS,
    where: 'a.gone_at IS NULL',
    rowid: 'a.rowid',
  },
  `SELECT ${PIN_COLUMNS} FROM identification_pins ORDER BY integration_id, agent_id`,
  'SELECT integration_id, agent_id, status, identity, attempts, next_attempt_at FROM identity_reports ORDER BY integration_id, agent_id',
  { values: COMPUTER_COLUMNS.split(', '), from: 'FROM computers', rowid: 'rowid' },
  { values: LINK_COLUMNS.split(', '), from: 'FROM agent_links', rowid: 'rowid' },
  'SELECT id, status, computer_ids, ambiguous_agents, detail FROM identification_conflicts ORDER BY id',
];

/**
 * The secondary indexes of the identification tables that a bulk load rebuilds; they must
 * match migration 003 exactly (the store test compares the schema before and after).
 */
const BULK_INDEXES = [
  { name: 'computers_by_tenant', on: 'computers (tenant_id)' },
  { name: 'computers_by_name', on: 'computers (name COLLATE NOCASE, id)' },
  { name: 'agent_links_by_computer', on: 'agent_links (computer_id)' },
] as const;

/**
 * The identification tables that reference others, checked once at the end of a bulk load;
 * the store test holds this list to the schema.
 */
export const IDENTIFICATION_TABLES_WITH_FOREIGN_KEYS = ['computers', 'agent_links', 'identification_changes'] as const;

/** A bulk load that left dangling references: a bug, never the user's doing. */
function referencesBroken(broken: readonly ForeignKeyViolation[]): StoreError {
  const first = broken[0] as ForeignKeyViolation;
  return new StoreError(`Identification would have stored ${broken.length} row(s) referencing missing rows (first: ${first.table} → ${first.parent}); nothing was saved.`, {
    hint: 'This is a bug in rmm-hub: please report it together with the database file.',
    context: { broken: broken.length, table: first.table, parent: first.parent },
  });
}

/** How many rows one multi-row INSERT carries: 128 × 7 parameters stays far below SQLite's limit. */
const BATCH_ROWS = 128;

/**
 * A multi-row `INSERT … VALUES (…), (…), … [ON CONFLICT …]` over prepared statements: a first
 * identification run writes rows in the hundreds of thousands, and one statement per 128 rows instead of per row
 * saves most of the per-call cost of binding, stepping and resetting. SQLite applies the rows
 * of one statement in order, so duplicates and conflicts resolve exactly as row-by-row upserts.
 */
class BatchedInsert<T> {
  readonly #full: Database.Statement;
  readonly #one: Database.Statement;
  readonly #params: unknown[];
  readonly #width: number;

  constructor(db: Database.Database, head: string, width: number, tail: string) {
    const row = `(${new Array<string>(width).fill('?').join(', ')})`;
    this.#full = db.prepare(`${head} ${new Array<string>(BATCH_ROWS).fill(row).join(', ')}${tail}`);
    this.#one = db.prepare(`${head} ${row}${tail}`);
    this.#params = new Array<unknown>(BATCH_ROWS * width);
    this.#width = width;
  }

  /** Writes `rows`; `fill` puts one row's values into `out` from index `at`. */
  run(rows: readonly T[], fill: (row: T, out: unknown[], at: number) => void): void {
    const width = this.#width;
    const params = this.#params;
    let i = 0;
    for (; i + BATCH_ROWS <= rows.length; i += BATCH_ROWS) {
      for (let r = 0; r < BATCH_ROWS; r++) fill(rows[i + r] as T, params, r * width);
      this.#full.run(params);
    }
    const one = new Array<unknown>(width);
    for (; i < rows.length; i++) {
      fill(rows[i] as T, one, 0);
      this.#one.run(one);
    }
  }
}

interface ConflictDbRow {
  id: string; kind: string; tenant_ids: string; key: string; computer_ids: string; ambiguous_agents: string; detail: string;
  status: ConflictStatus; resolution: string | null; resolved_by: string | null; resolved_at: string | null; first_seen_at: string; updated_at: string;
}

function toComputer(r: ComputerRow): ComputerRecord {
  return { id: r[0], tenantId: r[1], name: r[2], createdAt: r[3], osInstallDate: orUndefined(r[4]), wipedInstallDate: orUndefined(r[5]), retiredAt: orUndefined(r[6]) };
}

function toLink(r: LinkRow): AgentLinkRecord {
  return { integrationId: r[0], agentId: r[1], computerId: r[2], evidence: r[3], flags: r[4], linkedAt: r[5] };
}

function toPin(r: PinRow): PinRecord {
  return { integrationId: r[0], agentId: r[1], computerId: r[2], opId: r[3], at: r[4] };
}

function toConflict(r: ConflictDbRow): ConflictRecord {
  return {
    id: r.id, kind: r.kind, tenantIds: parseJson(r.tenant_ids, []), key: r.key, computerIds: parseJson(r.computer_ids, []),
    ambiguousAgents: parseJson(r.ambiguous_agents, []), detail: r.detail, status: r.status, resolution: orUndefined(r.resolution),
    resolvedBy: orUndefined(r.resolved_by), resolvedAt: orUndefined(r.resolved_at), firstSeenAt: r.first_seen_at, updatedAt: r.updated_at,
  };
}
