import type { AuditEntry } from '../store/records.js';
import type { AuditLog } from '../store/repositories.js';
import { asJson, copy, type MemoryTables } from './memory-tables.js';

/** Append-only: entries are never changed or removed. */
export class MemoryAuditLog implements AuditLog {
  constructor(private readonly tables: MemoryTables) {}

  append(entry: Omit<AuditEntry, 'seq' | 'at'> & { at?: string }): AuditEntry {
    const stored: AuditEntry = {
      seq: ++this.tables.rows.sequences.audit,
      at: entry.at ?? new Date().toISOString(),
      actor: entry.actor,
      action: entry.action,
      subject: entry.subject,
      reason: entry.reason,
      details: asJson(entry.details),
    };
    this.tables.rows.audit.push(stored);
    this.tables.changed();
    return { ...entry, seq: stored.seq, at: stored.at };
  }

  list(filter: { subject?: string; action?: string; limit?: number } = {}): AuditEntry[] {
    return copy(
      this.tables.rows.audit
        .filter((e) => (filter.subject === undefined || e.subject === filter.subject) && (filter.action === undefined || e.action === filter.action))
        .reverse()
        .slice(0, filter.limit ?? 100),
    );
  }
}
