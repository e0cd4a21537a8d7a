/** The audit log, newest first, a page at a time from the store. */
import { z } from 'zod';

import type { ApiDeps } from '../api-deps.js';
import { PageQuery, decodeCursor, encodeCursor, pageOf } from '../pagination.js';
import { defineRoute, type Route } from '../route.js';
import { AuditEntry } from '../schemas.js';

export function auditRoutes({ hub }: ApiDeps): Route[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/api/audit',
      access: 'viewer',
      operationId: 'listAudit',
      tag: 'audit',
      summary: 'The audit log, newest first: decisions, script runs, agent actions, with who did them',
      query: PageQuery.extend({
        actor: z.string().optional().describe("A token's name, or system:… for automation"),
        action: z.string().optional().describe('e.g. link:accept, script:run'),
        subject: z.string().optional().describe('e.g. client:nc-prod/123, computer:c_42'),
      }),
      response: pageOf(AuditEntry),
      handler: async ({ query }) => {
        const beforeSeq = decodeCursor(query.cursor, z.number().int());
        const rows = await hub.store.audit.page({ actor: query.actor, action: query.action, subject: query.subject, beforeSeq, limit: query.limit + 1 });
        const items = rows.slice(0, query.limit);
        const last = items.at(-1);
        return { items, ...(rows.length > query.limit && last ? { nextCursor: encodeCursor(last.seq) } : {}) };
      },
    }),
  ];
}
