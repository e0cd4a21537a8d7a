import type { Migration } from './migration.js';

/**
 * When each agent's identity was last read from the RMM on its own (GetComputerIdentity), and
 * the listed fields it was read against: the sync reads identity again only for agents that are
 * new, whose listed fields changed, or whose rolling refresh is due.
 *
 * Identities stored before this version came with the listing at the integration's last sync,
 * so that is when they were checked: an upgrade spreads their refresh over the rolling period
 * instead of reading every agent's identity again at once. An empty identity was never read,
 * and stays unchecked. No basis is known for them: a changed hostname is noticed from their
 * first refresh on.
 */
export const identityChecks: Migration = {
  version: 8,
  name: 'identity-checks',
  sql: `
    ALTER TABLE agents ADD COLUMN identity_checked_at TEXT;
    ALTER TABLE agents ADD COLUMN identity_basis TEXT;
    UPDATE agents SET identity_checked_at = (SELECT last_sync_at FROM integrations i WHERE i.id = agents.integration_id)
      WHERE identity <> '{"macAddresses":[]}';
  `,
};
