import type Database from 'better-sqlite3';

import type { IntegrationStateRepository } from '@rmm-hub/core';
import type { Synchronous } from '../gated-repository.js';

export class SqliteIntegrationStateRepository implements Synchronous<IntegrationStateRepository> {
  constructor(private readonly db: Database.Database) {}

  get(integrationId: string, key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM integration_state WHERE integration_id = ? AND key = ?').get(integrationId, key) as { value: string } | undefined;
    return row?.value;
  }

  update(integrationId: string, key: string, update: (current: string | undefined) => string, at: string): string {
    const swap = this.db.transaction((): string => {
      const current = this.get(integrationId, key);
      const next = update(current);
      if (next !== current) {
        this.db
          .prepare(
            `INSERT INTO integration_state (integration_id, key, value, updated_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (integration_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
          )
          .run(integrationId, key, next, at);
      }
      return next;
    });
    return swap.immediate();
  }
}
