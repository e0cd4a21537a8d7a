/** ListActiveIssues (optional) — open monitoring issues (alerts) for the given clients. */
import { z } from 'zod';

import { IsoInstant, RmmId } from './common.schema.js';
import { capabilityToken } from './token.js';

/** Schema of one open alert or issue the RMM reports on an agent. */
export const ActiveIssue = z.object({
  id: RmmId,
  clientId: RmmId,
  agentId: RmmId.optional(),
  severity: z.enum(['info', 'warning', 'failed', 'critical']),
  title: z.string(),
  since: IsoInstant.optional(),
});
/** An open issue on an agent, as validated by the host. */
export type ActiveIssue = z.infer<typeof ActiveIssue>;
/** What a plugin may yield as an issue, before the schema fills defaults. */
export type ActiveIssueInput = z.input<typeof ActiveIssue>;

/** Lists the open issues of the given clients' agents (optional). Fan-out, streamed. */
export interface ListActiveIssues {
  /** Streams the open issues of the agents of `query.clientIds`. */
  listActiveIssues(query: { clientIds: string[] }, options?: { signal?: AbortSignal }): AsyncIterable<ActiveIssueInput>;
}
/** Injection token of the {@link ListActiveIssues} capability. */
export const ListActiveIssues = capabilityToken<ListActiveIssues>('ListActiveIssues');
