import type { AuditEntry, AuditLog } from '@rmm-hub/core';

import type { Database } from '../database.js';
import { orUndefined } from './columns.js';

interface AuditRow {
  [column: string]: unknown;
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  reason: string | null;
  details: Record<string, unknown>;
}

/** What `list` and `page` filter by. */
interface AuditQuery {
  subject?: string | undefined;
  action?: string | undefined;
  actor?: string | undefined;
  beforeSeq?: number | undefined;
  limit: number;
}

/** Append-only; the table's triggers refuse updates, deletes and truncation even from raw SQL. */
export class PgAuditLog implements AuditLog {
  constructor(private readonly db: Database) {}

  async append(entry: Omit<AuditEntry, 'seq' | 'at'> & { at?: string }): Promise<AuditEntry> {
    const at = entry.at ?? new Date().toISOString();
    const [row] = await this.db.rows<{ seq: number; at: string }>(
      'INSERT INTO audit_log (at, actor, action, subject, reason, details) VALUES ($1, $2, $3, $4, $5, $6) RETURNING seq, at',
      [at, entry.actor, entry.action, entry.subject, entry.reason ?? null, JSON.stringify(entry.details)],
    );
    return { ...entry, seq: row?.seq as number, at };
  }

  async list(filter: { subject?: string; action?: string; limit?: number } = {}): Promise<AuditEntry[]> {
    return this.#select({ ...filter, limit: filter.limit ?? 100 });
  }

  async page(query: AuditQuery): Promise<AuditEntry[]> {
    return this.#select(query);
  }

  async #select(filter: AuditQuery): Promise<AuditEntry[]> {
    const params: unknown[] = [filter.limit];
    const where: string[] = [];
    if (filter.subject !== undefined) where.push(`subject = $${params.push(filter.subject)}`);
    if (filter.action !== undefined) where.push(`action = $${params.push(filter.action)}`);
    if (filter.actor !== undefined) where.push(`actor = $${params.push(filter.actor)}`);
    if (filter.beforeSeq !== undefined) where.push(`seq < $${params.push(filter.beforeSeq)}`);
    const rows = await this.db.rows<AuditRow>(`SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT $1`, params);
    return rows.map((row) => ({
      seq: row.seq,
      at: row.at,
      actor: row.actor,
      action: row.action,
      subject: row.subject,
      reason: orUndefined(row.reason),
      details: row.details,
    }));
  }
}
