/**
 * Agents: where a script for a computer would go, and the agent actions — retire the stale agents
 * of reinstalled machines, move misfiled ones (and move one back), install a computer's missing
 * agent. Each plan is a GET that changes nothing; applying it is a POST naming the steps a person
 * confirmed (see `confirmed-steps.ts`), for operators — deploying runs an install script, so it and
 * running a script are for admins — and the facade audits each action under the token's name.
 */
import { z } from 'zod';

import { deciderOf, type ApiDeps } from '../api-deps.js';
import { agentKey, confirmedSteps } from '../confirmed-steps.js';
import { defineRoute, type Route } from '../route.js';
import { AgentRef, ScriptOutcome, ScriptRequest } from '../schemas.js';

const AgentStep = z.looseObject({ agent: AgentRef, reason: z.string().optional() });
const Outcome = z.looseObject({ step: z.looseObject({}), status: z.enum(['done', 'skipped', 'failed', 'manual']), message: z.string(), actionId: z.string().optional() });
const Confirmed = z.array(AgentRef).min(1).describe('The agents of the previewed plan a person confirmed; the plan is made again and only these are acted on');
const DaysQuery = z.string().regex(/^\d+$/).optional().transform((v) => (v === undefined ? undefined : Number(v)));
const DeployStep = z.looseObject({ computerId: z.string(), target: z.looseObject({ integrationId: z.string(), clientId: z.string() }), via: AgentRef, reason: z.string() });

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
      query: z.object({ integrationId: z.string().optional(), minOfflineDays: DaysQuery }),
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
      path: '/api/agents/retirement-plan',
      access: 'operator',
      operationId: 'retireAgents',
      tag: 'agents',
      summary: 'Retire the confirmed agents of the retirement plan (made again now): a dry run, then the deletion in their RMM; each audited and in its computer’s timeline',
      body: z.object({ agents: Confirmed, integrationId: z.string().optional(), minOfflineDays: z.number().int().min(1).optional() }),
      response: z.object({ outcomes: z.array(Outcome) }),
      handler: async ({ body, principal }) => {
        const plan = await hub.agents.planRetirement({
          ...(body.integrationId === undefined ? {} : { integrationId: body.integrationId }),
          ...(body.minOfflineDays === undefined ? {} : { minOfflineDays: body.minOfflineDays }),
        });
        const confirmed = confirmedSteps(plan, body.agents.map(agentKey), (step) => agentKey(step.agent));
        return { outcomes: await hub.agents.retire(confirmed, deciderOf(principal, undefined)) };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/agents/move-plan',
      access: 'operator',
      operationId: 'moveAgents',
      tag: 'agents',
      summary: 'Move the confirmed agents of the move plan (made again now) to their tenant’s client, then identify again; each audited and undoable',
      body: z.object({ agents: Confirmed, minPeers: z.number().int().min(1).optional() }),
      response: z.looseObject({ outcomes: z.array(Outcome), reidentified: z.boolean() }),
      handler: async ({ body, principal }) => {
        const plan = await hub.agents.planMoves(body.minPeers === undefined ? {} : { minPeers: body.minPeers });
        return hub.agents.move(confirmedSteps(plan, body.agents.map(agentKey), (step) => agentKey(step.agent)), deciderOf(principal, undefined));
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/agent-moves/{actionId}/undo',
      access: 'operator',
      operationId: 'undoAgentMove',
      tag: 'agents',
      summary: 'Move an agent back where a move found it (the action id is in the computer’s timeline), then identify again',
      params: z.object({ actionId: z.string().min(1) }),
      response: Outcome,
      handler: async ({ params, principal }) => hub.agents.undoMove(params.actionId, deciderOf(principal, undefined)),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/agents/deploy-plan',
      access: 'viewer',
      operationId: 'planDeploys',
      tag: 'agents',
      summary: 'The computers missing the agent of an RMM their tenant uses, and the agent each install would run through. Changes nothing',
      query: z.object({ integrationId: z.string().optional() }),
      response: z.looseObject({ steps: z.array(DeployStep) }),
      handler: async ({ query }) => hub.agents.planDeploys(query.integrationId === undefined ? {} : { integrationId: query.integrationId }),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/agents/deploy-plan',
      access: 'admin',
      operationId: 'deployAgents',
      tag: 'agents',
      summary: 'Install the missing agent on the confirmed computers of the deploy plan (made again now): an installer issued, its script run through the computer’s own agent; each audited',
      body: z.object({ computers: z.array(z.object({ computerId: z.string().min(1), integrationId: z.string().min(1).describe('The RMM whose agent is missing') })).min(1) }),
      response: z.object({ outcomes: z.array(Outcome) }),
      handler: async ({ body, principal }) => {
        const plan = await hub.agents.planDeploys();
        const key = (computerId: string, integrationId: string): string => `${computerId}/${integrationId}`;
        const confirmed = confirmedSteps(plan, body.computers.map((c) => key(c.computerId, c.integrationId)), (step) => key(step.computerId, step.target.integrationId));
        return { outcomes: await hub.agents.deploy(confirmed, deciderOf(principal, undefined)) };
      },
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
