/**
 * ListClients — N-central customers, then their sites (reference §4). Org-unit ids come as
 * strings and are coerced; each customer names its service org as parent and carries
 * `externalId`/`externalId2` as hints; each site names its customer. With `serviceOrgIds`
 * configured only those service orgs' customers (and their sites) are listed.
 */
import { ErrorCodes, isRmmError, type ListClients, type RmmClientInput } from '@rmm-hub/core/plugin';

import type { NcentralApi } from './client.js';
import { toId, toText } from './nc-values.js';

type Json = Record<string, unknown>;

/** A customer record → client, or undefined when it has no usable id or name. */
export function parseCustomer(record: Json, fallbackSoId?: string): RmmClientInput | undefined {
  const id = toId(record['customerId']) ?? toId(record['orgUnitId']);
  const name = toText(record['customerName']) ?? toText(record['orgUnitName']);
  if (id === undefined || name === undefined) return undefined;
  const externalIds: Record<string, string> = {};
  for (const key of ['externalId', 'externalId2'] as const) {
    const value = toText(record[key]);
    if (value !== undefined) externalIds[key] = value;
  }
  const parentId = toId(record['parentId']) ?? toId(record['soId']) ?? fallbackSoId;
  return { id, name, kind: 'customer', ...(parentId === undefined ? {} : { parentId }), hints: { externalIds, domains: [] } };
}

/** A site record → client (its parent is the customer), or undefined. */
export function parseSite(record: Json): RmmClientInput | undefined {
  const id = toId(record['siteId']) ?? toId(record['orgUnitId']);
  const name = toText(record['siteName']) ?? toText(record['orgUnitName']);
  const parentId = toId(record['parentId']) ?? toId(record['customerId']);
  if (id === undefined || name === undefined || parentId === undefined) return undefined;
  const externalIds: Record<string, string> = {};
  for (const key of ['externalId', 'externalId2'] as const) {
    const value = toText(record[key]);
    if (value !== undefined) externalIds[key] = value;
  }
  return { id, name, kind: 'site', parentId, hints: { externalIds, domains: [] } };
}

/** The ListClients capability. */
export class NcentralListClients implements ListClients {
  constructor(private readonly api: NcentralApi) {}

  async *listClients(options: { signal?: AbortSignal } = {}): AsyncIterable<RmmClientInput> {
    const { signal } = options;
    // Customer ids are kept (thousands at most) to attach sites and skip duplicates.
    const customers = new Set<string>();
    const sources = this.api.config.serviceOrgIds?.map((soId) => ({ path: '/api/service-orgs/{soId}/customers', params: { soId }, soId })) ?? [
      { path: '/api/customers', params: undefined, soId: undefined },
    ];
    const skip = (record: Json, kind: string): void =>
      this.api.skipRecord('ListClients', `${kind} ${String(record['orgUnitId'] ?? record[`${kind}Id`] ?? '(no id)')} "${String(record[`${kind}Name`] ?? record['orgUnitName'] ?? '')}"`, 'no usable id or name');
    for (const source of sources) {
      for await (const record of this.api.list<Json>(source.path, source.params, signal)) {
        const client = parseCustomer(record, source.soId);
        if (!client) {
          skip(record, 'customer');
          continue;
        }
        const id = String(client.id);
        if (customers.has(id)) continue;
        customers.add(id);
        yield client;
      }
    }
    const sites = new Set<string>();
    for await (const record of this.sites(customers, signal)) {
      const site = parseSite(record);
      if (!site) {
        skip(record, 'site');
        continue;
      }
      const id = String(site.id);
      if (sites.has(id) || !customers.has(String(site.parentId))) continue;
      sites.add(id);
      yield site;
    }
  }

  /** All sites in one list; per-customer children on servers without `/api/sites`. */
  private async *sites(customers: ReadonlySet<string>, signal: AbortSignal | undefined): AsyncGenerator<Json> {
    try {
      yield* this.api.list<Json>('/api/sites', undefined, signal);
      return;
    } catch (error) {
      if (!(isRmmError(error) && error.code === ErrorCodes.notFound)) throw error;
      this.api.logger.info('GET /api/sites is not available; reading sites per customer');
    }
    for (const customerId of customers) {
      for await (const child of this.api.list<Json>('/api/org-units/{orgUnitId}/children', { orgUnitId: customerId }, signal)) {
        yield { ...child, parentId: child['parentId'] ?? customerId };
      }
    }
  }
}
