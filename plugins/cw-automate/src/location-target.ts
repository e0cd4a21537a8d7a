/**
 * Where an action aimed at a client lands in Automate: computers live in locations, so a
 * `location:<id>` target is used as is and a client id means the client's first location.
 */
import { NotFoundError } from '@rmm-hub/core/plugin';

import type { AutomateApi, Row } from './automate-api.js';
import { parseLocationKey } from './list-clients.js';
import { field, parseId } from './parse-values.js';

export async function resolveLocation(api: AutomateApi, target: string, signal?: AbortSignal): Promise<string> {
  const location = parseLocationKey(target);
  if (location) return location;
  const clientId = parseId(target);
  if (!clientId) throw new NotFoundError(`cw-automate: "${target}" is neither an Automate client id nor a location:<id>`);
  const { body } = await api.get<Row[]>('/locations', {
    query: { condition: `Client.Id = ${Number(clientId)}`, orderby: 'Id asc', pageSize: 1, page: 1, includefields: 'Id' },
    ...(signal ? { signal } : {}),
  });
  const first = Array.isArray(body) ? parseId(field(body[0], 'Id')) : undefined;
  if (!first) throw new NotFoundError(`cw-automate: client ${clientId} has no location`, { hint: 'Create a location for the client in Automate, or use a location:<id> directly.' });
  return first;
}
