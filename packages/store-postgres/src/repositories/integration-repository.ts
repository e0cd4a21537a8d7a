import type { HealthReport, IntegrationRecord, IntegrationRepository } from '@rmm-hub/core';

import type { Database } from '../database.js';
import { orUndefined } from './columns.js';

interface IntegrationRow {
  [column: string]: unknown;
  id: string;
  plugin_id: string;
  display_name: string;
  enabled: boolean;
  last_health: HealthReport | null;
  last_sync_at: string | null;
}

export class PgIntegrationRepository implements IntegrationRepository {
  constructor(private readonly db: Database) {}

  async upsert(record: Pick<IntegrationRecord, 'id' | 'pluginId' | 'displayName' | 'enabled'>): Promise<void> {
    // Only write when something differs, so start-up does not count as a change.
    await this.db.query(
      `INSERT INTO integrations (id, plugin_id, display_name, enabled) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET plugin_id = excluded.plugin_id, display_name = excluded.display_name, enabled = excluded.enabled
       WHERE (integrations.plugin_id, integrations.display_name, integrations.enabled) IS DISTINCT FROM (excluded.plugin_id, excluded.display_name, excluded.enabled)`,
      [record.id, record.pluginId, record.displayName, record.enabled],
    );
  }

  async recordHealth(integrationId: string, report: HealthReport): Promise<void> {
    await this.db.query('UPDATE integrations SET last_health = $1 WHERE id = $2', [JSON.stringify(report), integrationId]);
  }

  async recordSync(integrationId: string, at: string): Promise<void> {
    await this.db.query('UPDATE integrations SET last_sync_at = $1 WHERE id = $2', [at, integrationId]);
  }

  async get(integrationId: string): Promise<IntegrationRecord | undefined> {
    const [row] = await this.db.rows<IntegrationRow>('SELECT * FROM integrations WHERE id = $1', [integrationId]);
    return row ? toRecord(row) : undefined;
  }

  async list(): Promise<IntegrationRecord[]> {
    return (await this.db.rows<IntegrationRow>('SELECT * FROM integrations ORDER BY id')).map(toRecord);
  }
}

function toRecord(row: IntegrationRow): IntegrationRecord {
  return {
    id: row.id,
    pluginId: row.plugin_id,
    displayName: row.display_name,
    enabled: row.enabled,
    lastHealth: orUndefined(row.last_health),
    lastSyncAt: orUndefined(row.last_sync_at),
  };
}
