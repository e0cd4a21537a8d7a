/**
 * A person's decisions about identification: resolving a conflict (merge, keep apart, mark
 * wiped) and undoing an operation (a run's merges and splits, or an earlier decision). Every
 * decision is an operation with before/after images, so it can itself be undone, and pins the
 * agents involved so the next run honours it.
 */
import { NotFoundError } from '../errors/index.js';
import type { AgentRef } from './model/agent-records.js';
import type { AgentLinkRecord, ConflictRecord, OpChange, PinRecord, TimelineEntry } from './model/computer-records.js';
import type { Store } from '../store/store.js';
import { IdentificationError, IdentificationErrorCodes } from './identification-errors.js';
import { parseAgentKey } from './identification.types.js';

/** How a conflict is resolved. */
export type ConflictResolution = 'merge' | 'keep-apart' | 'mark-wiped';

export interface DecisionContext {
  store: Store;
  at: string;
  actor: string;
  opId: string;
  reason?: string | undefined;
}

/** What a decision changed. */
export interface DecisionOutcome {
  opId: string;
  computerIds: string[];
  changes: number;
}

const key = (ref: AgentRef): string => `${ref.integrationId}/${ref.agentId}`;

/** Resolves an open conflict, as one unit of work: what it reads is what it changes. */
export async function resolveConflict(ctx: DecisionContext, conflictId: string, resolution: ConflictResolution): Promise<DecisionOutcome> {
  return await ctx.store.transaction(async () => resolveWithin(ctx, conflictId, resolution));
}

async function resolveWithin(ctx: DecisionContext, conflictId: string, resolution: ConflictResolution): Promise<DecisionOutcome> {
  const repo = ctx.store.computers;
  const conflict = await repo.getConflict(conflictId);
  if (conflict === undefined) {
    throw new IdentificationError(IdentificationErrorCodes.conflictNotFound, `No conflict ${conflictId}.`, { hint: 'List them with `rmm-hub computers --conflicts`.', context: { conflictId } });
  }
  if (conflict.status !== 'open') {
    throw new IdentificationError(IdentificationErrorCodes.conflictNotOpen, `Conflict ${conflictId} is ${conflict.status}.`, {
      hint: conflict.status === 'resolved' ? 'Undo its resolution first to decide again.' : 'It no longer occurs; nothing to resolve.',
      context: { conflictId, status: conflict.status },
    });
  }
  if (resolution !== 'keep-apart' && conflict.tenantIds.length > 1) {
    throw new IdentificationError(IdentificationErrorCodes.crossTenantMerge, `Conflict ${conflictId} spans tenants ${conflict.tenantIds.join(', ')}: computers are never merged across tenants.`, {
      hint: 'Fix the tenant link of the mis-linked client (rmm-hub links …), or resolve it as keep-apart if the machine really moved.',
      context: { conflictId, tenantIds: conflict.tenantIds },
    });
  }

  const changes: OpChange[] = [];
  const pins: PinRecord[] = [];
  const timeline: Omit<TimelineEntry, 'seq'>[] = [];
  const members = new Map<string, AgentLinkRecord[]>();
  for (const id of conflict.computerIds) members.set(id, await repo.linksOf(id));
  const survivor = [...members.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))[0]?.[0];
  if (survivor === undefined) throw new NotFoundError(`Conflict ${conflictId} names no computers.`);
  const existingPins = new Map((await repo.listPins()).map((p) => [key(p), p.computerId]));

  for (const [computerId, links] of members) {
    const target = resolution === 'keep-apart' ? computerId : survivor;
    for (const link of links) {
      const agent = key(link);
      if (link.computerId !== target) changes.push({ entity: 'link', key: agent, before: link.computerId, after: target });
      const pinBefore = existingPins.get(agent) ?? null;
      if (pinBefore !== target) {
        changes.push({ entity: 'pin', key: agent, before: pinBefore, after: target });
        pins.push({ integrationId: link.integrationId, agentId: link.agentId, computerId: target, opId: ctx.opId, at: ctx.at });
      }
    }
    if (target !== computerId) {
      changes.push({ entity: 'computer', key: computerId, before: null, after: ctx.at });
      timeline.push({ computerId, at: ctx.at, kind: 'resolved', opId: ctx.opId, summary: `merged into ${survivor} (${resolution})`, details: { conflictId, resolution, reason: ctx.reason } });
    }
  }
  timeline.push({
    computerId: survivor, at: ctx.at, kind: resolution === 'mark-wiped' ? 'wiped' : 'resolved', opId: ctx.opId,
    summary: resolution === 'keep-apart' ? `kept apart from ${conflict.computerIds.filter((c) => c !== survivor).join(', ')}` : `absorbed ${conflict.computerIds.filter((c) => c !== survivor).join(', ')} (${resolution})`,
    details: { conflictId, resolution, reason: ctx.reason },
  });
  if (resolution === 'keep-apart') {
    for (const computerId of conflict.computerIds) {
      if (computerId !== survivor) timeline.push({ computerId, at: ctx.at, kind: 'resolved', opId: ctx.opId, summary: `kept apart from ${survivor}`, details: { conflictId, resolution } });
    }
  }
  changes.push({ entity: 'conflict', key: conflictId, before: encodeConflictState(conflict), after: encodeConflictState({ ...conflict, status: 'resolved', resolution, resolvedBy: ctx.actor, resolvedAt: ctx.at }) });

  await applyChanges(ctx.store, changes, 'after', ctx);
  await repo.setPins(pins);
  await repo.recordOp({ id: ctx.opId, kind: 'resolve', actor: ctx.actor, at: ctx.at, summary: `${resolution} ${conflictId}` }, changes);
  await repo.appendTimeline(timeline);
  return { opId: ctx.opId, computerIds: conflict.computerIds, changes: changes.length };
}

