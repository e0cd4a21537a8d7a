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

export interface LinkRepository {
  listLinks(filter?: { integrationId?: string; tenantId?: string }): TenantLinkRecord[];
}
