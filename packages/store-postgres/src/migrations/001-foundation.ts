import type { Migration } from './migration.js';

/**
 * The foundation tables: the same records as the SQLite store's (its migrations 001, 005 and
 * 006), in PostgreSQL's types: booleans, `timestamptz` instants, `jsonb` documents, `text[]`
 * lists. `content_hash` columns let upserts skip unchanged rows entirely, which is what makes a
 * re-sync with no upstream change write nothing. An agent's normalised identifiers are columns
 * beside the RMM's raw report (see core's `AgentIdentifiers`), so identification reads them
 * without parsing the report. The audit log is append-only, enforced by triggers rather than by
 * convention; `seq` columns give runs a stable order among equal start times. Text compares
 * byte by byte (`COLLATE "C"`), as in SQLite, so listings come in the same order on both
 * stores whatever the database's locale, and key indexes serve those orders.
 */
export const foundation: Migration = {
  version: 1,
  name: 'foundation',
  sql: `
    CREATE TABLE integrations (
      id             text COLLATE "C" PRIMARY KEY,
      plugin_id      text COLLATE "C" NOT NULL,
      display_name   text COLLATE "C" NOT NULL,
      enabled        boolean NOT NULL,
      last_health    jsonb,
      last_sync_at   timestamptz
    );

    CREATE TABLE tenants (
      id              text COLLATE "C" PRIMARY KEY,
      name            text COLLATE "C" NOT NULL,
      psa_company_id  text COLLATE "C",
      domains         text[] COLLATE "C" NOT NULL DEFAULT '{}',
      is_msp          boolean NOT NULL DEFAULT false,
      created_at      timestamptz NOT NULL
    );

    CREATE TABLE rmm_clients (
      integration_id  text COLLATE "C" NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
      client_id       text COLLATE "C" NOT NULL,
      name            text COLLATE "C" NOT NULL,
      kind            text COLLATE "C" NOT NULL,
      parent_id       text COLLATE "C",
      hints           jsonb NOT NULL,
      content_hash    text COLLATE "C" NOT NULL,
      first_seen_at   timestamptz NOT NULL,
      gone_at         timestamptz,
      PRIMARY KEY (integration_id, client_id)
    );

    CREATE TABLE agents (
      integration_id      text COLLATE "C" NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
      agent_id            text COLLATE "C" NOT NULL,
      client_id           text COLLATE "C" NOT NULL,
      site_id             text COLLATE "C",
      hostname            text COLLATE "C" NOT NULL,
      os                  text COLLATE "C",
      online              boolean NOT NULL,
      last_seen           timestamptz,
      identity            jsonb NOT NULL,
      can_run_scripts     boolean NOT NULL,
      id_host             text COLLATE "C" NOT NULL DEFAULT '',
      id_uuid             text COLLATE "C",
      id_serial           text COLLATE "C",
      id_board            text COLLATE "C",
      id_manufacturer     text COLLATE "C",
      id_macs             text[] COLLATE "C" NOT NULL DEFAULT '{}',
      id_os_install_date  text COLLATE "C",
      content_hash        text COLLATE "C" NOT NULL,
      first_seen_at       timestamptz NOT NULL,
      gone_at             timestamptz,
      PRIMARY KEY (integration_id, agent_id)
    );
    CREATE INDEX agents_by_client ON agents (integration_id, client_id);

    CREATE TABLE sync_runs (
      id              text COLLATE "C" PRIMARY KEY,
      seq             bigint GENERATED ALWAYS AS IDENTITY,
      integration_id  text COLLATE "C" NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
      started_at      timestamptz NOT NULL,
      finished_at     timestamptz,
      status          text COLLATE "C" NOT NULL,
      counts          jsonb NOT NULL DEFAULT '{}',
      error           jsonb,
      pid             integer,
      host            text COLLATE "C"
    );
    CREATE INDEX sync_runs_by_integration ON sync_runs (integration_id, started_at);

    CREATE TABLE script_runs (
      id              text COLLATE "C" PRIMARY KEY,
      seq             bigint GENERATED ALWAYS AS IDENTITY,
      actor           text COLLATE "C" NOT NULL,
      computer_id     text COLLATE "C",
      integration_id  text COLLATE "C" NOT NULL,
      agent_id        text COLLATE "C" NOT NULL,
      language        text COLLATE "C" NOT NULL,
      script_sha256   text COLLATE "C" NOT NULL,
      status          text COLLATE "C" NOT NULL,
      exit_code       integer,
      output          text COLLATE "C",
      error_code      text COLLATE "C",
      started_at      timestamptz NOT NULL,
      finished_at     timestamptz
    );
    CREATE INDEX script_runs_by_computer ON script_runs (computer_id, started_at);

    CREATE TABLE audit_log (
      seq      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at       timestamptz NOT NULL,
      actor    text COLLATE "C" NOT NULL,
      action   text COLLATE "C" NOT NULL,
      subject  text COLLATE "C" NOT NULL,
      reason   text COLLATE "C",
      details  jsonb NOT NULL DEFAULT '{}'
    );
    CREATE INDEX audit_by_subject ON audit_log (subject, seq);
    CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$;
    CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

    CREATE TABLE process_locks (
      name          text COLLATE "C" PRIMARY KEY,
      pid           integer NOT NULL,
      host          text COLLATE "C" NOT NULL,
      acquired_at   timestamptz NOT NULL,
      heartbeat_at  timestamptz NOT NULL
    );

    CREATE TABLE integration_state (
      integration_id  text COLLATE "C" NOT NULL,
      key             text COLLATE "C" NOT NULL,
      value           text COLLATE "C" NOT NULL,
      updated_at      timestamptz NOT NULL,
      PRIMARY KEY (integration_id, key)
    );
  `,
};