/**
 * Undoes an operation: every change goes back to its before-image, provided nothing changed
 * it since (otherwise it refuses, naming the first change that moved on). Undoing a run also
 * pins the agents of the computers involved where they now are, so the next run does not
 * simply redo it. One unit of work: nothing can change between the check and the undo.
 */
export async function undoOperation(ctx: DecisionContext, opId: string): Promise<DecisionOutcome> {
  return await ctx.store.transaction(async () => undoWithin(ctx, opId));
}

async function undoWithin(ctx: DecisionContext, opId: string): Promise<DecisionOutcome> {
  const repo = ctx.store.computers;
  const found = await repo.getOp(opId);
  if (found === undefined) throw new IdentificationError(IdentificationErrorCodes.opNotFound, `No operation ${opId}.`, { hint: 'Operation ids are shown by `rmm-hub computer <id> --timeline`.', context: { opId } });
  if (found.op.undoneAt !== undefined) {
    throw new IdentificationError(IdentificationErrorCodes.alreadyUndone, `Operation ${opId} was already undone by ${found.op.undoneBy ?? '?'}.`, { context: { opId } });
  }
  const reverse: OpChange[] = [...found.changes].reverse().map((c) => ({ entity: c.entity, key: c.key, before: c.after, after: c.before }));
  for (const change of reverse) {
    const current = await readState(ctx.store, change);
    if (current !== change.before) {
      throw new IdentificationError(IdentificationErrorCodes.undoStale, `Cannot undo ${opId}: ${change.entity} ${change.key} has changed since (now ${current ?? 'absent'}).`, {
        hint: 'Undo the later operations first (see the computer timeline).',
        context: { opId, entity: change.entity, key: change.key },
      });
    }
  }

  const computers = new Set<string>();
  for (const c of reverse) {
    if (c.entity === 'link') for (const v of [c.before, c.after]) if (v !== null) computers.add(v);
    if (c.entity === 'computer') computers.add(c.key);
  }
  await applyChanges(ctx.store, reverse, 'after', ctx);
  const changes = [...reverse];
  if (found.op.kind === 'run') {
    const pinned = new Map((await repo.listPins()).map((p) => [key(p), p.computerId]));
    const pins: PinRecord[] = [];
    for (const computerId of [...computers].sort()) {
      for (const link of await repo.linksOf(computerId)) {
        const agent = key(link);
        if (pinned.get(agent) === computerId) continue;
        changes.push({ entity: 'pin', key: agent, before: pinned.get(agent) ?? null, after: computerId });
        pins.push({ integrationId: link.integrationId, agentId: link.agentId, computerId, opId: ctx.opId, at: ctx.at });
      }
    }
    await repo.setPins(pins);
  }
  await repo.recordOp({ id: ctx.opId, kind: 'undo', actor: ctx.actor, at: ctx.at, summary: `undo ${opId}` }, changes);
  await repo.markOpUndone(opId, ctx.opId, ctx.at);
  await repo.appendTimeline(
    [...computers].sort().map((computerId) => ({ computerId, at: ctx.at, kind: 'undone' as const, opId: ctx.opId, summary: `undid ${opId} (${found.op.summary})`, details: { undone: opId, reason: ctx.reason } })),
  );
  return { opId: ctx.opId, computerIds: [...computers].sort(), changes: reverse.length };
}

