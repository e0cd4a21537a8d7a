import type { Migration } from './migration.js';

/**
 * Tenant links, the decisions behind them and the current suggestions (as the SQLite store's
 * migration 002).
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
      integration_id  text COLLATE "C" NOT NULL,
      client_id       text COLLATE "C" NOT NULL,
      tenant_id       text COLLATE "C" NOT NULL REFERENCES tenants(id),
      source          text COLLATE "C" NOT NULL CHECK (source IN ('auto', 'manual')),
      score           double precision,
      reasons         jsonb NOT NULL DEFAULT '[]',
      created_at      timestamptz NOT NULL,
      PRIMARY KEY (integration_id, client_id),
      FOREIGN KEY (integration_id, client_id) REFERENCES rmm_clients(integration_id, client_id) ON DELETE CASCADE
    );
    CREATE INDEX tenant_links_by_tenant ON tenant_links (tenant_id);

    CREATE TABLE link_decisions (
      id              text COLLATE "C" PRIMARY KEY,
      integration_id  text COLLATE "C" NOT NULL,
      client_id       text COLLATE "C" NOT NULL,
      kind            text COLLATE "C" NOT NULL CHECK (kind IN ('link', 'unlink', 'keep-separate', 'reject-suggestion')),
      tenant_id       text COLLATE "C",
      actor           text COLLATE "C" NOT NULL,
      reason          text COLLATE "C",
      decided_at      timestamptz NOT NULL,
      revoked_at      timestamptz,
      revoked_by      text COLLATE "C",
      revoke_reason   text COLLATE "C",
      CHECK ((kind = 'keep-separate') = (tenant_id IS NULL))
    );
    CREATE INDEX link_decisions_by_client ON link_decisions (integration_id, client_id, decided_at);
    CREATE FUNCTION link_decisions_revoke_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN RAISE EXCEPTION 'link_decisions are revoked, never deleted'; END IF;
        IF OLD.revoked_at IS NOT NULL OR NEW.revoked_at IS NULL
          OR (NEW.id, NEW.integration_id, NEW.client_id, NEW.kind, NEW.tenant_id, NEW.actor, NEW.reason, NEW.decided_at)
             IS DISTINCT FROM (OLD.id, OLD.integration_id, OLD.client_id, OLD.kind, OLD.tenant_id, OLD.actor, OLD.reason, OLD.decided_at)
        THEN RAISE EXCEPTION 'a link decision can only be revoked, once'; END IF;
        RETURN NEW;
      END $$;
    CREATE TRIGGER link_decisions_revoke_only BEFORE UPDATE OR DELETE ON link_decisions
      FOR EACH ROW EXECUTE FUNCTION link_decisions_revoke_only();

    CREATE TABLE link_suggestions (
      integration_id  text COLLATE "C" NOT NULL,
      client_id       text COLLATE "C" NOT NULL,
      tenant_id       text COLLATE "C" NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
      score           double precision NOT NULL,
      rank            integer NOT NULL,
      reasons         jsonb NOT NULL DEFAULT '[]',
      PRIMARY KEY (integration_id, client_id, tenant_id),
      FOREIGN KEY (integration_id, client_id) REFERENCES rmm_clients(integration_id, client_id) ON DELETE CASCADE
    );
  `,
};
