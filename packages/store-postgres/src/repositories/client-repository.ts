import { contentHash, type ClientRepository, type RmmClient, type StoredClient, type UpsertCounts } from '@rmm-hub/core';

import type { Database } from '../database.js';
import { orUndefined } from './columns.js';
import { planUpserts } from './upsert-plan.js';

interface ClientRow {
  [column: string]: unknown;
  integration_id: string;
  client_id: string;
  name: string;
  kind: RmmClient['kind'];
  parent_id: string | null;
  hints: RmmClient['hints'];
  first_seen_at: string;
  gone_at: string | null;
}

/**
 * A page of clients is two statements whatever its size: one read of the stored hashes, one
 * multi-row upsert (unnest arrays) of just the clients that are new or changed.
 */
export class PgClientRepository implements ClientRepository {
  constructor(private readonly db: Database) {}

  async upsertMany(integrationId: string, clients: readonly RmmClient[], at: string): Promise<UpsertCounts> {
    if (clients.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
    return this.db.transaction(async () => {
      const stored = await this.db.rows<{ client_id: string; content_hash: string; gone_at: string | null }>(
        'SELECT client_id, content_hash, gone_at FROM rmm_clients WHERE integration_id = $1 AND client_id = ANY($2::text[])',
        [integrationId, [...new Set(clients.map((c) => c.id))]],
      );
      const { counts, writes } = planUpserts(
        clients.map((client) => ({ key: client.id, hash: contentHash([client.name, client.kind, client.parentId, client.hints]), record: client })),
        new Map(stored.map((row) => [row.client_id, { hash: row.content_hash, gone: row.gone_at !== null }])),
        { written: (candidate) => ({ hash: candidate.hash, gone: false }), stale: () => false },
      );
      if (writes.length > 0) {
        await this.db.query(
          `INSERT INTO rmm_clients (integration_id, client_id, name, kind, parent_id, hints, content_hash, first_seen_at)
           SELECT $1, i.client_id, i.name, i.kind, i.parent_id, i.hints::jsonb, i.content_hash, $8
           FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS i(client_id, name, kind, parent_id, hints, content_hash)
           ON CONFLICT (integration_id, client_id) DO UPDATE SET name = excluded.name, kind = excluded.kind, parent_id = excluded.parent_id,
             hints = excluded.hints, content_hash = excluded.content_hash, gone_at = NULL`,
          [
            integrationId,
            writes.map((w) => w.record.id),
            writes.map((w) => w.record.name),
            writes.map((w) => w.record.kind),
            writes.map((w) => w.record.parentId ?? null),
            writes.map((w) => JSON.stringify(w.record.hints)),
            writes.map((w) => w.hash),
            at,
          ],
        );
      }
      return counts;
    });
  }

  async markGone(integrationId: string, seenIds: ReadonlySet<string>, at: string): Promise<number> {
    const result = await this.db.query(
      'UPDATE rmm_clients SET gone_at = $1 WHERE integration_id = $2 AND gone_at IS NULL AND NOT (client_id = ANY($3::text[]))',
      [at, integrationId, [...seenIds]],
    );
    return result.rowCount ?? 0;
  }

  async get(integrationId: string, clientId: string): Promise<StoredClient | undefined> {
    const [row] = await this.db.rows<ClientRow>('SELECT * FROM rmm_clients WHERE integration_id = $1 AND client_id = $2', [integrationId, clientId]);
    return row ? toClient(row) : undefined;
  }

  async list(filter: { integrationId?: string; includeGone?: boolean } = {}): Promise<StoredClient[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.integrationId !== undefined) where.push(`integration_id = $${args.push(filter.integrationId)}`);
    if (!filter.includeGone) where.push('gone_at IS NULL');
    const sql = `SELECT * FROM rmm_clients ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY integration_id, client_id`;
    return (await this.db.rows<ClientRow>(sql, args)).map(toClient);
  }
}

function toClient(row: ClientRow): StoredClient {
  return {
    integrationId: row.integration_id,
    id: row.client_id,
    name: row.name,
    kind: row.kind,
    parentId: orUndefined(row.parent_id),
    hints: row.hints,
    firstSeenAt: row.first_seen_at,
    goneAt: orUndefined(row.gone_at),
  };
}
