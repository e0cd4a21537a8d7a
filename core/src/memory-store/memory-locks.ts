import type { LockHolder, ProcessLockRepository, ProcessRef } from '../store/process-locks.js';
import { copy, type MemoryTables } from './memory-tables.js';

export class MemoryProcessLockRepository implements ProcessLockRepository {
  constructor(private readonly tables: MemoryTables) {}

  acquire(name: string, holder: LockHolder, isGone: (current: LockHolder) => boolean): LockHolder | undefined {
    return this.tables.transaction(() => {
      const current = this.get(name);
      const own = current !== undefined && current.pid === holder.pid && current.host === holder.host;
      if (current !== undefined && !own && !isGone(current)) return current;
      this.tables.rows.locks.set(name, { pid: holder.pid, host: holder.host, acquiredAt: holder.acquiredAt, heartbeatAt: holder.heartbeatAt });
      this.tables.changed();
      return undefined;
    });
  }

  heartbeat(name: string, holder: ProcessRef, at: string): boolean {
    const lock = this.#heldBy(name, holder);
    if (lock === undefined) return false;
    lock.heartbeatAt = at;
    this.tables.changed();
    return true;
  }

  release(name: string, holder: ProcessRef): void {
    if (this.#heldBy(name, holder) === undefined) return;
    this.tables.rows.locks.delete(name);
    this.tables.changed();
  }

  get(name: string): LockHolder | undefined {
    return copy(this.tables.rows.locks.get(name));
  }

  #heldBy(name: string, holder: ProcessRef): LockHolder | undefined {
    const lock = this.tables.rows.locks.get(name);
    return lock?.pid === holder.pid && lock.host === holder.host ? lock : undefined;
  }
}
