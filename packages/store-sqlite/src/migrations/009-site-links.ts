import type { Migration } from './migration.js';

/**
 * Agents by site or location: a link may target a site (N-central) or location (Automate), and
 * an agent's tenant is then its site's link before its client's, so the linked-agent reads look
 * agents up by site as they do by client.
 */
export const siteLinks: Migration = {
  version: 9,
  name: 'site-links',
  sql: `
    CREATE INDEX agents_by_site ON agents (integration_id, site_id);
  `,
};
