import { randomUUID } from 'node:crypto';

import type Database from 'better-sqlite3';

import type { SyncRunRecord, SyncRunRepository, SyncRunStatus } from '@rmm-hub/core';

import { orUndefined, parseJson } from '../json-column.js';

interface SyncRunRow {
  id: string;
  integration_id: string;
  started_at: string;
  finished_at: string | null;
  status: SyncRunStatus;
  counts: string;
  error: string | null;
}

export class SqliteSyncRunRepository implements SyncRunRepository {
  constructor(private readonly db: Database.Database) {}

  start(integrationId: string, at: string): SyncRunRecord {
    const record: SyncRunRecord = { id: randomUUID(), integrationId, startedAt: at, status: 'running', counts: {} };
    this.db
      .prepare('INSERT INTO sync_runs (id, integration_id, started_at, status) VALUES (?, ?, ?, ?)')
      .run(record.id, integrationId, at, 'running');
    return record;
  }

  finish(id: string, outcome: { status: Exclude<SyncRunStatus, 'running'>; counts: Record<string, number>; error?: SyncRunRecord['error']; at: string }): void {
    this.db
      .prepare('UPDATE sync_runs SET status = ?, counts = ?, error = ?, finished_at = ? WHERE id = ?')
      .run(outcome.status, JSON.stringify(outcome.counts), outcome.error ? JSON.stringify(outcome.error) : null, outcome.at, id);
  }

  markInterrupted(at: string): number {
    return this.db.prepare(`UPDATE sync_runs SET status = 'interrupted', finished_at = ? WHERE status = 'running'`).run(at).changes;
  }

  last(integrationId: string): SyncRunRecord | undefined {
    const row = this.db
      .prepare('SELECT * FROM sync_runs WHERE integration_id = ? ORDER BY started_at DESC, rowid DESC LIMIT 1')
      .get(integrationId) as SyncRunRow | undefined;
    return row ? toRun(row) : undefined;
  }

  list(filter: { integrationId?: string; limit?: number } = {}): SyncRunRecord[] {
    const where = filter.integrationId === undefined ? '' : 'WHERE integration_id = @integrationId';
    return (
      this.db
        .prepare(`SELECT * FROM sync_runs ${where} ORDER BY started_at DESC, rowid DESC LIMIT @limit`)
        .all({ integrationId: filter.integrationId, limit: filter.limit ?? 100 }) as SyncRunRow[]
    ).map(toRun);
  }
}

function toRun(row: SyncRunRow): SyncRunRecord {
  return {
    id: row.id,
    integrationId: row.integration_id,
    startedAt: row.started_at,
    finishedAt: orUndefined(row.finished_at),
    status: row.status,
    counts: parseJson(row.counts, {}),
    error: row.error ? parseJson(row.error, undefined) : undefined,
  };
}
