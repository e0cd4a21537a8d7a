/** One forward-only schema step. Versions are consecutive integers starting at 1. */
export interface Migration {
  version: number;
  /** A short name, recorded with the version (e.g. `foundation`, `linking`). */
  name: string;
  /** Plain SQL, run inside the migration's transaction with the store's schema first on the search path. */
  sql: string;
}
