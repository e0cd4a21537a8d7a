/**
 * ListComputers — the agents of the given clients, streamed page by page. The sync asks only
 * for clients linked to a tenant. Memory must not grow with the fleet: yield as pages arrive.
 */
import { z } from 'zod';

import { RmmId } from './common.schema.js';
import { capabilityToken } from './token.js';
import type { RmmAgentInput } from './agent.schema.js';

export const ListComputersQuery = z.object({
  clientIds: z.array(RmmId),
});
export type ListComputersQuery = z.infer<typeof ListComputersQuery>;

export interface ListComputers {
  listComputers(query: ListComputersQuery, options?: { signal?: AbortSignal }): AsyncIterable<RmmAgentInput>;
}
export const ListComputers = capabilityToken<ListComputers>('ListComputers');
