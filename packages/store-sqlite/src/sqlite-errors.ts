/**
 * SQLite's own failures that a person can act on — the database locked by another process,
 * read-only, the disk full — as coded store errors with a hint, instead of the engine's bare
 * message (which the CLI would otherwise report as a bug in rmm-hub).
 */
import { ErrorCodes, StoreError } from '@rmm-hub/core';

/** The coded error for a failure of SQLite itself; undefined when `error` is anything else. */
export function storeErrorFromSqlite(error: unknown, path?: string): StoreError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return undefined;
  const where = path && path !== ':memory:' ? ` (${path})` : '';
  const said = (error as Error).message;
  const context = { sqlite: code, ...(path ? { path } : {}) };
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new StoreError(`The database${where} stayed locked by another process: ${said}`, {
      code: ErrorCodes.storeBusy,
      cause: error,
      context,
      hint: 'Another rmm-hub process is writing to the same database and held it longer than rmm-hub waits. Run the command again once it is done; `rmm-hub status` shows a sync under way.',
    });
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new StoreError(`The database${where} cannot be written: ${said}`, {
      code: ErrorCodes.storeReadOnly,
      cause: error,
      context,
      hint: 'Give the user running rmm-hub write access to the database file and its folder (SQLite writes the -wal and -shm files beside it). Reading commands (status, links, computers) work on a read-only database.',
    });
  }
  if (code === 'SQLITE_FULL') {
    return new StoreError(`The disk holding the database${where} is full: ${said}`, {
      code: ErrorCodes.storeFull,
      cause: error,
      context,
      hint: 'Free space on that disk, or move store.path to one with room; the write that failed was rolled back, nothing half-written was kept.',
    });
  }
  if (code.startsWith('SQLITE_CANTOPEN')) {
    return new StoreError(`The database${where} cannot be opened: ${said}`, {
      cause: error,
      context,
      hint: 'Check that store.path names a file in a folder that exists and that the user running rmm-hub may read (and, to sync, write) both.',
    });
  }
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
    return new StoreError(`The database${where} is damaged or not an rmm-hub database: ${said}`, {
      cause: error,
      context,
      hint: 'Check that store.path points at the right file; restore it from a backup if it was damaged.',
    });
  }
  return undefined;
}
