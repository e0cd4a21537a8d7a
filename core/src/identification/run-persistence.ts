/**
 * Writes one identification result: only computers, links and conflicts that changed; moves of
 * agents between computers as an undoable operation with timeline entries; wipes as lifecycle
 * entries (once per install). A result equal to what is stored writes nothing at all.
 */
import type { EmitEvent } from '../host/events.js';
import type { AgentLinkRecord, ComputerRecord, ConflictRecord, OpChange, TimelineEntry } from '../store/computer-repository.js';
import type { Store } from '../store/store.js';
import { encodeEvidence, LinkFlags } from './evidence-codec.js';
import type { IdentificationResult } from './identification.types.js';
import { parseAgentKey } from './identification.types.js';

/** The stored state a run starts from, keyed for diffing. */
export interface StoredState {
  computers: Map<string, ComputerRecord>;
  links: Map<string, AgentLinkRecord>;
  pins: Map<string, string>;
}

/** What a run changed. */
export interface RunCounts {
  computers: number;
  computersCreated: number;
  computersUpdated: number;
  computersRetired: number;
  links: number;
  linksWritten: number;
  linksRemoved: number;
  agentsMoved: number;
  conflictsOpened: number;
  conflictsCleared: number;
  lifecycleEvents: number;
  needsIdentity: number;
  stale: number;
}

/** Rows per bulk write: big enough for the repository's multi-row statements, small enough to stay in the young generation. */
const WRITE_CHUNK = 4096;

/** A run writing at least this many links, most of them new, is written as a bulk load. */
const BULK_LOAD_MIN_ROWS = 10_000;

/** Reads everything a run needs from the store. */
export function loadStoredState(store: Store): StoredState {
  const all = store.computers.loadAll();
  const computers = new Map<string, ComputerRecord>();
  for (const c of all.computers) computers.set(c.id, c);
  const links = new Map<string, AgentLinkRecord>();
  for (const l of all.links) links.set(`${l.integrationId}/${l.agentId}`, l);
  const pins = new Map<string, string>();
  for (const p of all.pins) pins.set(`${p.integrationId}/${p.agentId}`, p.computerId);
  return { computers, links, pins };
}

