/**
 * The computer-identification engine's records as they are kept: computers, agent→computer
 * links with their evidence, sticky pins (decisions), the per-computer timeline, undoable
 * operations, the conflict queue and identities gathered by the identity script. The engine
 * and the store both speak them; they depend on nothing but each other's agent records.
 */
import type { AgentRef } from './agent-records.js';

export interface ComputerRecord {
  id: string;
  tenantId: string;
  /** A display name: the hostname of its most recently seen agent. */
  name: string;
  createdAt: string;
  /** The newest OS install date its agents report. */
  osInstallDate?: string | undefined;
  /** The OS install date of the last wipe recorded in the timeline (so a wipe is recorded once). */
  wipedInstallDate?: string | undefined;
  /** Set when the computer lost its last agent; kept so timelines and undo still resolve. */
  retiredAt?: string | undefined;
}

/** A computer as people list it: with how many agents it has, of what kind, and its open conflicts. */
export interface ComputerSummary extends ComputerRecord {
  agents: number;
  /** Older agents of a reinstall. */
  staleAgents: number;
  /** Agents still waiting for an identity report. */
  needsIdentity: number;
  openConflicts: number;
}

/** Which computers one page of a listing holds: filters, the position after which it starts, its size. */
export interface ComputerPageQuery {
  tenantId?: string | undefined;
  includeRetired?: boolean | undefined;
  /** The start of the name, in any case. */
  search?: string | undefined;
  /** The last computer of the previous page; the page starts after it in (name without case, id) order. */
  after?: { name: string; id: string } | undefined;
  limit: number;
}

export interface AgentLinkRecord extends AgentRef {
  computerId: string;
  /** Canonical encoding of the link's evidence (see `encodeEvidence` in the identification module). */
  evidence: string;
  /** Bit set: 1 stale (an older agent of a reinstall), 2 needs identity. */
  flags: number;
  linkedAt: string;
}

/** A decision that holds an agent in a computer (a resolution, or an undo). */
export interface PinRecord extends AgentRef {
  computerId: string;
  opId: string;
  at: string;
}

/** `agent-retired`, `agent-moved` and `agent-deployed` record agent actions applied in the RMM (see `agent-actions`). */
export type TimelineKind = 'merged' | 'split' | 'wiped' | 'resolved' | 'undone' | 'agent-retired' | 'agent-moved' | 'agent-deployed';

export interface TimelineEntry {
  seq: number;
  computerId: string;
  at: string;
  kind: TimelineKind;
  /** The operation that made the change: pass it to undo. */
  opId: string;
  summary: string;
  details: Record<string, unknown>;
}

export type IdentificationOpKind = 'run' | 'resolve' | 'undo';

/** One change an operation made, with what was there before, so it can be undone. */
export interface OpChange {
  entity: 'link' | 'pin' | 'computer' | 'conflict';
  /** `integrationId/agentId` for links and pins, the id for computers and conflicts. */
  key: string;
  /** Encoded previous state (a computer id, a retired-at instant, a conflict status), or null for "absent". */
  before: string | null;
  after: string | null;
}

export interface IdentificationOp {
  id: string;
  kind: IdentificationOpKind;
  actor: string;
  at: string;
  summary: string;
  undoneAt?: string | undefined;
  undoneBy?: string | undefined;
}

export type ConflictStatus = 'open' | 'resolved' | 'cleared';

/** Which conflicts one page of the queue holds: filters, the id after which it starts, its size. */
export interface ConflictPageQuery {
  /** Absent: every status. */
  status?: ConflictStatus | undefined;
  /** Conflicts that involve this tenant. */
  tenantId?: string | undefined;
  kind?: string | undefined;
  /** The last conflict of the previous page; the page starts after it in id order. */
  after?: string | undefined;
  limit: number;
}

export interface ConflictRecord {
  id: string;
  kind: string;
  tenantIds: string[];
  /** The identifier they share, `kind=value`. */
  key: string;
  computerIds: string[];
  ambiguousAgents: AgentRef[];
  detail: string;
  status: ConflictStatus;
  resolution?: string | undefined;
  resolvedBy?: string | undefined;
  resolvedAt?: string | undefined;
  firstSeenAt: string;
  updatedAt: string;
}

/** What an identity script reported (or how it failed), per agent. */
export interface IdentityReportRecord extends AgentRef {
  status: 'ok' | 'failed';
  /** JSON of the identity (AgentIdentity shape) when `ok`. */
  identity?: string | undefined;
  attempts: number;
  lastError?: string | undefined;
  /** Not before this instant will a failed agent be tried again. */
  nextAttemptAt?: string | undefined;
  at: string;
}
