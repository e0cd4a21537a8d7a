/**
 * ListClients — the RMM's customers (N-central customers and sites, Automate clients and
 * locations) as a stream. The tenant-linking engine turns them into links to the platform's
 * tenants; `hints` carry the evidence the RMM offers beyond the name.
 */
import { z } from 'zod';

import { RmmId } from './common.schema.js';
import { capabilityToken } from './token.js';

/** Schema of what an RMM client is in its RMM's own terms (N-central service org, customer or site; Automate client or location). */
export const ClientKind = z.enum(['service-org', 'customer', 'site', 'client', 'location']);
/** What an RMM client is in its RMM's own terms. */
export type ClientKind = z.infer<typeof ClientKind>;

/** Schema of the evidence an RMM holds about a client besides its name, which tenant linking scores. */
export const ClientHints = z.object({
  /** The PSA's company id (Automate `Client.ExternalId` ↔ ConnectWise Manage company). */
  psaCompanyId: z.string().min(1).optional(),
  /** Internet domains the client is known by, lower-case. */
  domains: z.array(z.string().min(1)).default([]),
  /** Other ids the RMM keeps for the client, by name (e.g. N-central `externalId`, `externalId2`). */
  externalIds: z.record(z.string(), z.string()).default({}),
});
/** Evidence about a client besides its name (PSA company id, domains, external ids). */
export type ClientHints = z.infer<typeof ClientHints>;

/** Schema of one RMM client (a customer, site or location), as ListClients streams them. */
export const RmmClient = z.object({
  id: RmmId,
  name: z.string().trim().min(1).max(500),
  kind: ClientKind,
  /** The parent org unit: a site's customer, a customer's service org. */
  parentId: RmmId.optional(),
  hints: ClientHints.prefault({}),
});
/** One RMM client, as validated by the host (see the {@link RmmClient} schema). */
export type RmmClient = z.infer<typeof RmmClient>;
/** What a plugin may yield as a client, before the schema fills defaults. */
export type RmmClientInput = z.input<typeof RmmClient>;

/** Lists the RMM's clients. Dispatched to every integration (fan-out); the sync links them to tenants. */
export interface ListClients {
  /** Streams every client the integration can see. Never collects a whole fleet in memory. */
  listClients(options?: { signal?: AbortSignal }): AsyncIterable<RmmClientInput>;
}
/** Injection token of the {@link ListClients} capability. */
export const ListClients = capabilityToken<ListClients>('ListClients');