/** Persists `result` against `state`, inside the caller's transaction. Returns counts and the op id, if one was recorded. */
export function persistResult(
  store: Store,
  state: StoredState,
  result: IdentificationResult,
  ctx: { at: string; actor: string; newOpId: () => string; emit: EmitEvent | undefined },
): { counts: RunCounts; opId: string | undefined } {
  const { at } = ctx;
  const repo = store.computers;
  const counts: RunCounts = {
    computers: result.computers.length, computersCreated: 0, computersUpdated: 0, computersRetired: 0,
    links: result.links.length, linksWritten: 0, linksRemoved: 0, agentsMoved: 0,
    conflictsOpened: 0, conflictsCleared: 0, lifecycleEvents: 0, needsIdentity: 0, stale: 0,
  };
  const events: (() => void)[] = [];
  const emit = ctx.emit;

  // Lifecycle first: it decides the computers' wipedInstallDate.
  const wipes = new Map<string, IdentificationResult['lifecycle'][number]>();
  for (const event of result.lifecycle) {
    if (state.computers.get(event.computerId)?.wipedInstallDate !== event.osInstallDate) wipes.set(event.computerId, event);
  }

  // A run that writes most of the tables (the first one, above all) is a bulk load: the
  // store may rebuild its indexes once instead of maintaining them row by row.
  const bulk = result.links.length >= BULK_LOAD_MIN_ROWS && state.links.size * 2 < result.links.length;
  const write = (): OpChange[] => writeComputersAndLinks(store, state, result, wipes, { at, counts, events, emit });
  const moves = bulk ? repo.bulkLoad(write) : write();
  counts.agentsMoved = moves.length;

  let opId: string | undefined;
  const timeline: Omit<TimelineEntry, 'seq'>[] = [];
  if (moves.length > 0 || wipes.size > 0) {
    opId = ctx.newOpId();
    const into = new Map<string, { agent: string; from: string }[]>();
    const outOf = new Map<string, { agent: string; to: string }[]>();
    for (const move of moves) {
      const from = move.before as string;
      const to = move.after as string;
      (into.get(to) ?? into.set(to, []).get(to))?.push({ agent: move.key, from });
      (outOf.get(from) ?? outOf.set(from, []).get(from))?.push({ agent: move.key, to });
    }
    for (const [computerId, agents] of into) {
      timeline.push({ computerId, at, kind: 'merged', opId, summary: `${agents.length} agent(s) joined from ${[...new Set(agents.map((a) => a.from))].join(', ')}`, details: { agents } });
      if (emit) events.push(() => emit('computer:merged', { computerId, agents: agents.map((a) => parseAgentKey(a.agent)) }));
    }
    for (const [computerId, agents] of outOf) {
      timeline.push({ computerId, at, kind: 'split', opId, summary: `${agents.length} agent(s) left for ${[...new Set(agents.map((a) => a.to))].join(', ')}`, details: { agents } });
      if (emit) for (const to of new Set(agents.map((a) => a.to))) events.push(() => emit('computer:split', { computerId, newComputerId: to }));
    }
    for (const event of wipes.values()) {
      counts.lifecycleEvents++;
      timeline.push({
        computerId: event.computerId, at, kind: 'wiped', opId,
        summary: `re-imaged: ${event.previousHostname ?? '?'} → ${event.hostname}, OS installed ${event.osInstallDate}`,
        details: { ...event },
      });
      if (emit) events.push(() => emit('computer:lifecycle', { computerId: event.computerId, event: 'wiped' }));
    }
    repo.recordOp({ id: opId, kind: 'run', actor: ctx.actor, at, summary: `identification: ${moves.length} agent(s) moved, ${wipes.size} wipe(s)` }, moves);
    repo.appendTimeline(timeline);
  }

  const conflictCounts = persistConflicts(store, result, at, emit, events);
  counts.conflictsOpened = conflictCounts.opened;
  counts.conflictsCleared = conflictCounts.cleared;
  // Events go out after the writes are queued; the caller's transaction commits right after.
  queueMicrotask(() => {
    for (const fire of events) fire();
  });
  return { counts, opId };
}

