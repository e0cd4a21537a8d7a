import type { Migration } from './migration.js';

/**
 * What `rmm-hub serve` needs. API tokens: the SHA-256 of each token's secret (the secret is
 * never stored), its name and role; names are unique among live tokens only, so a revoked
 * token's name can be given again while the audit log's older entries still read the same.
 * And computers by (name without case, id): the API lists computers a page at a time in that
 * order, and searches them by the start of the name, which this index answers without sorting
 * or scanning the fleet.
 */
export const httpApi: Migration = {
  version: 7,
  name: 'http-api',
  sql: `
    CREATE TABLE api_tokens (
      id            TEXT PRIMARY KEY,
      name          TEXT NOT NULL,
      role          TEXT NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
      secret_hash   TEXT NOT NULL UNIQUE,
      created_at    TEXT NOT NULL,
      last_used_at  TEXT,
      revoked_at    TEXT
    );
    CREATE UNIQUE INDEX api_tokens_live_name ON api_tokens (name) WHERE revoked_at IS NULL;

    CREATE INDEX computers_by_name ON computers (name COLLATE NOCASE, id);
  `,
};
