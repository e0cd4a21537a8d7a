import type { Migration } from './migration.js';

/**
 * Computers and the agents identified as each, with the evidence of every link; sticky pins
 * (decisions), the per-computer timeline, undoable operations with their before/after images,
 * the conflict queue, and what identity scripts reported (as the SQLite store's migration 003).
 *
 * Evidence is one canonical text per link (encoded by core), so "did it change?" is a string
 * comparison and an unchanged run writes nothing; before/after images and the identities
 * scripts reported are core's encodings too, kept as text for the same reason.
 */
export const identification: Migration = {
  version: 3,
  name: 'identification',
  sql: `
    CREATE TABLE computers (
      id                  text COLLATE "C" PRIMARY KEY,
      tenant_id           text COLLATE "C" NOT NULL REFERENCES tenants(id),
      name                text COLLATE "C" NOT NULL,
      created_at          timestamptz NOT NULL,
      os_install_date     text COLLATE "C",
      wiped_install_date  text COLLATE "C",
      retired_at          timestamptz
    );
    CREATE INDEX computers_by_tenant ON computers (tenant_id);

    CREATE TABLE agent_links (
      integration_id  text COLLATE "C" NOT NULL,
      agent_id        text COLLATE "C" NOT NULL,
      computer_id     text COLLATE "C" NOT NULL REFERENCES computers(id) ON DELETE CASCADE,
      evidence        text COLLATE "C" NOT NULL DEFAULT '',
      flags           integer NOT NULL DEFAULT 0,
      linked_at       timestamptz NOT NULL,
      PRIMARY KEY (integration_id, agent_id),
      FOREIGN KEY (integration_id, agent_id) REFERENCES agents(integration_id, agent_id) ON DELETE CASCADE
    );
    CREATE INDEX agent_links_by_computer ON agent_links (computer_id);

    CREATE TABLE identification_pins (
      integration_id  text COLLATE "C" NOT NULL,
      agent_id        text COLLATE "C" NOT NULL,
      computer_id     text COLLATE "C" NOT NULL,
      op_id           text COLLATE "C" NOT NULL,
      at              timestamptz NOT NULL,
      PRIMARY KEY (integration_id, agent_id)
    );

    CREATE TABLE identification_ops (
      id          text COLLATE "C" PRIMARY KEY,
      kind        text COLLATE "C" NOT NULL CHECK (kind IN ('run', 'resolve', 'undo')),
      actor       text COLLATE "C" NOT NULL,
      at          timestamptz NOT NULL,
      summary     text COLLATE "C" NOT NULL,
      undone_at   timestamptz,
      undone_by   text COLLATE "C"
    );

    CREATE TABLE identification_changes (
      op_id   text COLLATE "C" NOT NULL REFERENCES identification_ops(id) ON DELETE CASCADE,
      seq     integer NOT NULL,
      entity  text COLLATE "C" NOT NULL CHECK (entity IN ('link', 'pin', 'computer', 'conflict')),
      key     text COLLATE "C" NOT NULL,
      before  text COLLATE "C",
      after   text COLLATE "C",
      PRIMARY KEY (op_id, seq)
    );

    CREATE TABLE computer_timeline (
      seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      computer_id  text COLLATE "C" NOT NULL,
      at           timestamptz NOT NULL,
      kind         text COLLATE "C" NOT NULL,
      op_id        text COLLATE "C" NOT NULL,
      summary      text COLLATE "C" NOT NULL,
      details      jsonb NOT NULL DEFAULT '{}'
    );
    CREATE INDEX computer_timeline_by_computer ON computer_timeline (computer_id, seq);

    CREATE TABLE identification_conflicts (
      id               text COLLATE "C" PRIMARY KEY,
      kind             text COLLATE "C" NOT NULL,
      tenant_ids       text[] COLLATE "C" NOT NULL,
      key              text COLLATE "C" NOT NULL,
      computer_ids     text[] COLLATE "C" NOT NULL,
      ambiguous_agents jsonb NOT NULL DEFAULT '[]',
      detail           text COLLATE "C" NOT NULL,
      status           text COLLATE "C" NOT NULL CHECK (status IN ('open', 'resolved', 'cleared')),
      resolution       text COLLATE "C",
      resolved_by      text COLLATE "C",
      resolved_at      timestamptz,
      first_seen_at    timestamptz NOT NULL,
      updated_at       timestamptz NOT NULL
    );
    CREATE INDEX identification_conflicts_by_status ON identification_conflicts (status);

    CREATE TABLE identity_reports (
      integration_id   text COLLATE "C" NOT NULL,
      agent_id         text COLLATE "C" NOT NULL,
      status           text COLLATE "C" NOT NULL CHECK (status IN ('ok', 'failed')),
      identity         text COLLATE "C",
      attempts         integer NOT NULL,
      last_error       text COLLATE "C",
      next_attempt_at  timestamptz,
      at               timestamptz NOT NULL,
      PRIMARY KEY (integration_id, agent_id)
    );
  `,
};
