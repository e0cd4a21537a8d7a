/**
 * RMM clients, their links to tenants and the suggestions with their evidence, and every
 * decision a person makes on them — accept, reject, keep separate, unlink, revoke — plus bulk
 * tenant creation (preview, apply). Decisions are audited by the facade under the token's name.
 */
import { z } from 'zod';

import { deciderOf, type ApiDeps } from '../api-deps.js';
import { PageQuery, pageByKey, pageOf } from '../pagination.js';
import { defineRoute, type Route } from '../route.js';
import { Client, ClientRef, Decision, DecisionAnswer, DecisionReason, Link, QueryFlag, Suggestion, TenantCreationPlan } from '../schemas.js';

const clientKey = (c: { integrationId: string; clientId: string }): string => `${c.integrationId}\u0000${c.clientId}`;
const contains = (text: string, search: string | undefined): boolean => search === undefined || text.toLowerCase().includes(search.toLowerCase());
const Search = z.string().max(200).optional().describe('Part of the name, any case');
const OnClient = ClientRef.extend(DecisionReason.shape).extend({
  group: z.string().min(1).optional().describe("A site or location of the client (its id or name): the decision is about it, and its link decides its agents' tenant before the client's"),
});

export function linkRoutes({ hub }: ApiDeps): Route[] {
  const decide = (kind: 'accept' | 'reject' | 'keepSeparate' | 'unlink', operationId: string, summary: string, withTenant: boolean): Route =>
    defineRoute({
      method: 'POST',
      path: `/api/links/${kind === 'keepSeparate' ? 'keep-separate' : kind}`,
      access: 'operator',
      operationId,
      tag: 'links',
      summary,
      body: withTenant ? OnClient.extend({ tenantId: z.string().min(1).optional().describe('Default: the best suggestion') }) : OnClient,
      response: DecisionAnswer,
      handler: async ({ body, principal }) => {
        const input = { integrationId: body.integrationId, clientId: body.clientId, ...(body.group === undefined ? {} : { group: body.group }), ...deciderOf(principal, body.reason), ...('tenantId' in body && body.tenantId !== undefined ? { tenantId: body.tenantId as string } : {}) };
        const outcome = await hub.links[kind](input);
        return { decision: outcome.decision, superseded: outcome.superseded };
      },
    });

  return [
    defineRoute({
      method: 'GET',
      path: '/api/clients',
      access: 'viewer',
      operationId: 'listClients',
      tag: 'links',
      summary: 'RMM clients as last synced',
      query: PageQuery.extend({ integrationId: z.string().optional(), includeGone: QueryFlag, search: Search }),
      response: pageOf(Client),
      handler: async ({ query }) => {
        const clients = await hub.clients({ ...(query.integrationId === undefined ? {} : { integrationId: query.integrationId }), includeGone: query.includeGone });
        return pageByKey(
          clients.filter((c) => contains(c.name, query.search)),
          (c) => clientKey({ integrationId: c.integrationId, clientId: c.id }),
          query,
        );
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/links',
      access: 'viewer',
      operationId: 'listLinks',
      tag: 'links',
      summary: 'Clients linked to tenants, each with the reasons it was linked',
      query: PageQuery.extend({ tenantId: z.string().optional(), integrationId: z.string().optional(), search: Search }),
      response: pageOf(Link),
      handler: async ({ query }) => {
        const { links } = await hub.links.view();
        const wanted = links.filter((l) => (query.tenantId === undefined || l.tenantId === query.tenantId) && (query.integrationId === undefined || l.integrationId === query.integrationId) && contains(l.clientName, query.search));
        return pageByKey(wanted, clientKey, query);
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/suggestions',
      access: 'viewer',
      operationId: 'listSuggestions',
      tag: 'links',
      summary: 'Suggested links waiting for review, each with its score and evidence',
      query: PageQuery.extend({ minScore: z.string().regex(/^(0(\.\d+)?|1(\.0+)?)$/).optional().transform((v) => (v === undefined ? 0 : Number(v))), search: Search }),
      response: pageOf(Suggestion),
      handler: async ({ query }) => {
        const { suggestions } = await hub.links.view();
        const wanted = suggestions.filter((s) => s.score >= query.minScore && contains(s.clientName, query.search));
        return pageByKey(wanted, (s) => `${clientKey(s)}\u0000${String(s.rank).padStart(4, '0')}`, query);
      },
    }),
    decide('accept', 'acceptLink', 'Link a client to a tenant (by default its best suggestion)', true),
    decide('reject', 'rejectSuggestion', 'Never suggest or auto-link the client to this tenant (by default its best suggestion)', true),
    decide('keepSeparate', 'keepSeparate', 'The client belongs to no tenant: never link or suggest it', false),
    decide('unlink', 'unlinkClient', "Remove the client's link; it is only suggested again until the decision is revoked", false),
    defineRoute({
      method: 'GET',
      path: '/api/decisions',
      access: 'viewer',
      operationId: 'listDecisions',
      tag: 'links',
      summary: 'Link decisions people made; revoked ones too with includeRevoked',
      query: PageQuery.extend({ integrationId: z.string().optional(), clientId: z.string().optional(), includeRevoked: QueryFlag }),
      response: pageOf(Decision),
      handler: async ({ query }) => {
        const decisions = await hub.links.decisions({
          ...(query.integrationId === undefined ? {} : { integrationId: query.integrationId }),
          ...(query.clientId === undefined ? {} : { clientId: query.clientId }),
          includeRevoked: query.includeRevoked,
        });
        return pageByKey(decisions, (d) => d.id, query);
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/decisions/{decisionId}/revoke',
      access: 'operator',
      operationId: 'revokeDecision',
      tag: 'links',
      summary: 'Revoke a decision: its effect goes, the record and its audit trail stay',
      params: z.object({ decisionId: z.string().min(1) }),
      body: DecisionReason,
      response: z.object({ decision: Decision }),
      handler: async ({ params, body, principal }) => {
        const { decision } = await hub.links.revoke({ decisionId: params.decisionId, ...deciderOf(principal, body.reason) });
        return { decision };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/tenant-creation',
      access: 'viewer',
      operationId: 'previewTenantCreation',
      tag: 'links',
      summary: 'The tenants bulk creation would make for unlinked clients, and the clients it leaves out with why. Writes nothing',
      query: z.object({ includeSuggested: QueryFlag }),
      response: TenantCreationPlan.extend({ warnings: z.array(z.looseObject({ message: z.string() })) }),
      handler: async ({ query }) => hub.links.previewCreateTenants({ includeSuggested: query.includeSuggested }),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/tenant-creation',
      access: 'operator',
      operationId: 'applyTenantCreation',
      tag: 'links',
      summary: 'Create the previewed tenants (all, or those named) and link their clients to them',
      body: DecisionReason.extend({ includeSuggested: z.boolean().optional(), tenantIds: z.array(z.string()).optional().describe('Planned tenant ids from the preview; all when absent') }),
      response: TenantCreationPlan,
      handler: async ({ body, principal }) => {
        const { tenants, skipped } = await hub.links.createTenants({
          ...deciderOf(principal, body.reason),
          ...(body.includeSuggested === undefined ? {} : { includeSuggested: body.includeSuggested }),
          ...(body.tenantIds === undefined ? {} : { tenantIds: body.tenantIds }),
        });
        return { tenants, skipped };
      },
    }),
  ];
}
