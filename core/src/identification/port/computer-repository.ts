/**
 * Persistence of the computer-identification engine: computers, agent→computer links with
 * their evidence, sticky pins (decisions), the per-computer timeline, undoable operations,
 * the conflict queue and identities gathered by the identity script.
 *
 * Writes take arrays so an implementation can run them through prepared statements inside
 * the caller's {@link Store.transaction}; the identification service writes only rows that
 * changed, which is what lets a run with no change write nothing.
 */
import type { AgentRef } from '../model/agent-records.js';
import type {
  AgentLinkRecord,
  ComputerPageQuery,
  ComputerRecord,
  ComputerSummary,
  ConflictPageQuery,
  ConflictRecord,
  ConflictStatus,
  IdentificationOp,
  IdentityReportRecord,
  OpChange,
  PinRecord,
  TimelineEntry,
} from '../model/computer-records.js';

export interface ComputerRepository {
  get(computerId: string): Promise<ComputerRecord | undefined>;
  /** The agents identified as this computer, newest first. */
  agentsOf(computerId: string): Promise<AgentRef[]>;
  computerOf(agent: AgentRef): Promise<string | undefined>;

  list(filter?: { tenantId?: string; includeRetired?: boolean }): Promise<ComputerRecord[]>;
  /**
   * One page of computers in (name without case, id) order with their agent and open-conflict counts,
   * reading only that page's rows: what the HTTP API lists at any fleet size.
   */
  page(query: ComputerPageQuery): Promise<ComputerSummary[]>;
  /** Every computer, link and pin: what the next identification run starts from. Streams rows. */
  loadAll(): Promise<{ computers: ComputerRecord[]; links: AgentLinkRecord[]; pins: PinRecord[] }>;
  linksOf(computerId: string): Promise<AgentLinkRecord[]>;
  getLink(agent: AgentRef): Promise<AgentLinkRecord | undefined>;
  /** Links pointing at the computers (retired ones included) of one tenant. */
  linksToTenant(tenantId: string): Promise<AgentLinkRecord[]>;
  /** Tenants with at least one computer not retired, in id order. */
  tenantsWithActiveComputers(): Promise<string[]>;
  /** How many computers and links are stored. */
  counts(): Promise<{ computers: number; links: number }>;

  upsertComputers(rows: readonly ComputerRecord[]): Promise<void>;
  upsertLinks(rows: readonly AgentLinkRecord[]): Promise<void>;
  /**
   * Runs `work` — an identification run that writes most rows of the computer and link tables,
   * the first run above all — as one unit of work (see `Store.transaction`), as a bulk load: a store may suspend
   * maintaining its secondary indexes and checking references row by row, rebuilding the
   * indexes and checking every reference once at the end (a dangling one fails the whole
   * unit). What `work` reads and stores is the same as in a plain unit of work. Called
   * inside one, it joins it and may bulk-load less. `work` must not delete rows that
   * others reference.
   */
  bulkLoad<T>(work: () => Promise<T>): Promise<T>;
  /**
   * A digest of everything an identification run reads from the store — the live agents of
   * linked clients (content and presence), which tenant each client is linked to, pins,
   * identity-script reports — and of what the last run wrote (computers, links, conflicts), so
   * a decision or an undo counts as a change too. Equal digests: a run would change nothing.
   */
  inputFingerprint(): Promise<string>;
  deleteLinks(refs: readonly AgentRef[]): Promise<void>;
  /** Deletes each link that still points at the given computer; returns how many went. */
  deleteLinksTo(rows: readonly (AgentRef & { computerId: string })[]): Promise<number>;
  setPins(rows: readonly PinRecord[]): Promise<void>;
  deletePins(refs: readonly AgentRef[]): Promise<void>;
  listPins(computerId?: string): Promise<PinRecord[]>;

  appendTimeline(entries: readonly Omit<TimelineEntry, 'seq'>[]): Promise<void>;
  timeline(computerId: string): Promise<TimelineEntry[]>;

  recordOp(op: IdentificationOp, changes: readonly OpChange[]): Promise<void>;
  getOp(opId: string): Promise<{ op: IdentificationOp; changes: OpChange[] } | undefined>;
  markOpUndone(opId: string, undoneBy: string, at: string): Promise<void>;

  upsertConflicts(rows: readonly ConflictRecord[]): Promise<void>;
  getConflict(id: string): Promise<ConflictRecord | undefined>;
  listConflicts(filter?: { status?: ConflictStatus; tenantId?: string }): Promise<ConflictRecord[]>;
  /** How many conflicts are open, by kind (kinds with none left out): what a dashboard shows without reading them. */
  openConflictCounts(): Promise<Record<string, number>>;
  /** One page of the conflict queue in id order, filtered in the store, reading only that page's rows: what the HTTP API lists however long the queue grows. */
  conflictPage(query: ConflictPageQuery): Promise<ConflictRecord[]>;

  /**
   * Stores each agent's report. A failed report never replaces an `ok` one: the answer a script
   * gave stays, whatever a later or concurrent attempt that failed says.
   */
  upsertIdentityReports(rows: readonly IdentityReportRecord[]): Promise<void>;
  listIdentityReports(): Promise<IdentityReportRecord[]>;

  /** What the last identification run recorded of itself (see {@link IdentificationMemo}); none before the first. */
  identificationMemo(): Promise<IdentificationMemo | undefined>;
  /** Replaces the recorded {@link IdentificationMemo}. */
  recordIdentificationMemo(memo: IdentificationMemo): Promise<void>;
}

/**
 * What an identification run leaves for the next sync, in this process or another: the
 * fingerprint of the inputs it identified and its outcome. A sync whose inputs still have that
 * fingerprint would write nothing, and reports the outcome instead of running again.
 */
export interface IdentificationMemo {
  fingerprint: string;
  /** The outcome as the sync reports it, serialised by the sync (opaque to the store). */
  outcome: string;
  at: string;
}
