import type { Migration } from './migration.js';

/**
 * Computers and the agents identified as each, with the evidence of every link; sticky pins
 * (decisions), the per-computer timeline, undoable operations with their before/after images,
 * the conflict queue, and what identity scripts reported.
 *
 * Evidence is one canonical text per link (encoded by core), so "did it change?" is a string
 * comparison and an unchanged run writes nothing.
 */
export const identification: Migration = {
  version: 3,
  name: 'identification',
  sql: `
    CREATE TABLE computers (
      id                  TEXT PRIMARY KEY,
      tenant_id           TEXT NOT NULL REFERENCES tenants(id),
      name                TEXT NOT NULL,
      created_at          TEXT NOT NULL,
      os_install_date     TEXT,
      wiped_install_date  TEXT,
      retired_at          TEXT
    );
    CREATE INDEX computers_by_tenant ON computers (tenant_id);

    CREATE TABLE agent_links (
      integration_id  TEXT NOT NULL,
      agent_id        TEXT NOT NULL,
      computer_id     TEXT NOT NULL REFERENCES computers(id) ON DELETE CASCADE,
      evidence        TEXT NOT NULL DEFAULT '',
      flags           INTEGER NOT NULL DEFAULT 0,
      linked_at       TEXT NOT NULL,
      PRIMARY KEY (integration_id, agent_id),
      FOREIGN KEY (integration_id, agent_id) REFERENCES agents(integration_id, agent_id) ON DELETE CASCADE
    ) WITHOUT ROWID;
    CREATE INDEX agent_links_by_computer ON agent_links (computer_id);

    CREATE TABLE identification_pins (
      integration_id  TEXT NOT NULL,
      agent_id        TEXT NOT NULL,
      computer_id     TEXT NOT NULL,
      op_id           TEXT NOT NULL,
      at              TEXT NOT NULL,
      PRIMARY KEY (integration_id, agent_id)
    ) WITHOUT ROWID;

    CREATE TABLE identification_ops (
      id          TEXT PRIMARY KEY,
      kind        TEXT NOT NULL CHECK (kind IN ('run', 'resolve', 'undo')),
      actor       TEXT NOT NULL,
      at          TEXT NOT NULL,
      summary     TEXT NOT NULL,
      undone_at   TEXT,
      undone_by   TEXT
    );

    CREATE TABLE identification_changes (
      op_id   TEXT NOT NULL REFERENCES identification_ops(id) ON DELETE CASCADE,
      seq     INTEGER NOT NULL,
      entity  TEXT NOT NULL CHECK (entity IN ('link', 'pin', 'computer', 'conflict')),
      key     TEXT NOT NULL,
      before  TEXT,
      after   TEXT,
      PRIMARY KEY (op_id, seq)
    ) WITHOUT ROWID;

    CREATE TABLE computer_timeline (
      seq          INTEGER PRIMARY KEY AUTOINCREMENT,
      computer_id  TEXT NOT NULL,
      at           TEXT NOT NULL,
      kind         TEXT NOT NULL,
      op_id        TEXT NOT NULL,
      summary      TEXT NOT NULL,
      details      TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX computer_timeline_by_computer ON computer_timeline (computer_id, seq);

    CREATE TABLE identification_conflicts (
      id               TEXT PRIMARY KEY,
      kind             TEXT NOT NULL,
      tenant_ids       TEXT NOT NULL,
      key              TEXT NOT NULL,
      computer_ids     TEXT NOT NULL,
      ambiguous_agents TEXT NOT NULL DEFAULT '[]',
      detail           TEXT NOT NULL,
      status           TEXT NOT NULL CHECK (status IN ('open', 'resolved', 'cleared')),
      resolution       TEXT,
      resolved_by      TEXT,
      resolved_at      TEXT,
      first_seen_at    TEXT NOT NULL,
      updated_at       TEXT NOT NULL
    );
    CREATE INDEX identification_conflicts_by_status ON identification_conflicts (status);

    CREATE TABLE identity_reports (
      integration_id   TEXT NOT NULL,
      agent_id         TEXT NOT NULL,
      status           TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
      identity         TEXT,
      attempts         INTEGER NOT NULL,
      last_error       TEXT,
      next_attempt_at  TEXT,
      at               TEXT NOT NULL,
      PRIMARY KEY (integration_id, agent_id)
    ) WITHOUT ROWID;
  `,
};
