/**
 * ListComputers — the agents of the given clients, streamed page by page. The sync asks only
 * for clients linked to a tenant. Memory must not grow with the fleet: yield as pages arrive.
 */
import { z } from 'zod';

import { RmmId } from './common.schema.js';
import { capabilityToken } from './token.js';
import type { RmmAgentInput } from './agent.schema.js';

/** Schema of a ListComputers query: the clients whose agents to list. */
export const ListComputersQuery = z.object({
  clientIds: z.array(RmmId),
});
/** Which clients' agents to list. */
export type ListComputersQuery = z.infer<typeof ListComputersQuery>;

/** Lists the agents of the given clients. Fan-out; the sync asks only for clients linked to a tenant. */
export interface ListComputers {
  /** Streams the agents of `query.clientIds`, page by page as they arrive. */
  listComputers(query: ListComputersQuery, options?: { signal?: AbortSignal }): AsyncIterable<RmmAgentInput>;
}
/** Injection token of the {@link ListComputers} capability. */
export const ListComputers = capabilityToken<ListComputers>('ListComputers');
