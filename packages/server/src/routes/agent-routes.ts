/**
 * Agents: where a script for a computer would go, and the agent actions' plans (retire the stale
 * agents of reinstalled machines, move misfiled ones) — previews that change nothing — and
 * running a script, which only admins may do and which the facade audits under the token's name.
 */
import { z } from 'zod';

import { deciderOf, type ApiDeps } from '../api-deps.js';
import { defineRoute, type Route } from '../route.js';
import { AgentRef, ScriptOutcome, ScriptRequest } from '../schemas.js';

const AgentStep = z.looseObject({ agent: AgentRef, reason: z.string().optional() });

export function agentRoutes({ hub }: ApiDeps): Route[] {
  return [
    defineRoute({
      method: 'GET',
      path: '/api/computers/{computerId}/agents',
      access: 'viewer',
      operationId: 'scriptTargets',
      tag: 'agents',
      summary: "The computer's agents a script could go to, best first: live, linked, able to run scripts",
      params: z.object({ computerId: z.string().min(1) }),
      response: z.object({ items: z.array(z.looseObject({ integrationId: z.string(), id: z.string(), hostname: z.string(), online: z.boolean(), canRunScripts: z.boolean() })) }),
      handler: async ({ params }) => ({ items: await hub.scriptTargets(params.computerId) }),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/agents/retirement-plan',
      access: 'viewer',
      operationId: 'planRetirement',
      tag: 'agents',
      summary: 'The stale agents of reinstalled machines that retiring would delete in their RMMs. Changes nothing',
      query: z.object({ integrationId: z.string().optional(), minOfflineDays: z.string().regex(/^\d+$/).optional().transform((v) => (v === undefined ? undefined : Number(v))) }),
      response: z.looseObject({ steps: z.array(AgentStep) }),
      handler: async ({ query }) =>
        hub.agents.planRetirement({
          ...(query.integrationId === undefined ? {} : { integrationId: query.integrationId }),
          ...(query.minOfflineDays === undefined ? {} : { minOfflineDays: query.minOfflineDays }),
        }),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/agents/move-plan',
      access: 'viewer',
      operationId: 'planMoves',
      tag: 'agents',
      summary: 'The misfiled agents of cross-tenant conflicts that moving would move to their tenant’s client. Changes nothing',
      response: z.looseObject({ steps: z.array(AgentStep) }),
      handler: async () => hub.agents.planMoves(),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/computers/{computerId}/scripts',
      access: 'admin',
      operationId: 'runScript',
      tag: 'agents',
      summary: 'Run a script on a computer through whichever of its RMMs reaches it; recorded in the audit log under the token’s name',
      params: z.object({ computerId: z.string().min(1) }),
      body: ScriptRequest,
      response: ScriptOutcome,
      handler: async ({ params, body, principal }) => {
        const { actor } = deciderOf(principal, undefined);
        return hub.runScript(
          params.computerId,
          { language: body.language, body: body.body, ...(body.parameters ? { parameters: body.parameters } : {}), ...(body.timeoutMs ? { timeoutMs: body.timeoutMs } : {}) },
          { actor, ...(body.integrationId ? { integrationId: body.integrationId } : {}), ...(body.maintenance ? { maintenance: true } : {}) },
        );
      },
    }),
  ];
}
