import type { Migration } from './migration.js';

/**
 * The foundation tables. `content_hash` columns let upserts skip unchanged rows entirely, which
 * is what makes a re-sync with no upstream change write nothing. The audit log is append-only,
 * enforced by triggers rather than by convention.
 */
export const foundation: Migration = {
  version: 1,
  name: 'foundation',
  sql: `
    CREATE TABLE integrations (
      id             TEXT PRIMARY KEY,
      plugin_id      TEXT NOT NULL,
      display_name   TEXT NOT NULL,
      enabled        INTEGER NOT NULL CHECK (enabled IN (0, 1)),
      last_health    TEXT,
      last_sync_at   TEXT
    );

    CREATE TABLE tenants (
      id              TEXT PRIMARY KEY,
      name            TEXT NOT NULL,
      psa_company_id  TEXT,
      domains         TEXT NOT NULL DEFAULT '[]',
      is_msp          INTEGER NOT NULL DEFAULT 0 CHECK (is_msp IN (0, 1)),
      created_at      TEXT NOT NULL
    );

    CREATE TABLE rmm_clients (
      integration_id  TEXT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
      client_id       TEXT NOT NULL,
      name            TEXT NOT NULL,
      kind            TEXT NOT NULL,
      parent_id       TEXT,
      hints           TEXT NOT NULL,
      content_hash    TEXT NOT NULL,
      first_seen_at   TEXT NOT NULL,
      gone_at         TEXT,
      PRIMARY KEY (integration_id, client_id)
    ) WITHOUT ROWID;

    CREATE TABLE agents (
      integration_id   TEXT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
      agent_id         TEXT NOT NULL,
      client_id        TEXT NOT NULL,
      site_id          TEXT,
      hostname         TEXT NOT NULL,
      os               TEXT,
      online           INTEGER NOT NULL CHECK (online IN (0, 1)),
      last_seen        TEXT,
      identity         TEXT NOT NULL,
      can_run_scripts  INTEGER NOT NULL CHECK (can_run_scripts IN (0, 1)),
      content_hash     TEXT NOT NULL,
      first_seen_at    TEXT NOT NULL,
      gone_at          TEXT,
      PRIMARY KEY (integration_id, agent_id)
    ) WITHOUT ROWID;
    CREATE INDEX agents_by_client ON agents (integration_id, client_id);

    CREATE TABLE sync_runs (
      id              TEXT PRIMARY KEY,
      integration_id  TEXT NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
      started_at      TEXT NOT NULL,
      finished_at     TEXT,
      status          TEXT NOT NULL,
      counts          TEXT NOT NULL DEFAULT '{}',
      error           TEXT
    );
    CREATE INDEX sync_runs_by_integration ON sync_runs (integration_id, started_at);

    CREATE TABLE script_runs (
      id              TEXT PRIMARY KEY,
      actor           TEXT NOT NULL,
      computer_id     TEXT,
      integration_id  TEXT NOT NULL,
      agent_id        TEXT NOT NULL,
      language        TEXT NOT NULL,
      script_sha256   TEXT NOT NULL,
      status          TEXT NOT NULL,
      exit_code       INTEGER,
      output          TEXT,
      error_code      TEXT,
      started_at      TEXT NOT NULL,
      finished_at     TEXT
    );
    CREATE INDEX script_runs_by_computer ON script_runs (computer_id, started_at);

    CREATE TABLE audit_log (
      seq      INTEGER PRIMARY KEY AUTOINCREMENT,
      at       TEXT NOT NULL,
      actor    TEXT NOT NULL,
      action   TEXT NOT NULL,
      subject  TEXT NOT NULL,
      reason   TEXT,
      details  TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX audit_by_subject ON audit_log (subject, seq);
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  `,
};
