import type Database from 'better-sqlite3';

import type { ScriptRunRecord, ScriptRunRepository } from '@rmm-hub/core';

import { orUndefined } from '../json-column.js';
import type { Synchronous } from '../gated-repository.js';

const COLUMNS: Record<keyof ScriptRunRecord, string> = {
  id: 'id',
  actor: 'actor',
  computerId: 'computer_id',
  integrationId: 'integration_id',
  agentId: 'agent_id',
  language: 'language',
  scriptSha256: 'script_sha256',
  status: 'status',
  exitCode: 'exit_code',
  output: 'output',
  errorCode: 'error_code',
  startedAt: 'started_at',
  finishedAt: 'finished_at',
};

type Row = Record<string, string | number | null>;

export class SqliteScriptRunRepository implements Synchronous<ScriptRunRepository> {
  constructor(private readonly db: Database.Database) {}

  insert(run: ScriptRunRecord): void {
    const keys = Object.keys(COLUMNS) as (keyof ScriptRunRecord)[];
    this.db
      .prepare(`INSERT INTO script_runs (${keys.map((k) => COLUMNS[k]).join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`)
      .run(...keys.map((k) => run[k] ?? null));
  }

  update(id: string, patch: Partial<Omit<ScriptRunRecord, 'id'>>): void {
    const keys = (Object.keys(patch) as (keyof ScriptRunRecord)[]).filter((k) => k !== 'id' && k in COLUMNS);
    if (keys.length === 0) return;
    this.db
      .prepare(`UPDATE script_runs SET ${keys.map((k) => `${COLUMNS[k]} = ?`).join(', ')} WHERE id = ?`)
      .run(...keys.map((k) => (patch as Record<string, unknown>)[k] ?? null), id);
  }

  list(filter: { computerId?: string; integrationId?: string; limit?: number } = {}): ScriptRunRecord[] {
    const where: string[] = [];
    if (filter.computerId !== undefined) where.push('computer_id = @computerId');
    if (filter.integrationId !== undefined) where.push('integration_id = @integrationId');
    const rows = this.db
      .prepare(`SELECT * FROM script_runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY started_at DESC LIMIT @limit`)
      .all({ ...filter, limit: filter.limit ?? 100 }) as Row[];
    return rows.map((row) => {
      const record: Record<string, unknown> = {};
      for (const [key, column] of Object.entries(COLUMNS)) record[key] = orUndefined(row[column] ?? null);
      return record as unknown as ScriptRunRecord;
    });
  }
}
