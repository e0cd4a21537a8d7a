import type Database from 'better-sqlite3';

import type { ClientRepository, RmmClient, StoredClient, UpsertCounts } from '@rmm-hub/core';

import { contentHash, orUndefined, parseJson } from '../json-column.js';
import type { Synchronous } from '../gated-repository.js';

interface ClientRow {
  integration_id: string;
  client_id: string;
  name: string;
  kind: RmmClient['kind'];
  parent_id: string | null;
  hints: string;
  content_hash: string;
  first_seen_at: string;
  gone_at: string | null;
}

export class SqliteClientRepository implements Synchronous<ClientRepository> {
  readonly #existing: Database.Statement<[string, string], Pick<ClientRow, 'content_hash' | 'gone_at'>>;
  readonly #insert: Database.Statement;
  readonly #update: Database.Statement;
  readonly #activeIds: Database.Statement<[string], { client_id: string }>;
  readonly #markGone: Database.Statement;
  readonly #get: Database.Statement<[string, string], ClientRow>;

  constructor(private readonly db: Database.Database) {
    this.#existing = db.prepare('SELECT content_hash, gone_at FROM rmm_clients WHERE integration_id = ? AND client_id = ?');
    this.#insert = db.prepare(`INSERT INTO rmm_clients
      (integration_id, client_id, name, kind, parent_id, hints, content_hash, first_seen_at)
      VALUES (@integrationId, @id, @name, @kind, @parentId, @hints, @hash, @at)`);
    this.#update = db.prepare(`UPDATE rmm_clients SET name = @name, kind = @kind, parent_id = @parentId,
      hints = @hints, content_hash = @hash, gone_at = NULL WHERE integration_id = @integrationId AND client_id = @id`);
    this.#activeIds = db.prepare('SELECT client_id FROM rmm_clients WHERE integration_id = ? AND gone_at IS NULL');
    this.#markGone = db.prepare('UPDATE rmm_clients SET gone_at = ? WHERE integration_id = ? AND client_id = ?');
    this.#get = db.prepare('SELECT * FROM rmm_clients WHERE integration_id = ? AND client_id = ?');
  }

  upsertMany(integrationId: string, clients: readonly RmmClient[], at: string): UpsertCounts {
    const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
    this.db.transaction(() => {
      for (const client of clients) {
        const hash = contentHash([client.name, client.kind, client.parentId, client.hints]);
        const existing = this.#existing.get(integrationId, client.id);
        const row = {
          integrationId,
          id: client.id,
          name: client.name,
          kind: client.kind,
          parentId: client.parentId ?? null,
          hints: JSON.stringify(client.hints),
          hash,
          at,
        };
        if (!existing) {
          this.#insert.run(row);
          counts.inserted++;
        } else if (existing.content_hash !== hash || existing.gone_at !== null) {
          this.#update.run(row);
          counts.updated++;
        } else {
          counts.unchanged++;
        }
      }
    }).immediate();
    return counts;
  }

  markGone(integrationId: string, seenIds: ReadonlySet<string>, at: string): number {
    let marked = 0;
    this.db.transaction(() => {
      for (const { client_id } of this.#activeIds.all(integrationId)) {
        if (!seenIds.has(client_id)) marked += this.#markGone.run(at, integrationId, client_id).changes;
      }
    }).immediate();
    return marked;
  }

  get(integrationId: string, clientId: string): StoredClient | undefined {
    const row = this.#get.get(integrationId, clientId);
    return row ? toClient(row) : undefined;
  }

  list(filter: { integrationId?: string; includeGone?: boolean } = {}): StoredClient[] {
    const where: string[] = [];
    const args: string[] = [];
    if (filter.integrationId !== undefined) {
      where.push('integration_id = ?');
      args.push(filter.integrationId);
    }
    if (!filter.includeGone) where.push('gone_at IS NULL');
    const sql = `SELECT * FROM rmm_clients ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY integration_id, client_id`;
    return (this.db.prepare(sql).all(...args) as ClientRow[]).map(toClient);
  }
}

function toClient(row: ClientRow): StoredClient {
  return {
    integrationId: row.integration_id,
    id: row.client_id,
    name: row.name,
    kind: row.kind,
    parentId: orUndefined(row.parent_id),
    hints: parseJson(row.hints, { domains: [], externalIds: {} }),
    firstSeenAt: row.first_seen_at,
    goneAt: orUndefined(row.gone_at),
  };
}
