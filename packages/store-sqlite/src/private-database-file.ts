/**
 * The database holds every client, agent and script output an RMM reported: it is created
 * readable by its owner only (0600). SQLite gives the WAL and shared-memory files the mode of the
 * database file, so creating the file first, with that mode, covers all three.
 */
import { closeSync, constants, openSync } from 'node:fs';

/** Creates `path` empty with mode 0600 unless it exists; `:memory:` and anonymous databases are left alone. */
export function createPrivateDatabaseFile(path: string): void {
  if (path === ':memory:' || path === '') return;
  try {
    closeSync(openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600));
  } catch {
    // EEXIST: an existing database keeps the mode its owner gave it. Anything else (a missing
    // folder, no permission) SQLite meets and reports, with its own coded error, when it opens.
  }
}
