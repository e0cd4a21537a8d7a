import type { Migration } from './migration.js';

/** Computers and the agents identified as each, with the evidence of every link. */
export const identification: Migration = {
  version: 3,
  name: 'identification',
  sql: `
    CREATE TABLE computers (
      id          TEXT PRIMARY KEY,
      tenant_id   TEXT NOT NULL REFERENCES tenants(id),
      name        TEXT NOT NULL,
      created_at  TEXT NOT NULL
    );
    CREATE INDEX computers_by_tenant ON computers (tenant_id);

    CREATE TABLE agent_links (
      integration_id  TEXT NOT NULL,
      agent_id        TEXT NOT NULL,
      computer_id     TEXT NOT NULL REFERENCES computers(id) ON DELETE CASCADE,
      evidence        TEXT NOT NULL DEFAULT '{}',
      linked_at       TEXT NOT NULL,
      PRIMARY KEY (integration_id, agent_id),
      FOREIGN KEY (integration_id, agent_id) REFERENCES agents(integration_id, agent_id) ON DELETE CASCADE
    ) WITHOUT ROWID;
    CREATE INDEX agent_links_by_computer ON agent_links (computer_id);
  `,
};
