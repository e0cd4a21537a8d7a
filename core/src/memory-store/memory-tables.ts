/**
 * The rows of a {@link MemoryStore}, one map per table, and its unit of work: a transaction
 * keeps a copy of every table and puts it back when the work throws, so a unit of work is
 * written whole or not at all, as in a database. A nested call is part of the outer one (the
 * outer one failing takes it too) and, like SQLite's savepoint, undoes only itself when it fails.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';

import type { AgentLinkRecord, ComputerRecord, ConflictRecord, IdentificationOp, IdentityReportRecord, OpChange, PinRecord, TimelineEntry } from '../identification/model/computer-records.js';
import { tenantOfAgent } from '../linking/model/agent-tenant.js';
import type { LinkDecisionRecord, LinkSuggestionRecord, TenantLinkRecord } from '../linking/model/link-records.js';
import type { ApiTokenRecord } from '../store/api-token-repository.js';
import type { IdentificationMemo } from '../identification/port/computer-repository.js';
import type { LockHolder, ProcessRef } from '../store/process-locks.js';
import type { AuditEntry, IntegrationRecord, ScriptRunRecord, StoredAgent, StoredClient, SyncRunRecord, TenantRecord, UpsertCounts } from '../store/records.js';

/** A sync run with the process that owns it and its place in start order. */
export interface SyncRunRow extends SyncRunRecord {
  owner: ProcessRef;
  order: number;
}

export interface Rows {
  integrations: Map<string, IntegrationRecord>;
  tenants: Map<string, TenantRecord>;
  /** By {@link key}(integration, client). */
  clients: Map<string, StoredClient>;
  /** By {@link key}(integration, agent); map order is insertion order, like SQLite's rowid. */
  agents: Map<string, StoredAgent>;
  /** By {@link key}(integration, agent): when its identity was last read on its own, and against what. */
  identityChecks: Map<string, { checkedAt: string; basis: string }>;
  syncRuns: Map<string, SyncRunRow>;
  scriptRuns: Map<string, ScriptRunRecord>;
  audit: AuditEntry[];
  locks: Map<string, LockHolder>;
  integrationState: Map<string, string>;
  tenantLinks: Map<string, TenantLinkRecord>;
  decisions: Map<string, LinkDecisionRecord>;
  /** By {@link key}(integration, client, tenant). */
  suggestions: Map<string, LinkSuggestionRecord>;
  computers: Map<string, ComputerRecord>;
  /** By {@link key}(integration, agent). */
  agentLinks: Map<string, AgentLinkRecord>;
  pins: Map<string, PinRecord>;
  timeline: TimelineEntry[];
  ops: Map<string, { op: IdentificationOp; changes: OpChange[] }>;
  conflicts: Map<string, ConflictRecord>;
  identityReports: Map<string, IdentityReportRecord>;
  /** By token id; the secret's hash is kept beside the record, never handed out. */
  apiTokens: Map<string, ApiTokenRecord & { secretHash: string }>;
  /** What the last identification run recorded of itself. */
  identificationMemo: IdentificationMemo | undefined;
  /** The last number handed out per sequence; rolled back with the rows, as SQLite's are. */
  sequences: { audit: number; timeline: number; syncRuns: number };
}

function emptyRows(): Rows {
  return {
    integrations: new Map(), tenants: new Map(), clients: new Map(), agents: new Map(), identityChecks: new Map(), syncRuns: new Map(), scriptRuns: new Map(),
    audit: [], locks: new Map(), integrationState: new Map(), tenantLinks: new Map(), decisions: new Map(), suggestions: new Map(),
    computers: new Map(), agentLinks: new Map(), pins: new Map(), timeline: [], ops: new Map(), conflicts: new Map(), identityReports: new Map(), apiTokens: new Map(), identificationMemo: undefined,
    sequences: { audit: 0, timeline: 0, syncRuns: 0 },
  };
}

export class MemoryTables {
  /** Replaced wholesale on rollback: repositories read it afresh on every call. */
  rows: Rows = emptyRows();
  #changes = 0;

  /** The outer unit of work under way in this async context, if any: nested units join it. */
  readonly #unit = new AsyncLocalStorage<true>();
  /** Settles when the last unit of work queued so far has ended: units take turns, as on one database connection. */
  #turn: Promise<unknown> = Promise.resolve();

