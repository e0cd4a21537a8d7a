import type { IntegrationStateRepository } from '@rmm-hub/core';

import type { Database } from '../database.js';

export class PgIntegrationStateRepository implements IntegrationStateRepository {
  constructor(private readonly db: Database) {}

  async get(integrationId: string, key: string): Promise<string | undefined> {
    const [row] = await this.db.rows<{ value: string }>('SELECT value FROM integration_state WHERE integration_id = $1 AND key = $2', [integrationId, key]);
    return row?.value;
  }

  async update(integrationId: string, key: string, update: (current: string | undefined) => string, at: string): Promise<string> {
    // A compare-and-set across processes: the unit of work holds the store's write lock from its start.
    return this.db.transaction(async () => {
      const current = await this.get(integrationId, key);
      const next = update(current);
      if (next !== current) {
        await this.db.query(
          `INSERT INTO integration_state (integration_id, key, value, updated_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (integration_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
          [integrationId, key, next, at],
        );
      }
      return next;
    });
  }
}
