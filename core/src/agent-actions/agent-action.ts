/** What the agent actions (retire, move, deploy) share: how an outcome is reported, how actions are named and recorded. */
import { randomUUID } from 'node:crypto';

import type { AuditEntry } from '../store/records.js';
import type { TimelineEntry } from '../identification/model/computer-records.js';
import type { Store } from '../store/store.js';

/**
 * `done`: the RMM confirmed it. `failed`: the RMM refused or the call failed — nothing is
 * recorded as done. `skipped`: no longer safe since the preview. `manual`: the integration
 * cannot do it through its API.
 */
export type AgentActionOutcomeStatus = 'done' | 'failed' | 'skipped' | 'manual';

/** An id for one applied action: the audit entries and the timeline entry carry it. */
export function newActionId(kind: 'retire' | 'move' | 'deploy'): string {
  return `act_${kind}_${Date.now().toString(36)}_${randomUUID().slice(0, 8)}`;
}

/** A failure as the audit log and the CLI show it: `[RMM_ERR_…] message`. */
export function errorText(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const code = (cause as { code?: unknown }).code;
  return typeof code === 'string' ? `[${code}] ${cause.message}` : cause.message;
}

/**
 * Records an action the RMM confirmed: its audit entry and the computer's timeline entry, at
 * the same instant, in one transaction (with `alsoStore`, e.g. the agent as the RMM now lists it).
 */
export async function recordDone(
  store: Store,
  audit: Omit<AuditEntry, 'seq' | 'at'> & { at: string },
  timeline: Omit<TimelineEntry, 'seq' | 'at'>,
  alsoStore?: () => Promise<unknown>,
): Promise<void> {
  await store.transaction(async () => {
    await alsoStore?.();
    await store.audit.append(audit);
    await store.computers.appendTimeline([{ ...timeline, at: audit.at }]);
  });
}
