/**
 * Persistence of the tenant-linking engine: links, decisions and current suggestions.
 * Decisions are sticky facts (who, when, why) and are revoked, never deleted.
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

/** How a replace-all write went; unchanged rows are not written. */
export interface ReplaceCounts {
  inserted: number;
  updated: number;
  deleted: number;
  unchanged: number;
}

export interface LinkRepository {
  listLinks(filter?: { integrationId?: string; tenantId?: string }): TenantLinkRecord[];
  /**
   * A digest of everything a linking run reads (clients, tenants, decisions) and writes (links,
   * suggestions). Equal digests: a run would change nothing.
   */
  inputFingerprint(): string;
  getLink(integrationId: string, clientId: string): TenantLinkRecord | undefined;
  /**
   * Inserts or updates the client's link. An update keeps `createdAt` unless the tenant
   * changes. Returns false, writing nothing, when the stored link already equals it.
   */
  putLink(link: TenantLinkRecord): boolean;
  /** Removes the client's link; returns the removed link, if there was one. */
  removeLink(integrationId: string, clientId: string): TenantLinkRecord | undefined;

  insertDecision(decision: Omit<LinkDecisionRecord, 'revokedAt' | 'revokedBy' | 'revokeReason'>): LinkDecisionRecord;
  /** Marks an active decision revoked. Returns false when it is unknown or already revoked. */
  revokeDecision(id: string, revocation: { actor: string; at: string; reason?: string | undefined }): boolean;
  getDecision(id: string): LinkDecisionRecord | undefined;
  /** Oldest first. Revoked decisions only with `includeRevoked`. */
  listDecisions(filter?: { integrationId?: string; clientId?: string; includeRevoked?: boolean }): LinkDecisionRecord[];

  /** Ordered by integration, client, rank. */
  listSuggestions(filter?: { integrationId?: string; clientId?: string }): LinkSuggestionRecord[];
  /**
   * Makes the stored suggestions exactly `suggestions` (all integrations), writing only the
   * rows that differ.
   */
  replaceSuggestions(suggestions: readonly LinkSuggestionRecord[]): ReplaceCounts;
}
