import { isDeepStrictEqual } from 'node:util';

import type { HealthReport } from '../capabilities/health-check.js';
import type { IntegrationStateRepository } from '../store/process-locks.js';
import type { IntegrationRecord } from '../store/records.js';
import type { IntegrationRepository } from '../store/repositories.js';
import { copy, key, orderBy, type MemoryTables } from './memory-tables.js';

export class MemoryIntegrationRepository implements IntegrationRepository {
  constructor(private readonly tables: MemoryTables) {}

  upsert(record: Pick<IntegrationRecord, 'id' | 'pluginId' | 'displayName' | 'enabled'>): void {
    const { integrations } = this.tables.rows;
    const before = integrations.get(record.id);
    const next: IntegrationRecord = { ...before, id: record.id, pluginId: record.pluginId, displayName: record.displayName, enabled: record.enabled };
    if (isDeepStrictEqual(before, next)) return;
    integrations.set(record.id, next);
    this.tables.changed();
  }

  recordHealth(integrationId: string, report: HealthReport): void {
    this.#patch(integrationId, { lastHealth: copy(report) });
  }

  recordSync(integrationId: string, at: string): void {
    this.#patch(integrationId, { lastSyncAt: at });
  }

  get(integrationId: string): IntegrationRecord | undefined {
    return copy(this.tables.rows.integrations.get(integrationId));
  }

  list(): IntegrationRecord[] {
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

  get(integrationId: string, name: string): string | undefined {
    return this.tables.rows.integrationState.get(key(integrationId, name));
  }

  update(integrationId: string, name: string, update: (current: string | undefined) => string): string {
    return this.tables.transaction(() => {
      const current = this.get(integrationId, name);
      const next = update(current);
      if (next !== current) {
        this.tables.rows.integrationState.set(key(integrationId, name), next);
        this.tables.changed();
      }
      return next;
    });
  }
}
