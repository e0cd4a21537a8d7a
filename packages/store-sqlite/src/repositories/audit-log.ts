import type Database from 'better-sqlite3';

import type { AuditEntry, AuditLog } from '@rmm-hub/core';

import { orUndefined, parseJson } from '../json-column.js';
import type { Synchronous } from '../gated-repository.js';

interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  reason: string | null;
  details: string;
}

/** Append-only; the table's triggers refuse updates and deletes even from raw SQL. */
export class SqliteAuditLog implements Synchronous<AuditLog> {
  constructor(private readonly db: Database.Database) {}

  append(entry: Omit<AuditEntry, 'seq' | 'at'> & { at?: string }): AuditEntry {
    const at = entry.at ?? new Date().toISOString();
    const info = this.db
      .prepare('INSERT INTO audit_log (at, actor, action, subject, reason, details) VALUES (?, ?, ?, ?, ?, ?)')
      .run(at, entry.actor, entry.action, entry.subject, entry.reason ?? null, JSON.stringify(entry.details));
    return { ...entry, seq: Number(info.lastInsertRowid), at };
  }

  list(filter: { subject?: string; action?: string; limit?: number } = {}): AuditEntry[] {
    return this.#select({ ...filter, limit: filter.limit ?? 100 });
  }

  page(query: { subject?: string | undefined; action?: string | undefined; actor?: string | undefined; beforeSeq?: number | undefined; limit: number }): AuditEntry[] {
    return this.#select(query);
  }

  #select(filter: { subject?: string | undefined; action?: string | undefined; actor?: string | undefined; beforeSeq?: number | undefined; limit: number }): AuditEntry[] {
    const where: string[] = [];
    if (filter.subject !== undefined) where.push('subject = @subject');
    if (filter.action !== undefined) where.push('action = @action');
    if (filter.actor !== undefined) where.push('actor = @actor');
    if (filter.beforeSeq !== undefined) where.push('seq < @beforeSeq');
    const args = Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined));
    const rows = this.db
      .prepare(`SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT @limit`)
      .all(args) as AuditRow[];
    return rows.map((row) => ({
      seq: row.seq,
      at: row.at,
      actor: row.actor,
      action: row.action,
      subject: row.subject,
      reason: orUndefined(row.reason),
      details: parseJson(row.details, {}),
    }));
  }
}
