import type { Migration } from './migration.js';

/**
 * What the last identification run recorded of itself — the fingerprint of the inputs it
 * identified and its outcome — so a sync in a new process skips a run that would change
 * nothing, as a sync in the same process already did. One row at most.
 */
export const identificationMemo: Migration = {
  version: 10,
  name: 'identification-memo',
  sql: `
    CREATE TABLE identification_memo (
      id          INTEGER PRIMARY KEY CHECK (id = 1),
      fingerprint TEXT NOT NULL,
      outcome     TEXT NOT NULL,
      at          TEXT NOT NULL
    );
  `,
};