/** Writes the computers and links that changed (in that order: links reference computers); returns the agents that moved. */
function writeComputersAndLinks(
  store: Store,
  state: StoredState,
  result: IdentificationResult,
  wipes: ReadonlyMap<string, IdentificationResult['lifecycle'][number]>,
  ctx: { at: string; counts: RunCounts; events: (() => void)[]; emit: EmitEvent | undefined },
): OpChange[] {
  const { at, counts, events, emit } = ctx;
  const repo = store.computers;
  // Rows are written in chunks as they are made, not collected first: a first run makes
  // 340,000 of them, and rows that die young never get copied by the garbage collector.
  const computerRows: ComputerRecord[] = [];
  const flushComputers = (): void => {
    // splice hands the repository an array of its own and empties ours.
    if (computerRows.length > 0) repo.upsertComputers(computerRows.splice(0));
  };
  // Stored computers this result still has: when that is all of them, none retires and the
  // 140,000-entry set of active ids below is never built.
  let kept = 0;
  for (const c of result.computers) {
    const existing = state.computers.get(c.id);
    if (existing !== undefined) kept++;
    const row: ComputerRecord = {
      id: c.id,
      tenantId: c.tenantId,
      name: c.name,
      createdAt: existing?.createdAt ?? at,
      osInstallDate: c.osInstallDate,
      wipedInstallDate: wipes.get(c.id)?.osInstallDate ?? existing?.wipedInstallDate,
      retiredAt: undefined,
    };
    if (existing === undefined) {
      counts.computersCreated++;
      computerRows.push(row);
      if (emit) events.push(() => emit('computer:created', { computerId: c.id, tenantId: c.tenantId }));
    } else if (
      existing.tenantId !== row.tenantId || existing.name !== row.name || existing.osInstallDate !== row.osInstallDate ||
      existing.wipedInstallDate !== row.wipedInstallDate || existing.retiredAt !== undefined
    ) {
      counts.computersUpdated++;
      computerRows.push(row);
    }
    if (computerRows.length >= WRITE_CHUNK) flushComputers();
  }
  if (kept < state.computers.size) {
    const active = new Set<string>();
    for (const c of result.computers) active.add(c.id);
    for (const existing of state.computers.values()) {
      if (existing.retiredAt === undefined && !active.has(existing.id)) {
        counts.computersRetired++;
        computerRows.push({ ...existing, retiredAt: at });
      }
    }
  }
  // Computers first (links reference them), retired ones last so no link points at a missing row.
  flushComputers();

  // Stored links the result no longer has. Only when some are gone is the set of seen keys built.
  let removed: ReturnType<typeof parseAgentKey>[] = [];
  if (state.links.size > 0) {
    let found = 0;
    for (const link of result.links) if (state.links.has(link.key)) found++;
    if (found < state.links.size) {
      const seen = new Set<string>();
      for (const link of result.links) seen.add(link.key);
      removed = [...state.links.keys()].filter((key) => !seen.has(key)).map(parseAgentKey);
    }
  }
  counts.linksRemoved = removed.length;
  if (removed.length > 0) repo.deleteLinks(removed);

  const linkRows: AgentLinkRecord[] = [];
  const moves: OpChange[] = [];
  for (const link of result.links) {
    const evidence = encodeEvidence(link.evidence);
    const flags = (link.stale ? LinkFlags.stale : 0) | (link.needsIdentity ? LinkFlags.needsIdentity : 0);
    if (link.stale) counts.stale++;
    if (link.needsIdentity) counts.needsIdentity++;
    const existing = state.links.get(link.key);
    if (existing !== undefined && existing.computerId === link.computerId && existing.evidence === evidence && existing.flags === flags) continue;
    if (existing !== undefined && existing.computerId !== link.computerId) {
      moves.push({ entity: 'link', key: link.key, before: existing.computerId, after: link.computerId });
    }
    counts.linksWritten++;
    linkRows.push({
      integrationId: link.integrationId,
      agentId: link.agentId,
      computerId: link.computerId,
      evidence,
      flags,
      linkedAt: existing !== undefined && existing.computerId === link.computerId ? existing.linkedAt : at,
    });
    if (linkRows.length >= WRITE_CHUNK) repo.upsertLinks(linkRows.splice(0));
  }
  if (linkRows.length > 0) repo.upsertLinks(linkRows);
  return moves;
}

function persistConflicts(store: Store, result: IdentificationResult, at: string, emit: EmitEvent | undefined, events: (() => void)[]): { opened: number; cleared: number } {
  const repo = store.computers;
  const existing = new Map(repo.listConflicts().map((c) => [c.id, c]));
  const rows: ConflictRecord[] = [];
  let opened = 0;
  let cleared = 0;
  const current = new Set<string>();
  for (const c of result.conflicts) {
    current.add(c.id);
    const before = existing.get(c.id);
    const status = before === undefined || before.status === 'cleared' ? 'open' : before.status;
    const row: ConflictRecord = {
      id: c.id, kind: c.kind, tenantIds: c.tenantIds, key: c.key, computerIds: c.computerIds, ambiguousAgents: c.ambiguousAgents,
      detail: c.detail, status, resolution: before?.resolution, resolvedBy: before?.resolvedBy, resolvedAt: before?.resolvedAt,
      firstSeenAt: before?.firstSeenAt ?? at, updatedAt: at,
    };
    if (
      before !== undefined && before.status === status && before.detail === row.detail &&
      before.computerIds.join(',') === row.computerIds.join(',') && JSON.stringify(before.ambiguousAgents) === JSON.stringify(row.ambiguousAgents)
    ) continue;
    if (status === 'open' && before?.status !== 'open') {
      opened++;
      if (emit) events.push(() => emit('computer:conflict', { conflictId: c.id, kind: c.kind }));
    }
    rows.push(row);
  }
  for (const before of existing.values()) {
    if (before.status === 'open' && !current.has(before.id)) {
      cleared++;
      rows.push({ ...before, status: 'cleared', updatedAt: at });
    }
  }
  if (rows.length > 0) repo.upsertConflicts(rows);
  return { opened, cleared };
}
