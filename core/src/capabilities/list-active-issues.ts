/** ListActiveIssues (optional) — open monitoring issues (alerts) for the given clients. */
import { z } from 'zod';

import { IsoInstant, RmmId } from './common.schema.js';
import { capabilityToken } from './token.js';

export const ActiveIssue = z.object({
  id: RmmId,
  clientId: RmmId,
  agentId: RmmId.optional(),
  severity: z.enum(['info', 'warning', 'failed', 'critical']),
  title: z.string(),
  since: IsoInstant.optional(),
});
export type ActiveIssue = z.infer<typeof ActiveIssue>;
export type ActiveIssueInput = z.input<typeof ActiveIssue>;

export interface ListActiveIssues {
  listActiveIssues(query: { clientIds: string[] }, options?: { signal?: AbortSignal }): AsyncIterable<ActiveIssueInput>;
}
export const ListActiveIssues = capabilityToken<ListActiveIssues>('ListActiveIssues');
