import type { ScriptRunRecord, ScriptRunRepository } from '@rmm-hub/core';

import type { Database, Row } from '../database.js';
import { orUndefined } from './columns.js';

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

const KEYS = Object.keys(COLUMNS) as (keyof ScriptRunRecord)[];

export class PgScriptRunRepository implements ScriptRunRepository {
  constructor(private readonly db: Database) {}

  async insert(run: ScriptRunRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO script_runs (${KEYS.map((k) => COLUMNS[k]).join(', ')}) VALUES (${KEYS.map((_, n) => `$${n + 1}`).join(', ')})`,
      KEYS.map((k) => run[k] ?? null),
    );
  }

  async update(id: string, patch: Partial<Omit<ScriptRunRecord, 'id'>>): Promise<void> {
    const keys = (Object.keys(patch) as (keyof ScriptRunRecord)[]).filter((k) => k !== 'id' && k in COLUMNS);
    if (keys.length === 0) return;
    await this.db.query(`UPDATE script_runs SET ${keys.map((k, n) => `${COLUMNS[k]} = $${n + 2}`).join(', ')} WHERE id = $1`, [
      id, ...keys.map((k) => (patch as Record<string, unknown>)[k] ?? null),
    ]);
  }

  async list(filter: { computerId?: string; integrationId?: string; limit?: number } = {}): Promise<ScriptRunRecord[]> {
    const params: unknown[] = [filter.limit ?? 100];
    const where: string[] = [];
    if (filter.computerId !== undefined) where.push(`computer_id = $${params.push(filter.computerId)}`);
    if (filter.integrationId !== undefined) where.push(`integration_id = $${params.push(filter.integrationId)}`);
    const rows = await this.db.rows<Row>(`SELECT * FROM script_runs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY started_at DESC, seq DESC LIMIT $1`, params);
    return rows.map((row) => {
      const record: Record<string, unknown> = {};
      for (const key of KEYS) record[key] = orUndefined(row[COLUMNS[key]] ?? null);
      return record as unknown as ScriptRunRecord;
    });
  }
}
