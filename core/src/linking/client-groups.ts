/**
 * Client grouping: N-central sites under customers, Automate locations under clients. ListClients
 * streams a group as a client of its own (kind `site` or `location`, `parentId` its client), so a
 * link can target it. People name a group the way its RMM shows it — its number or its name —
 * under its client; this finds the stored group they mean.
 */
import type { StoredClient } from '../store/records.js';
import { LinkingError, LinkingErrorCodes } from './linking-errors.js';

/** The kinds of client that group agents under another client. */
export const GROUP_KINDS: ReadonlySet<string> = new Set(['site', 'location']);

/** Whether a client is a site or location of another client. */
export function isClientGroup(client: Pick<StoredClient, 'kind'>): boolean {
  return GROUP_KINDS.has(client.kind);
}

/**
 * The site or location `group` of client `parentId`, among `clients` (one integration's): `group`
 * is its id, its number as the RMM shows it (the id's last `:`-part, e.g. `7` for `location:7`) or
 * its name (any case). Several matching by name, or none: an error that lists the groups there are.
 */
export function resolveClientGroup(clients: readonly StoredClient[], integrationId: string, parentId: string, group: string): StoredClient {
  const groups = clients.filter((c) => c.integrationId === integrationId && c.parentId === parentId && isClientGroup(c) && c.goneAt === undefined);
  const wanted = group.trim();
  const byId = groups.filter((c) => c.id === wanted || c.id.split(':').at(-1) === wanted);
  const matches = byId.length > 0 ? byId : groups.filter((c) => c.name.localeCompare(wanted, undefined, { sensitivity: 'accent' }) === 0);
  if (matches.length === 1 && matches[0]) return matches[0];
  const known = groups.map((c) => `${c.id} "${c.name}"`).join(', ');
  throw new LinkingError(
    LinkingErrorCodes.groupNotFound,
    matches.length === 0
      ? `Client ${parentId} of ${integrationId} has no site or location "${wanted}"`
      : `Client ${parentId} of ${integrationId} has ${matches.length} sites or locations named "${wanted}"`,
    {
      hint: groups.length === 0 ? 'This client has no sites or locations (after the last sync); link the client itself.' : `Name one by its id: ${known}.`,
      context: { integrationId, clientId: parentId, group: wanted },
    },
  );
}
