/**
 * Folds a client's active decisions into one stance the engine obeys on every run.
 *
 * Precedence: the most recent of `link`, `unlink` and `keep-separate` (by `decidedAt`, then id)
 * sets the stance; `reject-suggestion` decisions accumulate beside it. The service revokes a
 * client's previous stance whenever it records a new one, so normally there is only one; the
 * precedence makes the engine well defined even if there are several.
 */
import type { ActiveDecision, ClientRef } from './linking.types.js';

export interface ClientStance {
  /** The decision that sets the stance, if any. */
  stance?: ActiveDecision | undefined;
  /** Tenants this client must never be auto-linked to or suggested for. */
  rejected: ReadonlySet<string>;
  /** True while an `unlink` is the stance: the client is only ever suggested. */
  noAuto: boolean;
}

/** The key of a client in maps: integration and client id, which cannot contain a NUL. */
export function clientKey(ref: ClientRef): string {
  return `${ref.integrationId}\u0000${ref.clientId}`;
}

function newer(a: ActiveDecision, b: ActiveDecision): boolean {
  return a.decidedAt > b.decidedAt || (a.decidedAt === b.decidedAt && a.id > b.id);
}

/** Stances by {@link clientKey}. Clients without decisions are absent. */
export function resolveDecisions(decisions: readonly ActiveDecision[]): Map<string, ClientStance> {
  const byClient = new Map<string, { stance?: ActiveDecision; rejects: string[] }>();
  for (const d of decisions) {
    const key = clientKey(d);
    const entry = byClient.get(key) ?? { rejects: [] };
    byClient.set(key, entry);
    if (d.kind === 'reject-suggestion') {
      if (d.tenantId !== undefined) entry.rejects.push(d.tenantId);
    } else if (!entry.stance || newer(d, entry.stance)) {
      entry.stance = d;
    }
  }
  const out = new Map<string, ClientStance>();
  for (const [key, { stance, rejects }] of byClient) {
    const rejected = new Set(rejects);
    if (stance?.kind === 'unlink' && stance.tenantId !== undefined) rejected.add(stance.tenantId);
    // A person's link overrides their own earlier rejection of the same tenant.
    if (stance?.kind === 'link' && stance.tenantId !== undefined) rejected.delete(stance.tenantId);
    out.set(key, { stance, rejected, noAuto: stance?.kind === 'unlink' });
  }
  return out;
}
