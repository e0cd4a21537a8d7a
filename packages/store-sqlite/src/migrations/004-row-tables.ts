import type { Migration } from './migration.js';

/**
 * `agents` and `agent_links` become rowid tables with a UNIQUE key instead of WITHOUT ROWID
 * tables clustered on it. Their rows arrive in an order unrelated to the key (N-central lists
 * devices by org unit; identification writes a tenant's agents at a time), and a WITHOUT ROWID
 * table pays for every out-of-order insert by moving whole rows — an agent row is ~450 bytes
 * of identity — between pages. A rowid table appends the row and only the small key index
 * takes the disorder.
 *
 * SQLite's procedure for changing a table's shape: a new table, the rows copied, the old table
 * dropped and the new one renamed, with foreign keys off (`rebuildsTables`) so the drop does
 * not cascade into the rows that reference it.
 */
export const rowTables: Migration = {
  version: 4,
  name: 'row-tables',
  rebuildsTables: true,
  sql: `
    CREATE TABLE agents_new (
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
      UNIQUE (integration_id, agent_id)
    );
    INSERT INTO agents_new (integration_id, agent_id, client_id, site_id, hostname, os, online, last_seen, identity, can_run_scripts, content_hash, first_seen_at, gone_at)
      SELECT integration_id, agent_id, client_id, site_id, hostname, os, online, last_seen, identity, can_run_scripts, content_hash, first_seen_at, gone_at FROM agents;
    DROP TABLE agents;
    ALTER TABLE agents_new RENAME TO agents;
    CREATE INDEX agents_by_client ON agents (integration_id, client_id);

    CREATE TABLE agent_links_new (
      integration_id  TEXT NOT NULL,
      agent_id        TEXT NOT NULL,
      computer_id     TEXT NOT NULL REFERENCES computers(id) ON DELETE CASCADE,
      evidence        TEXT NOT NULL DEFAULT '',
      flags           INTEGER NOT NULL DEFAULT 0,
      linked_at       TEXT NOT NULL,
      UNIQUE (integration_id, agent_id),
      FOREIGN KEY (integration_id, agent_id) REFERENCES agents(integration_id, agent_id) ON DELETE CASCADE
    );
    INSERT INTO agent_links_new (integration_id, agent_id, computer_id, evidence, flags, linked_at)
      SELECT integration_id, agent_id, computer_id, evidence, flags, linked_at FROM agent_links;
    DROP TABLE agent_links;
    ALTER TABLE agent_links_new RENAME TO agent_links;
    CREATE INDEX agent_links_by_computer ON agent_links (computer_id);
  `,
};
