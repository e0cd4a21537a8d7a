import type { Migration } from './migration.js';

/**
 * Tenant links, the decisions behind them and the current suggestions.
 *
 * `link_decisions` is the sticky memory of what people decided; rows are revoked (the
 * `revoked_*` columns set once), never deleted or otherwise changed, which triggers enforce.
 * It has no foreign key to `rmm_clients` on purpose: a decision outlives a client that
 * disappears from its RMM and applies again when the client comes back.
 * `link_suggestions` is derived state, rewritten by each linking run (only the rows that differ).
 */
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

    CREATE TABLE link_decisions (
      id              TEXT PRIMARY KEY,
      integration_id  TEXT NOT NULL,
      client_id       TEXT NOT NULL,
      kind            TEXT NOT NULL CHECK (kind IN ('link', 'unlink', 'keep-separate', 'reject-suggestion')),
      tenant_id       TEXT,
      actor           TEXT NOT NULL,
      reason          TEXT,
      decided_at      TEXT NOT NULL,
      revoked_at      TEXT,
      revoked_by      TEXT,
      revoke_reason   TEXT,
      CHECK ((kind = 'keep-separate') = (tenant_id IS NULL))
    );
    CREATE INDEX link_decisions_by_client ON link_decisions (integration_id, client_id, decided_at);
    CREATE TRIGGER link_decisions_no_delete BEFORE DELETE ON link_decisions
      BEGIN SELECT RAISE(ABORT, 'link_decisions are revoked, never deleted'); END;
    CREATE TRIGGER link_decisions_revoke_only BEFORE UPDATE ON link_decisions
      WHEN OLD.revoked_at IS NOT NULL
        OR NEW.id IS NOT OLD.id OR NEW.integration_id IS NOT OLD.integration_id OR NEW.client_id IS NOT OLD.client_id
        OR NEW.kind IS NOT OLD.kind OR NEW.tenant_id IS NOT OLD.tenant_id OR NEW.actor IS NOT OLD.actor
        OR NEW.reason IS NOT OLD.reason OR NEW.decided_at IS NOT OLD.decided_at OR NEW.revoked_at IS NULL
      BEGIN SELECT RAISE(ABORT, 'a link decision can only be revoked, once'); END;

    CREATE TABLE link_suggestions (
      integration_id  TEXT NOT NULL,
      client_id       TEXT NOT NULL,
      tenant_id       TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      score           REAL NOT NULL,
      rank            INTEGER NOT NULL,
      reasons         TEXT NOT NULL DEFAULT '[]',
      PRIMARY KEY (integration_id, client_id, tenant_id),
      FOREIGN KEY (integration_id, client_id) REFERENCES rmm_clients(integration_id, client_id) ON DELETE CASCADE
    ) WITHOUT ROWID;
  `,
};
