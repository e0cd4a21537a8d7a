/**
 * The tenant-linking engine's records: what it concludes (links, suggestions, each with its
 * reasons) and what people decide. The engine and the store both speak them; they depend on
 * nothing else, so a store can implement linking's port without reaching into the engine.
 */

export interface LinkReason {
  /** e.g. `name`, `psa-company-id`, `domain`, `device-overlap`, `decision`. */
  kind: string;
  /** The contribution to the score, when it is scored evidence. */
  weight?: number | undefined;
  detail: string;
}

export interface TenantLinkRecord {
  integrationId: string;
  clientId: string;
  tenantId: string;
  /** `auto`: the engine linked it above the auto threshold; `manual`: a person decided. */
  source: 'auto' | 'manual';
  score?: number | undefined;
  reasons: LinkReason[];
  createdAt: string;
}

/**
 * What a person decided about one RMM client:
 * - `link`: link it to `tenantId` (the only way to link several clients of one integration to one tenant);
 * - `unlink`: remove its link to `tenantId`; while active, the client is only suggested, never auto-linked;
 * - `keep-separate`: it belongs to no tenant; never link or suggest it;
 * - `reject-suggestion`: never suggest or auto-link it to `tenantId`.
 */
export type LinkDecisionKind = 'link' | 'unlink' | 'keep-separate' | 'reject-suggestion';

export interface LinkDecisionRecord {
  id: string;
  integrationId: string;
  clientId: string;
  kind: LinkDecisionKind;
  /** Set for `link`, `unlink` and `reject-suggestion`. */
  tenantId?: string | undefined;
  actor: string;
  reason?: string | undefined;
  decidedAt: string;
  /** Set once the decision is revoked; the record itself stays. */
  revokedAt?: string | undefined;
  revokedBy?: string | undefined;
  revokeReason?: string | undefined;
}

/** A pair the engine proposes for review, ranked per client (0 = best). */
export interface LinkSuggestionRecord {
  integrationId: string;
  clientId: string;
  tenantId: string;
  score: number;
  rank: number;
  reasons: LinkReason[];
}
