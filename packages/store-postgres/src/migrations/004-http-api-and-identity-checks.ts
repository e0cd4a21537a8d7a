import type { Migration } from './migration.js';

/**
 * What the SQLite store gained in its migrations 7 and 8, in one step.
 *
 * API tokens of `rmm-hub serve`: the SHA-256 of each token's secret (never the secret), its
 * name and role; names are unique among live tokens only, so a revoked token's name can be given
 * again while the audit log's older entries still read the same. Computers by (name without
 * case, id): the API lists computers a page at a time in that order and searches them by the
 * start of the name, which this index answers as a range. `lower` on a "C" column folds ASCII
 * only, as SQLite's NOCASE does, so both stores page in the same order.
 *
 * When each agent's identity was last read from the RMM on its own, and the listed fields it
 * was read against. Identities stored before this version came with the listing at the
 * integration's last sync, so that is when they were checked: an upgrade spreads their refresh
 * over the rolling period instead of reading every identity again at once. An empty identity was
 * never read, and stays unchecked.
 */
export const httpApiAndIdentityChecks: Migration = {
  version: 4,
  name: 'http-api-and-identity-checks',
  sql: `
    CREATE TABLE api_tokens (
      id            text COLLATE "C" PRIMARY KEY,
      name          text COLLATE "C" NOT NULL,
      role          text COLLATE "C" NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
      secret_hash   text COLLATE "C" NOT NULL UNIQUE,
      created_at    timestamptz NOT NULL,
      last_used_at  timestamptz,
      revoked_at    timestamptz
    );
    CREATE UNIQUE INDEX api_tokens_live_name ON api_tokens (name) WHERE revoked_at IS NULL;

    CREATE INDEX computers_by_name ON computers (lower(name), id);

    ALTER TABLE agents ADD COLUMN identity_checked_at timestamptz;
    ALTER TABLE agents ADD COLUMN identity_basis text COLLATE "C";
    UPDATE agents a SET identity_checked_at = i.last_sync_at FROM integrations i
      WHERE i.id = a.integration_id AND a.identity <> '{"macAddresses": []}'::jsonb;
  `,
};
