import { randomUUID } from 'node:crypto';

import type Database from 'better-sqlite3';

import type { ProcessRef, RunOwner, SyncRunRecord, SyncRunRepository, SyncRunStatus } from '@rmm-hub/core';

import { orUndefined, parseJson } from '../json-column.js';
import type { Synchronous } from '../gated-repository.js';

interface SyncRunRow {
  id: string;
  integration_id: string;
  started_at: string;
  finished_at: string | null;
  status: SyncRunStatus;
  counts: string;
  error: string | null;
}

export class SqliteSyncRunRepository implements Synchronous<SyncRunRepository> {
  constructor(private readonly db: Database.Database) {}

  start(integrationId: string, at: string, owner: ProcessRef): SyncRunRecord {
    const record: SyncRunRecord = { id: randomUUID(), integrationId, startedAt: at, status: 'running', counts: {} };
    this.db
      .prepare('INSERT INTO sync_runs (id, integration_id, started_at, status, pid, host) VALUES (?, ?, ?, ?, ?, ?)')
      .run(record.id, integrationId, at, 'running', owner.pid, owner.host);
    return record;
  }

  finish(id: string, outcome: { status: Exclude<SyncRunStatus, 'running'>; counts: Record<string, number>; error?: SyncRunRecord['error']; at: string }): void {
    this.db
      .prepare('UPDATE sync_runs SET status = ?, counts = ?, error = ?, finished_at = ? WHERE id = ?')
      .run(outcome.status, JSON.stringify(outcome.counts), outcome.error ? JSON.stringify(outcome.error) : null, outcome.at, id);
  }

  markInterrupted(at: string, isGone: (owner: RunOwner) => boolean): number {
    const mark = this.db.transaction((): number => {
      // The heartbeat comes from the integration's sync lock while the run's process holds it.
      const running = this.db
        .prepare(
          `SELECT r.id, r.pid, r.host, l.heartbeat_at FROM sync_runs r
           LEFT JOIN process_locks l ON l.name = 'sync:' || r.integration_id AND l.pid = r.pid AND l.host = r.host
           WHERE r.status = 'running'`,
        )
        .all() as { id: string; pid: number | null; host: string | null; heartbeat_at: string | null }[];
      const update = this.db.prepare(`UPDATE sync_runs SET status = 'interrupted', finished_at = ? WHERE id = ? AND status = 'running'`);
      let marked = 0;
      for (const run of running) {
        if (isGone({ pid: orUndefined(run.pid), host: orUndefined(run.host), heartbeatAt: orUndefined(run.heartbeat_at) })) marked += update.run(at, run.id).changes;
      }
      return marked;
    });
    return mark.immediate();
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
