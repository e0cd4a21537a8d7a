import { isDeepStrictEqual } from 'node:util';

import type { RmmClient } from '../capabilities/list-clients.js';
import type { StoredClient, UpsertCounts } from '../store/records.js';
import type { ClientRepository } from '../store/repositories.js';
import { asJson, copy, key, orderBy, type MemoryTables } from './memory-tables.js';

export class MemoryClientRepository implements ClientRepository {
  constructor(private readonly tables: MemoryTables) {}

  upsertMany(integrationId: string, clients: readonly RmmClient[], at: string): UpsertCounts {
    const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
    const rows = this.tables.rows.clients;
    for (const client of clients) {
      const before = rows.get(key(integrationId, client.id));
      const next: StoredClient = {
        integrationId, id: client.id, name: client.name, kind: client.kind, parentId: client.parentId, hints: asJson(client.hints),
        firstSeenAt: before?.firstSeenAt ?? at, goneAt: undefined,
      };
      if (isDeepStrictEqual(before, next)) {
        counts.unchanged++;
        continue;
      }
      rows.set(key(integrationId, client.id), next);
      this.tables.changed();
      if (before) counts.updated++;
      else counts.inserted++;
    }
    return counts;
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
