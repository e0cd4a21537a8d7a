/** What the agent actions (retire, move, deploy) share: how an outcome is reported and how actions are named. */
import { randomUUID } from 'node:crypto';

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
