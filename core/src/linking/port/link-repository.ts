/**
 * Persistence of the tenant-linking engine: links, decisions and current suggestions.
 * Decisions are sticky facts (who, when, why) and are revoked, never deleted.
 */
import type { LinkDecisionRecord, LinkSuggestionRecord, TenantLinkRecord } from '../model/link-records.js';

/** How a replace-all write went; unchanged rows are not written. */
export interface ReplaceCounts {
  inserted: number;
  updated: number;
  deleted: number;
  unchanged: number;
}

export interface LinkRepository {
  listLinks(filter?: { integrationId?: string; tenantId?: string }): Promise<TenantLinkRecord[]>;
  /**
   * A digest of everything a linking run reads (clients, tenants, decisions) and writes (links,
   * suggestions). Equal digests: a run would change nothing.
   */
  inputFingerprint(): Promise<string>;
  getLink(integrationId: string, clientId: string): Promise<TenantLinkRecord | undefined>;
  /**
   * Inserts or updates the client's link. An update keeps `createdAt` unless the tenant
   * changes. Returns false, writing nothing, when the stored link already equals it.
   */
  putLink(link: TenantLinkRecord): Promise<boolean>;
  /** Removes the client's link; returns the removed link, if there was one. */
  removeLink(integrationId: string, clientId: string): Promise<TenantLinkRecord | undefined>;

  insertDecision(decision: Omit<LinkDecisionRecord, 'revokedAt' | 'revokedBy' | 'revokeReason'>): Promise<LinkDecisionRecord>;
  /** Marks an active decision revoked. Returns false when it is unknown or already revoked. */
  revokeDecision(id: string, revocation: { actor: string; at: string; reason?: string | undefined }): Promise<boolean>;
  getDecision(id: string): Promise<LinkDecisionRecord | undefined>;
  /** Oldest first. Revoked decisions only with `includeRevoked`. */
  listDecisions(filter?: { integrationId?: string; clientId?: string; includeRevoked?: boolean }): Promise<LinkDecisionRecord[]>;

  /** Ordered by integration, client, rank. */
  listSuggestions(filter?: { integrationId?: string; clientId?: string }): Promise<LinkSuggestionRecord[]>;
  /**
   * Makes the stored suggestions exactly `suggestions` (all integrations), writing only the
   * rows that differ.
   */
  replaceSuggestions(suggestions: readonly LinkSuggestionRecord[]): Promise<ReplaceCounts>;
}
