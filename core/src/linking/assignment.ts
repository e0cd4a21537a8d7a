/**
 * Assignment: which scored pairs become auto-links, and which are suggested for review.
 *
 * A client is auto-linked to its best tenant only when all of these hold:
 * - the score is at or above `autoLinkThreshold`;
 * - it beats the client's runner-up tenant by `autoLinkMargin` (no runner-up counts as 0);
 * - within the client's integration, no other unlinked client scores within `autoLinkMargin`
 *   of it for that tenant (one-to-one from the tenant's side too);
 * - the tenant has no link yet from any client of that integration (several clients of one
 *   integration on one tenant — sites, split accounts — happen only by a person's decision);
 * - the tenant is not the MSP's own (always linked by hand), auto-linking is enabled (the MSP
 *   tenant is linked), and nothing holds the client back (an active `unlink` decision, or a
 *   name that is also the start of another candidate's name; see linking-engine.ts).
 * Because each client proposes only its best tenant and each tenant accepts only a clear
 * winner, the outcome is one-to-one per integration without depending on processing order.
 * Every other candidate at or above `reviewThreshold` is suggested (best `maxSuggestions`).
 */
import { clientKey } from './decisions.js';
import type { LinkingConfig } from './linking.config.js';
import type { LinkSuggestion, ScoredPair } from './linking.types.js';

export interface AssignmentEntry {
  integrationId: string;
  clientId: string;
  /**
   * Scored candidates, best first (ties by tenant id); rejected tenants already removed. With
   * {@link AssignmentContext.tenantTopTwo} these may be just the leading ones: the best two
   * and the `maxSuggestions` that can be reported.
   */
  candidates: readonly ScoredPair[];
  /** Set when the client must not be auto-linked this run, saying why (an unlink decision, an ambiguous name). */
  hold?: string | undefined;
}

export interface AssignmentContext {
  config: LinkingConfig;
  autoLinking: boolean;
  mspTenantIds: ReadonlySet<string>;
  /** Tenants already linked, per integration. */
  taken: ReadonlyMap<string, ReadonlySet<string>>;
  /**
   * The two best client scores for a tenant within an integration, over every scored pair
   * (best first; -1 when missing). The engine keeps these in typed arrays while it scores,
   * so entries need not carry every scored pair as an object; without it they are computed
   * from the entries' candidates.
   */
  tenantTopTwo?: ((integrationId: string, tenantId: string) => readonly [number, number]) | undefined;
}

export interface Assignment {
  auto: ScoredPair[];
  suggestions: LinkSuggestion[];
}

/** Decides auto-links and suggestions; see the module comment for the rule. */
export function assign(entries: readonly AssignmentEntry[], ctx: AssignmentContext): Assignment {
  const { autoLinkThreshold, autoLinkMargin, reviewThreshold, maxSuggestions } = ctx.config;
  // Per integration and tenant: the two best client scores, to check the tenant-side margin.
  const bestForTenant = new Map<string, [number, number]>();
  for (const e of ctx.tenantTopTwo ? [] : entries) {
    for (const c of e.candidates) {
      const key = `${e.integrationId}\u0000${c.tenantId}`;
      const top = bestForTenant.get(key) ?? [-1, -1];
      if (c.score > top[0]) bestForTenant.set(key, [c.score, top[0]]);
      else if (c.score > top[1]) bestForTenant.set(key, [top[0], c.score]);
      else bestForTenant.set(key, top);
    }
  }
  const auto: ScoredPair[] = [];
  const suggestions: LinkSuggestion[] = [];
  const autoKeys = new Set<string>();
  for (const e of entries) {
    const [best, runnerUp] = e.candidates;
    let heldBack: string | undefined;
    if (best && best.score >= autoLinkThreshold && best.score - (runnerUp?.score ?? 0) >= autoLinkMargin) {
      const [top = -1, second = -1] = ctx.tenantTopTwo?.(e.integrationId, best.tenantId) ?? bestForTenant.get(`${e.integrationId}\u0000${best.tenantId}`) ?? [];
      if (top > best.score || best.score - second < autoLinkMargin) {
        heldBack = 'another client of this integration is about as close to this tenant';
      } else if (ctx.taken.get(e.integrationId)?.has(best.tenantId)) {
        heldBack = 'the tenant is already linked to another client of this integration; linking more takes a decision';
      } else if (ctx.mspTenantIds.has(best.tenantId)) {
        heldBack = "the MSP's own tenant is only ever linked by hand";
      } else if (!ctx.autoLinking) {
        heldBack = "auto-linking waits until the MSP's own tenant is linked by hand";
      } else if (e.hold !== undefined) {
        heldBack = e.hold;
      } else {
        auto.push(best);
        autoKeys.add(clientKey(e));
        continue;
      }
    }
    let rank = 0;
    for (const c of e.candidates) {
      if (rank >= maxSuggestions || c.score < reviewThreshold) break;
      suggestions.push({ ...c, rank, ...(rank === 0 && heldBack !== undefined ? { heldBack } : {}) });
      rank++;
    }
  }
  return { auto, suggestions };
}
