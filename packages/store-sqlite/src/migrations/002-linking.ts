import type { Migration } from './migration.js';

/** Tenant links and the decisions behind them. Decisions are revoked, never deleted. */
export const linking: Migration = {
  version: 2,
  name: 'linking',
  sql: `
    CREATE TABLE tenant_links (
      integration_id  TEXT NOT NULL,
      client_id       TEXT NOT NULL,
      tenant_id       TEXT NOT NULL REFERENCES tenants(id),
      source          TEXT NOT NULL CHECK (source IN ('auto', 'manual')),
      score           REAL,
      reasons         TEXT NOT NULL DEFAULT '[]',
      created_at      TEXT NOT NULL,
      PRIMARY KEY (integration_id, client_id),
      FOREIGN KEY (integration_id, client_id) REFERENCES rmm_clients(integration_id, client_id) ON DELETE CASCADE
    ) WITHOUT ROWID;
    CREATE INDEX tenant_links_by_tenant ON tenant_links (tenant_id);
  `,
};
