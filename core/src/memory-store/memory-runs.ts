import { randomUUID } from 'node:crypto';

import type { ProcessRef } from '../store/process-locks.js';
import type { ScriptRunRecord, SyncRunRecord, SyncRunStatus } from '../store/records.js';
import type { RunOwner, ScriptRunRepository, SyncRunRepository } from '../store/repositories.js';
import { asJson, copy, orderBy, type MemoryTables } from './memory-tables.js';

export class MemorySyncRunRepository implements SyncRunRepository {
  constructor(private readonly tables: MemoryTables) {}

  start(integrationId: string, at: string, owner: ProcessRef): SyncRunRecord {
    const record: SyncRunRecord = { id: randomUUID(), integrationId, startedAt: at, status: 'running', counts: {} };
    const order = ++this.tables.rows.sequences.syncRuns;
    this.tables.rows.syncRuns.set(record.id, { ...record, owner: { pid: owner.pid, host: owner.host }, order });
    this.tables.changed();
    return copy(record);
  }

  finish(id: string, outcome: { status: Exclude<SyncRunStatus, 'running'>; counts: Record<string, number>; error?: SyncRunRecord['error']; at: string }): void {
    const run = this.tables.rows.syncRuns.get(id);
    if (run === undefined) return;
    Object.assign(run, { status: outcome.status, counts: asJson(outcome.counts), error: outcome.error && asJson(outcome.error), finishedAt: outcome.at });
    this.tables.changed();
  }

  markInterrupted(at: string, isGone: (owner: RunOwner) => boolean): number {
    return this.tables.transaction(() => {
      let marked = 0;
      for (const run of this.tables.rows.syncRuns.values()) {
        if (run.status !== 'running') continue;
        // The heartbeat comes from the integration's sync lock while the run's process holds it.
        const lock = this.tables.rows.locks.get(`sync:${run.integrationId}`);
        const heartbeatAt = lock?.pid === run.owner.pid && lock.host === run.owner.host ? lock.heartbeatAt : undefined;
        if (!isGone({ pid: run.owner.pid, host: run.owner.host, heartbeatAt })) continue;
        Object.assign(run, { status: 'interrupted', finishedAt: at });
        marked++;
      }
      this.tables.changed(marked);
      return marked;
    });
  }

  last(integrationId: string): SyncRunRecord | undefined {
    return this.list({ integrationId, limit: 1 })[0];
  }

  list(filter: { integrationId?: string; limit?: number } = {}): SyncRunRecord[] {
    const runs = [...this.tables.rows.syncRuns.values()].filter((r) => filter.integrationId === undefined || r.integrationId === filter.integrationId);
    return orderBy(runs, (r) => ({ desc: r.startedAt }), (r) => ({ desc: r.order }))
      .slice(0, filter.limit ?? 100)
      .map(({ owner: _owner, order: _order, ...record }) => copy(record));
  }
}

export class MemoryScriptRunRepository implements ScriptRunRepository {
  constructor(private readonly tables: MemoryTables) {}

  insert(run: ScriptRunRecord): void {
    this.tables.rows.scriptRuns.set(run.id, copy(run));
    this.tables.changed();
  }

  update(id: string, patch: Partial<Omit<ScriptRunRecord, 'id'>>): void {
    const run = this.tables.rows.scriptRuns.get(id);
    if (run === undefined) return;
    Object.assign(run, copy(patch), { id });
    this.tables.changed();
  }

  list(filter: { computerId?: string; integrationId?: string; limit?: number } = {}): ScriptRunRecord[] {
    const runs = [...this.tables.rows.scriptRuns.values()].filter(
      (r) => (filter.computerId === undefined || r.computerId === filter.computerId) && (filter.integrationId === undefined || r.integrationId === filter.integrationId),
    );
    return orderBy(copy(runs), (r) => ({ desc: r.startedAt })).slice(0, filter.limit ?? 100);
  }
}
