import type Database from 'better-sqlite3';

import type { HealthReport, IntegrationRecord, IntegrationRepository } from '@rmm-hub/core';

import { orUndefined, parseJson } from '../json-column.js';
import type { Synchronous } from '../gated-repository.js';

interface IntegrationRow {
  id: string;
  plugin_id: string;
  display_name: string;
  enabled: 0 | 1;
  last_health: string | null;
  last_sync_at: string | null;
}

export class SqliteIntegrationRepository implements Synchronous<IntegrationRepository> {
  constructor(private readonly db: Database.Database) {}

  upsert(record: Pick<IntegrationRecord, 'id' | 'pluginId' | 'displayName' | 'enabled'>): void {
    // Only write when something differs, so start-up does not count as a change.
    this.db
      .prepare(
        `INSERT INTO integrations (id, plugin_id, display_name, enabled) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET plugin_id = excluded.plugin_id, display_name = excluded.display_name,
           enabled = excluded.enabled
         WHERE plugin_id <> excluded.plugin_id OR display_name <> excluded.display_name OR enabled <> excluded.enabled`,
      )
      .run(record.id, record.pluginId, record.displayName, record.enabled ? 1 : 0);
  }

  recordHealth(integrationId: string, report: HealthReport): void {
    this.db.prepare('UPDATE integrations SET last_health = ? WHERE id = ?').run(JSON.stringify(report), integrationId);
  }

  recordSync(integrationId: string, at: string): void {
    this.db.prepare('UPDATE integrations SET last_sync_at = ? WHERE id = ?').run(at, integrationId);
  }

  get(integrationId: string): IntegrationRecord | undefined {
    const row = this.db.prepare('SELECT * FROM integrations WHERE id = ?').get(integrationId) as IntegrationRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  list(): IntegrationRecord[] {
    return (this.db.prepare('SELECT * FROM integrations ORDER BY id').all() as IntegrationRow[]).map(toRecord);
  }
}

function toRecord(row: IntegrationRow): IntegrationRecord {
  return {
    id: row.id,
    pluginId: row.plugin_id,
    displayName: row.display_name,
    enabled: row.enabled === 1,
    lastHealth: row.last_health ? parseJson<HealthReport>(row.last_health, undefined as never) : undefined,
    lastSyncAt: orUndefined(row.last_sync_at),
  };
}
