/**
 * Computers identified across RMMs — a page at a time from the store, whatever the fleet's size —
 * one computer with each agent's evidence and its timeline, the conflict queue and its
 * resolution, and undo of any identification operation from a timeline.
 */
import { NotFoundError } from '@rmm-hub/core';
import { z } from 'zod';

import { deciderOf, type ApiDeps } from '../api-deps.js';
import { PageQuery, decodeCursor, pageOf, pageOfRows } from '../pagination.js';
import { defineRoute, type Route } from '../route.js';
import { AgentRef, ComputerDetail, ComputerSummary, Conflict, DecisionOutcome, DecisionReason, QueryFlag } from '../schemas.js';

const ComputerCursor = z.object({ name: z.string(), id: z.string() });

export function computerRoutes({ hub }: ApiDeps): Route[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/api/computers',
      access: 'viewer',
      operationId: 'listComputers',
      tag: 'computers',
      summary: 'Computers in name order, with their agent and open-conflict counts',
      query: PageQuery.extend({
        tenantId: z.string().optional(),
        search: z.string().max(200).optional().describe('The start of the name, in any case'),
        includeRetired: QueryFlag,
      }),
      response: pageOf(ComputerSummary),
      handler: async ({ query }) => {
        const after = decodeCursor(query.cursor, ComputerCursor);
        const rows = await hub.computers.page({
          ...(query.tenantId === undefined ? {} : { tenantId: query.tenantId }),
          ...(query.search === undefined ? {} : { search: query.search }),
          includeRetired: query.includeRetired,
          after,
          limit: query.limit + 1,
        });
        return pageOfRows(rows, query.limit, (last) => ({ name: last.name, id: last.id }));
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/computers/{computerId}',
      access: 'viewer',
      operationId: 'describeComputer',
      tag: 'computers',
      summary: 'One computer: its agents with the evidence of each link, its conflicts and its timeline',
      params: z.object({ computerId: z.string().min(1) }),
      response: ComputerDetail,
      handler: async ({ params }) => {
        const detail = await hub.computers.describe(params.computerId, { timeline: true });
        if (detail === undefined) throw new NotFoundError(`No computer ${params.computerId}.`, { hint: 'List computers with GET /api/computers.' });
        return detail;
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/conflicts',
      access: 'viewer',
      operationId: 'listConflicts',
      tag: 'computers',
      summary: 'The conflict queue (clones, reinstalls, cross-tenant matches): open ones by default',
      query: PageQuery.extend({ status: z.enum(['open', 'resolved', 'cleared', 'all']).optional(), tenantId: z.string().optional(), kind: z.string().optional() }),
      response: pageOf(Conflict),
      handler: async ({ query }) => {
        const status = query.status ?? 'open';
        const rows = await hub.computers.conflictPage({
          status: status === 'all' ? undefined : status,
          tenantId: query.tenantId,
          kind: query.kind,
          after: decodeCursor(query.cursor, z.string()),
          limit: query.limit + 1,
        });
        return pageOfRows(rows, query.limit, (last) => last.id);
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/conflicts/{conflictId}/resolve',
      access: 'operator',
      operationId: 'resolveConflict',
      tag: 'computers',
      summary: 'Resolve a conflict: merge, keep apart or mark wiped; the answer names the operation that undoes it',
      params: z.object({ conflictId: z.string().min(1) }),
      body: DecisionReason.extend({ resolution: z.enum(['merge', 'keep-apart', 'mark-wiped']) }),
      response: DecisionOutcome,
      handler: async ({ params, body, principal }) => hub.computers.resolveConflict(params.conflictId, body.resolution, deciderOf(principal, body.reason)),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/operations/{opId}/undo',
      access: 'operator',
      operationId: 'undoOperation',
      tag: 'computers',
      summary: "Undo an identification operation (a merge, split or resolution) by its id from a computer's timeline",
      params: z.object({ opId: z.string().min(1) }),
      body: DecisionReason,
      response: DecisionOutcome,
      handler: async ({ params, body, principal }) => hub.computers.undo(params.opId, deciderOf(principal, body.reason)),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/computers/{computerId}/agent-links',
      access: 'viewer',
      operationId: 'agentLinks',
      tag: 'computers',
      summary: "Each agent of a computer with the link to its page in its RMM's console (AgentUrl), or why its RMM gives none",
      params: z.object({ computerId: z.string().min(1) }),
      response: z.object({ items: z.array(AgentRef.extend({ hostname: z.string(), url: z.string().optional(), error: z.string().optional() })) }),
      handler: async ({ params }) => ({ items: await hub.agents.urlsOf(params.computerId) }),
    }),
  ];
}
