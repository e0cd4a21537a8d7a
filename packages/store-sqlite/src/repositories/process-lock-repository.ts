import type Database from 'better-sqlite3';

import type { LockHolder, ProcessLockRepository, ProcessRef } from '@rmm-hub/core';
import type { Synchronous } from '../gated-repository.js';

interface LockRow {
  pid: number;
  host: string;
  acquired_at: string;
  heartbeat_at: string;
}

export class SqliteProcessLockRepository implements Synchronous<ProcessLockRepository> {
  constructor(private readonly db: Database.Database) {}

  acquire(name: string, holder: LockHolder, isGone: (current: LockHolder) => boolean): LockHolder | undefined {
    const take = this.db.transaction((): LockHolder | undefined => {
      const current = this.get(name);
      const own = current !== undefined && current.pid === holder.pid && current.host === holder.host;
      if (current !== undefined && !own && !isGone(current)) return current;
      this.db
        .prepare(
          `INSERT INTO process_locks (name, pid, host, acquired_at, heartbeat_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (name) DO UPDATE SET pid = excluded.pid, host = excluded.host, acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at`,
        )
        .run(name, holder.pid, holder.host, holder.acquiredAt, holder.heartbeatAt);
      return undefined;
    });
    // Immediate: the check and the take happen under the write lock, never between two processes' reads.
    return take.immediate();
  }

  heartbeat(name: string, holder: ProcessRef, at: string): boolean {
    return this.db.prepare('UPDATE process_locks SET heartbeat_at = ? WHERE name = ? AND pid = ? AND host = ?').run(at, name, holder.pid, holder.host).changes > 0;
  }

  release(name: string, holder: ProcessRef): void {
    this.db.prepare('DELETE FROM process_locks WHERE name = ? AND pid = ? AND host = ?').run(name, holder.pid, holder.host);
  }

  get(name: string): LockHolder | undefined {
    const row = this.db.prepare('SELECT pid, host, acquired_at, heartbeat_at FROM process_locks WHERE name = ?').get(name) as LockRow | undefined;
    return row ? { pid: row.pid, host: row.host, acquiredAt: row.acquired_at, heartbeatAt: row.heartbeat_at } : undefined;
  }
}
