import { isDeepStrictEqual } from 'node:util';

import type { HealthReport } from '../capabilities/health-check.js';
import type { IntegrationStateRepository } from '../store/process-locks.js';
import type { IntegrationRecord } from '../store/records.js';
import type { IntegrationRepository } from '../store/repositories.js';
import { copy, key, orderBy, type MemoryTables } from './memory-tables.js';

export class MemoryIntegrationRepository implements IntegrationRepository {
  constructor(private readonly tables: MemoryTables) {}

  async upsert(record: Pick<IntegrationRecord, 'id' | 'pluginId' | 'displayName' | 'enabled'>): Promise<void> {
    const { integrations } = this.tables.rows;
    const before = integrations.get(record.id);
    const next: IntegrationRecord = { ...before, id: record.id, pluginId: record.pluginId, displayName: record.displayName, enabled: record.enabled };
    if (isDeepStrictEqual(before, next)) return;
    integrations.set(record.id, next);
    this.tables.changed();
  }

  async recordHealth(integrationId: string, report: HealthReport): Promise<void> {
    this.#patch(integrationId, { lastHealth: copy(report) });
  }

  async recordSync(integrationId: string, at: string): Promise<void> {
    this.#patch(integrationId, { lastSyncAt: at });
  }

  async get(integrationId: string): Promise<IntegrationRecord | undefined> {
    return copy(this.tables.rows.integrations.get(integrationId));
  }

  async list(): Promise<IntegrationRecord[]> {
    return orderBy(copy([...this.tables.rows.integrations.values()]), (i) => i.id);
  }

  #patch(integrationId: string, patch: Partial<IntegrationRecord>): void {
    const row = this.tables.rows.integrations.get(integrationId);
    if (row === undefined) return;
    Object.assign(row, patch);
    this.tables.changed();
  }
}

export class MemoryIntegrationStateRepository implements IntegrationStateRepository {
  constructor(private readonly tables: MemoryTables) {}

  async get(integrationId: string, name: string): Promise<string | undefined> {
    return this.tables.rows.integrationState.get(key(integrationId, name));
  }

  async update(integrationId: string, name: string, update: (current: string | undefined) => string): Promise<string> {
    return this.tables.atomically(() => {
      const current = this.tables.rows.integrationState.get(key(integrationId, name));
      const next = update(current);
      if (next !== current) {
        this.tables.rows.integrationState.set(key(integrationId, name), next);
        this.tables.changed();
      }
      return next;
    });
  }
}
