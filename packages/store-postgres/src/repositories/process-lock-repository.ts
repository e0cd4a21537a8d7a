import type { LockHolder, ProcessLockRepository, ProcessRef } from '@rmm-hub/core';

import type { Database } from '../database.js';

interface LockRow {
  [column: string]: unknown;
  pid: number;
  host: string;
  acquired_at: string;
  heartbeat_at: string;
}

export class PgProcessLockRepository implements ProcessLockRepository {
  constructor(private readonly db: Database) {}

  async acquire(name: string, holder: LockHolder, isGone: (current: LockHolder) => boolean): Promise<LockHolder | undefined> {
    // A unit of work holds the store's write lock from its start: the check and the take
    // happen under it, never between two processes' reads.
    return this.db.transaction(async () => {
      const current = await this.get(name);
      const own = current !== undefined && current.pid === holder.pid && current.host === holder.host;
      if (current !== undefined && !own && !isGone(current)) return current;
      await this.db.query(
        `INSERT INTO process_locks (name, pid, host, acquired_at, heartbeat_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (name) DO UPDATE SET pid = excluded.pid, host = excluded.host, acquired_at = excluded.acquired_at, heartbeat_at = excluded.heartbeat_at`,
        [name, holder.pid, holder.host, holder.acquiredAt, holder.heartbeatAt],
      );
      return undefined;
    });
  }

  async heartbeat(name: string, holder: ProcessRef, at: string): Promise<boolean> {
    const result = await this.db.query('UPDATE process_locks SET heartbeat_at = $1 WHERE name = $2 AND pid = $3 AND host = $4', [at, name, holder.pid, holder.host]);
    return (result.rowCount ?? 0) > 0;
  }

  async release(name: string, holder: ProcessRef): Promise<void> {
    await this.db.query('DELETE FROM process_locks WHERE name = $1 AND pid = $2 AND host = $3', [name, holder.pid, holder.host]);
  }

  async get(name: string): Promise<LockHolder | undefined> {
    const [row] = await this.db.rows<LockRow>('SELECT pid, host, acquired_at, heartbeat_at FROM process_locks WHERE name = $1', [name]);
    return row ? { pid: row.pid, host: row.host, acquiredAt: row.acquired_at, heartbeatAt: row.heartbeat_at } : undefined;
  }
}
