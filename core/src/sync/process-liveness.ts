/**
 * Whether the process behind a lock or a running sync is still there. On this machine the
 * operating system says (is the pid alive?); for another machine sharing the store only the
 * holder's heartbeat can tell. A heartbeat older than {@link STALE_AFTER_MS} also frees a lock
 * here, in case the pid was reused by an unrelated process after a crash.
 */
import { hostname } from 'node:os';

import type { ProcessRef } from '../store/process-locks.js';
import type { RunOwner } from '../store/repositories.js';

/** How often a holder refreshes its heartbeat. */
export const HEARTBEAT_MS = 15_000;
/** A heartbeat this old means the holder is gone (many missed beats, not a slow moment). */
export const STALE_AFTER_MS = 10 * 60_000;

/** This process, as recorded with what it holds. */
export function thisProcess(): ProcessRef {
  return { pid: process.pid, host: hostname() };
}

/** True when `owner`'s process is gone; `now` judges its heartbeat. */
export function processIsGone(owner: RunOwner, now: Date): boolean {
  if (owner.pid === undefined || owner.host === undefined) return true;
  if (owner.heartbeatAt !== undefined && now.getTime() - Date.parse(owner.heartbeatAt) > STALE_AFTER_MS) return true;
  if (owner.host !== hostname()) return owner.heartbeatAt === undefined;
  return !pidIsAlive(owner.pid);
}

function pidIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
