import type { RmmClient } from '../capabilities/list-clients.js';
import type { StoredClient, UpsertCounts } from '../store/records.js';
import type { ClientRepository } from '../store/repositories.js';
import { asJson, copy, key, orderBy, upsertEach, type MemoryTables } from './memory-tables.js';

export class MemoryClientRepository implements ClientRepository {
  constructor(private readonly tables: MemoryTables) {}

  upsertMany(integrationId: string, clients: readonly RmmClient[], at: string): UpsertCounts {
    return upsertEach(this.tables, this.tables.rows.clients, clients, (c) => key(integrationId, c.id), (client, before): StoredClient => ({
      integrationId, id: client.id, name: client.name, kind: client.kind, parentId: client.parentId, hints: asJson(client.hints),
      firstSeenAt: before?.firstSeenAt ?? at, goneAt: undefined,
    }));
  }

  markGone(integrationId: string, seenIds: ReadonlySet<string>, at: string): number {
    let marked = 0;
    for (const client of this.tables.rows.clients.values()) {
      if (client.integrationId !== integrationId || client.goneAt !== undefined || seenIds.has(client.id)) continue;
      client.goneAt = at;
      marked++;
    }
    this.tables.changed(marked);
    return marked;
  }

  get(integrationId: string, clientId: string): StoredClient | undefined {
    return copy(this.tables.rows.clients.get(key(integrationId, clientId)));
  }

  list(filter: { integrationId?: string; includeGone?: boolean } = {}): StoredClient[] {
    const rows = [...this.tables.rows.clients.values()].filter(
      (c) => (filter.integrationId === undefined || c.integrationId === filter.integrationId) && (filter.includeGone === true || c.goneAt === undefined),
    );
    return orderBy(copy(rows), (c) => c.integrationId, (c) => c.id);
  }
}
