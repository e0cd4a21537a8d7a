/**
 * ListClients — the RMM's customers (N-central customers and sites, Automate clients and
 * locations) as a stream. The tenant-linking engine turns them into links to the platform's
 * tenants; `hints` carry the evidence the RMM offers beyond the name.
 */
import { z } from 'zod';

import { RmmId } from './common.schema.js';
import { capabilityToken } from './token.js';

export const ClientKind = z.enum(['service-org', 'customer', 'site', 'client', 'location']);
export type ClientKind = z.infer<typeof ClientKind>;

export const ClientHints = z.object({
  /** The PSA's company id (Automate `Client.ExternalId` ↔ ConnectWise Manage company). */
  psaCompanyId: z.string().min(1).optional(),
  /** Internet domains the client is known by, lower-case. */
  domains: z.array(z.string().min(1)).default([]),
  /** Other ids the RMM keeps for the client, by name (e.g. N-central `externalId`, `externalId2`). */
  externalIds: z.record(z.string(), z.string()).default({}),
});
export type ClientHints = z.infer<typeof ClientHints>;

export const RmmClient = z.object({
  id: RmmId,
  name: z.string().trim().min(1).max(500),
  kind: ClientKind,
  /** The parent org unit: a site's customer, a customer's service org. */
  parentId: RmmId.optional(),
  hints: ClientHints.prefault({}),
});
export type RmmClient = z.infer<typeof RmmClient>;
export type RmmClientInput = z.input<typeof RmmClient>;

export interface ListClients {
  /** Streams every client the integration can see. Never collects a whole fleet in memory. */
  listClients(options?: { signal?: AbortSignal }): AsyncIterable<RmmClientInput>;
}
export const ListClients = capabilityToken<ListClients>('ListClients');
