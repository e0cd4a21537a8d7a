import { randomUUID } from 'node:crypto';

import type { ProcessRef, RunOwner, SyncRunRecord, SyncRunRepository, SyncRunStatus } from '@rmm-hub/core';

import type { Database } from '../database.js';
import { orUndefined } from './columns.js';

interface SyncRunRow {
  [column: string]: unknown;
  id: string;
  integration_id: string;
  started_at: string;
  finished_at: string | null;
  status: SyncRunStatus;
  counts: Record<string, number>;
  error: SyncRunRecord['error'] | null;
}

export class PgSyncRunRepository implements SyncRunRepository {
  constructor(private readonly db: Database) {}

  async start(integrationId: string, at: string, owner: ProcessRef): Promise<SyncRunRecord> {
    const record: SyncRunRecord = { id: randomUUID(), integrationId, startedAt: at, status: 'running', counts: {} };
    await this.db.query('INSERT INTO sync_runs (id, integration_id, started_at, status, pid, host) VALUES ($1, $2, $3, $4, $5, $6)', [
      record.id, integrationId, at, 'running', owner.pid, owner.host,
    ]);
    return record;
  }

  async finish(id: string, outcome: { status: Exclude<SyncRunStatus, 'running'>; counts: Record<string, number>; error?: SyncRunRecord['error']; at: string }): Promise<void> {
    await this.db.query('UPDATE sync_runs SET status = $1, counts = $2, error = $3, finished_at = $4 WHERE id = $5', [
      outcome.status, JSON.stringify(outcome.counts), outcome.error ? JSON.stringify(outcome.error) : null, outcome.at, id,
    ]);
  }

  async markInterrupted(at: string, isGone: (owner: RunOwner) => boolean): Promise<number> {
    return this.db.transaction(async () => {
      // The heartbeat comes from the integration's sync lock while the run's process holds it.
      const running = await this.db.rows<{ id: string; pid: number | null; host: string | null; heartbeat_at: string | null }>(
        `SELECT r.id, r.pid, r.host, l.heartbeat_at FROM sync_runs r
         LEFT JOIN process_locks l ON l.name = 'sync:' || r.integration_id AND l.pid = r.pid AND l.host = r.host
         WHERE r.status = 'running'`,
      );
      const gone = running.filter((run) => isGone({ pid: orUndefined(run.pid), host: orUndefined(run.host), heartbeatAt: orUndefined(run.heartbeat_at) }));
      if (gone.length === 0) return 0;
      const result = await this.db.query(`UPDATE sync_runs SET status = 'interrupted', finished_at = $1 WHERE id = ANY($2::text[]) AND status = 'running'`, [
        at, gone.map((run) => run.id),
      ]);
      return result.rowCount ?? 0;
    });
  }

  async last(integrationId: string): Promise<SyncRunRecord | undefined> {
    const [row] = await this.db.rows<SyncRunRow>('SELECT * FROM sync_runs WHERE integration_id = $1 ORDER BY started_at DESC, seq DESC LIMIT 1', [integrationId]);
    return row ? toRun(row) : undefined;
  }

  async list(filter: { integrationId?: string; limit?: number } = {}): Promise<SyncRunRecord[]> {
    const params: unknown[] = [filter.limit ?? 100];
    const where = filter.integrationId === undefined ? '' : `WHERE integration_id = $${params.push(filter.integrationId)}`;
    return (await this.db.rows<SyncRunRow>(`SELECT * FROM sync_runs ${where} ORDER BY started_at DESC, seq DESC LIMIT $1`, params)).map(toRun);
  }
}

function toRun(row: SyncRunRow): SyncRunRecord {
  return {
    id: row.id,
    integrationId: row.integration_id,
    startedAt: row.started_at,
    finishedAt: orUndefined(row.finished_at),
    status: row.status,
    counts: row.counts,
    error: orUndefined(row.error),
  };
}