async function readState(store: Store, change: OpChange): Promise<string | null> {
  const repo = store.computers;
  switch (change.entity) {
    case 'link':
      return await repo.computerOf(parseAgentKey(change.key)) ?? null;
    case 'pin':
      return (await repo.listPins()).find((p) => key(p) === change.key)?.computerId ?? null;
    case 'computer': {
      const computer = await repo.get(change.key);
      return computer?.retiredAt ?? null;
    }
    case 'conflict': {
      const conflict = await repo.getConflict(change.key);
      return conflict === undefined ? null : encodeConflictState(conflict);
    }
  }
}

async function applyChanges(store: Store, changes: readonly OpChange[], side: 'after', ctx: DecisionContext): Promise<void> {
  const repo = store.computers;
  for (const change of changes) {
    const value = change[side];
    switch (change.entity) {
      case 'link': {
        const ref = parseAgentKey(change.key);
        const link = await repo.getLink(ref);
        if (value === null) await repo.deleteLinks([ref]);
        else {
          const target = await repo.get(value);
          if (target?.retiredAt !== undefined) await repo.upsertComputers([{ ...target, retiredAt: undefined }]);
          await repo.upsertLinks([{ ...ref, computerId: value, evidence: link?.evidence ?? '', flags: link?.flags ?? 0, linkedAt: ctx.at }]);
        }
        break;
      }
      case 'pin': {
        const ref = parseAgentKey(change.key);
        if (value === null) await repo.deletePins([ref]);
        else await repo.setPins([{ ...ref, computerId: value, opId: ctx.opId, at: ctx.at }]);
        break;
      }
      case 'computer': {
        const computer = await repo.get(change.key);
        if (computer !== undefined) await repo.upsertComputers([{ ...computer, retiredAt: value ?? undefined }]);
        break;
      }
      case 'conflict': {
        const conflict = await repo.getConflict(change.key);
        if (conflict !== undefined && value !== null) await repo.upsertConflicts([{ ...conflict, ...decodeConflictState(value), updatedAt: ctx.at }]);
        break;
      }
    }
  }
}

type ConflictState = Pick<ConflictRecord, 'status' | 'resolution' | 'resolvedBy' | 'resolvedAt'>;

function encodeConflictState(c: ConflictState): string {
  return JSON.stringify([c.status, c.resolution ?? null, c.resolvedBy ?? null, c.resolvedAt ?? null]);
}

function decodeConflictState(text: string): ConflictState {
  const [status, resolution, resolvedBy, resolvedAt] = JSON.parse(text) as [ConflictRecord['status'], string | null, string | null, string | null];
  return { status, resolution: resolution ?? undefined, resolvedBy: resolvedBy ?? undefined, resolvedAt: resolvedAt ?? undefined };
}
