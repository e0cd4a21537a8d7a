import type { Migration } from './migration.js';

/**
 * What lets several rmm-hub processes share one database: locks naming their holder process
 * (one sync of an integration at a time), the owner process of each sync run (only a run
 * whose process is gone is marked interrupted), and small per-integration values plugins keep
 * across processes (the last TOTP step used).
 */
export const processCoordination: Migration = {
  version: 6,
  name: 'process-coordination',
  sql: `
    CREATE TABLE process_locks (
      name          TEXT PRIMARY KEY,
      pid           INTEGER NOT NULL,
      host          TEXT NOT NULL,
      acquired_at   TEXT NOT NULL,
      heartbeat_at  TEXT NOT NULL
    ) WITHOUT ROWID;

    ALTER TABLE sync_runs ADD COLUMN pid INTEGER;
    ALTER TABLE sync_runs ADD COLUMN host TEXT;

    CREATE TABLE integration_state (
      integration_id  TEXT NOT NULL,
      key             TEXT NOT NULL,
      value           TEXT NOT NULL,
      updated_at      TEXT NOT NULL,
      PRIMARY KEY (integration_id, key)
    ) WITHOUT ROWID;
  `,
};
