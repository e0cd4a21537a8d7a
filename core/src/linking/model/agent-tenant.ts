/**
 * Which tenant an agent belongs to. Where an RMM groups clients (N-central sites under
 * customers, Automate locations under clients), a person may link one site or location to a
 * tenant of its own: one customer often hosts several companies, one per site. So the agent's
 * site or location link decides first, and its client's link only where the site has none.
 * The SQL stores express the same rule in their join (see their `LINKED_AGENTS`).
 */

/** Where an agent sits in its RMM: its client and, where the RMM has one, its site or location. */
export interface AgentPlacement {
  integrationId: string;
  clientId: string;
  siteId?: string | undefined;
}

/** The tenant linked to one client of an integration, if any. */
export type TenantOfClient = (integrationId: string, clientId: string) => string | undefined;

/** The agent's tenant: its site's or location's link first, then its client's. */
export function tenantOfAgent(agent: AgentPlacement, tenantOfClient: TenantOfClient): string | undefined {
  const bySite = agent.siteId === undefined ? undefined : tenantOfClient(agent.integrationId, agent.siteId);
  return bySite ?? tenantOfClient(agent.integrationId, agent.clientId);
}

/** A {@link TenantOfClient} over a list of links, read once. */
export function tenantsByClient(links: Iterable<{ integrationId: string; clientId: string; tenantId: string }>): TenantOfClient {
  const byKey = new Map<string, string>();
  for (const link of links) byKey.set(`${link.integrationId}\u0000${link.clientId}`, link.tenantId);
  return (integrationId, clientId) => byKey.get(`${integrationId}\u0000${clientId}`);
}