  /**
   * A unit of work: written whole or not at all. Units take turns; a nested call runs inside the
   * outer one and, when it fails, undoes only itself. A repository call made outside any unit
   * while one is under way is not isolated from it (a test store, used one caller at a time).
   */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.#unit.getStore()) return this.#undoingOnFailure(work);
    const turn = this.#turn.then(() => this.#unit.run(true, () => this.#undoingOnFailure(work)));
    this.#turn = turn.catch(() => undefined);
    return turn;
  }

  /** A synchronous step of one repository method: written whole or not at all. */
  atomically<T>(work: () => T): T {
    const before = structuredClone(this.rows);
    try {
      return work();
    } catch (error) {
      this.rows = before;
      throw error;
    }
  }

  async #undoingOnFailure<T>(work: () => Promise<T>): Promise<T> {
    const before = structuredClone(this.rows);
    try {
      return await work();
    } catch (error) {
      this.rows = before;
      throw error;
    }
  }

  /** Counts rows written, like SQLite's `total_changes()`: a write that changes nothing is not made. */
  changed(rows = 1): void {
    this.#changes += rows;
  }

  get changes(): number {
    return this.#changes;
  }
}

/**
 * A digest of the rows an engine reads and writes, for `inputFingerprint`: equal when, and
 * (short of a hash collision) only when, the rows are equal, in the order given.
 */
export function digestOf(rows: unknown): string {
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex');
}

/**
 * Writes each of `items` to `table` under `keyOf(item)` as `build` makes it from the item and the
 * stored row, unless `same` finds the stored row already equal: such an item is counted
 * unchanged and not written.
 */
export function upsertEach<I, R>(
  tables: MemoryTables,
  table: Map<string, R>,
  items: readonly I[],
  keyOf: (item: I) => string,
  build: (item: I, before: R | undefined) => R,
  same: (before: R, next: R) => boolean = isDeepStrictEqual,
): UpsertCounts {
  const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  for (const item of items) {
    const before = table.get(keyOf(item));
    const next = build(item, before);
    if (before !== undefined && same(before, next)) {
      counts.unchanged++;
      continue;
    }
    table.set(keyOf(item), next);
    tables.changed();
    if (before === undefined) counts.inserted++;
    else counts.updated++;
  }
  return counts;
}

/** A composite key of a table. */
export function key(...parts: string[]): string {
  return parts.join('\u0000');
}

/** The tenant of a live or gone agent by the stored links: its site's link first, then its client's. */
export function linkedTenantOf(tables: MemoryTables, agent: StoredAgent): string | undefined {
  return tenantOfAgent(agent, (integrationId, clientId) => tables.rows.tenantLinks.get(key(integrationId, clientId))?.tenantId);
}

/** A copy for a caller, so what it does with a record never changes the stored row. */
export const copy = <T>(value: T): T => structuredClone(value);

/** A value as a JSON column gives it back (undefined properties gone), so equal content compares equal. */
export const asJson = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

type SortValue = string | number | undefined;

/**
 * Sorts like SQL's `ORDER BY` on TEXT with SQLite's default collation: strings by their UTF-8
 * bytes (code-point order, which JavaScript's `<` on UTF-16 units is not), NULL first ascending;
 * `desc` keys reversed. Stable, so ties keep insertion order.
 */
export function orderBy<T>(rows: T[], ...keys: ((row: T) => SortValue | { desc: SortValue })[]): T[] {
  return rows.sort((a, b) => {
    for (const of of keys) {
      const [x, y] = [of(a), of(b)];
      const desc = isDesc(x);
      const order = compare(desc ? x.desc : (x as SortValue), isDesc(y) ? y.desc : (y as SortValue));
      if (order !== 0) return desc ? -order : order;
    }
    return 0;
  });
}

function isDesc(value: SortValue | { desc: SortValue }): value is { desc: SortValue } {
  return typeof value === 'object';
}

function compare(a: SortValue, b: SortValue): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return compareText(String(a), String(b));
}

/** Text in SQLite's default order: by UTF-8 bytes, which is code-point order. */
export function compareText(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** SQLite's NOCASE collation: A–Z compare as a–z, every other character as itself. */
export function foldAsciiCase(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}
