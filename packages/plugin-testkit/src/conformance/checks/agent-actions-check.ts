/**
 * DeleteAgent and MoveAgent, where declared. A DeleteAgent dry run describes the agent without
 * deleting it, and an unknown agent is a RMM_ERR_NOT_FOUND. With `agentActions.enable` (the
 * config with the plugin's destructive actions turned on), a real deletion removes the agent
 * from the next listing and a move lists the agent under its new client. A plugin must never
 * report as done what the server did not do: both are checked by listing again.
 */
import type { DeleteAgentResult, RmmAgent } from '@rmm-hub/core';

import { ConformanceFailure, expectThat } from '../conformance-failure.js';
import type { AgentActionsOptions } from '../conformance-options.js';
import { ConformanceSession, describeError, type SessionHost } from '../conformance-session.js';

const CHECK = 'agent-actions';
/** An id no fake server should hold. */
const UNKNOWN_AGENT_ID = '987654321';

async function attempt<T>(session: ConformanceSession<unknown>, host: SessionHost, label: string, capability: 'DeleteAgent' | 'MoveAgent', ...args: unknown[]): Promise<{ value?: T; error?: unknown }> {
  try {
    const value = (await ConformanceSession.caller(host)(capability, ...args)) as T;
    session.record({ source: `result of ${capability}: ${label}`, value, kind: 'result' });
    return { value };
  } catch (error) {
    session.record({ source: `error from ${capability}: ${label}`, value: error, kind: 'error' });
    return { error };
  }
}

async function listedAgents(session: ConformanceSession<unknown>, host: SessionHost, clientIds: string[], label: string): Promise<RmmAgent[]> {
  const listing = await session.list(host, 'ListComputers', label, { clientIds });
  if (listing.error !== undefined) throw new ConformanceFailure(CHECK, `ListComputers (${label}) failed: ${describeError(listing.error)}`);
  return listing.records;
}

/** Fails when DeleteAgent or MoveAgent misbehave (run only where one of them is declared). */
export async function checkAgentActions(session: ConformanceSession<unknown>): Promise<void> {
  const deletes = session.declares('DeleteAgent');
  const moves = session.declares('MoveAgent');
  const options = (session.options.agentActions ?? {}) as AgentActionsOptions<unknown>;
  const { clients, agents } = await session.baseline();
  const clientIds = session.agentQuery(clients);
  // The last agents listed: the run-script check uses the first one that can run scripts.
  const victim = options.deleteAgentId?.(session.server) ?? agents.at(-1)?.id;
  expectThat(victim !== undefined, CHECK, () => 'no listed agent to try DeleteAgent on; give agentActions.deleteAgentId');

  if (deletes) {
    await session.withHost(session.goodConfig, 'delete-agent dry run', async (host) => {
      const preview = await attempt<DeleteAgentResult>(session, host, 'a dry run', 'DeleteAgent', victim, { dryRun: true });
      if (preview.error !== undefined) throw new ConformanceFailure(CHECK, `a DeleteAgent dry run on agent ${victim} threw: ${describeError(preview.error)}`);
      expectThat(preview.value?.applied === false, CHECK, () => `a DeleteAgent dry run answered applied: ${String(preview.value?.applied)}; a dry run must answer applied: false and change nothing`);
      const after = await listedAgents(session, host, clientIds, 'after a dry run');
      expectThat(after.some((a) => a.id === victim), CHECK, () => `agent ${victim} is gone after a DeleteAgent dry run: a dry run must only read`);
      const unknown = await attempt<DeleteAgentResult>(session, host, 'an unknown agent', 'DeleteAgent', UNKNOWN_AGENT_ID, { dryRun: true });
      expectThat((unknown.error as { code?: string } | undefined)?.code === 'RMM_ERR_NOT_FOUND', CHECK, () => `DeleteAgent on an unknown agent (${UNKNOWN_AGENT_ID}) must fail with RMM_ERR_NOT_FOUND; it ${unknown.error === undefined ? 'succeeded' : `threw ${describeError(unknown.error)}`}`);
    });
  }
  if (!options.enable) return;
  const enabled = options.enable(session.goodConfig);

  if (moves) {
    const planned = options.move?.(session.server) ?? defaultMove(agents, clients.filter((c) => clientIds.includes(c.id) && c.kind !== 'site' && c.kind !== 'location').map((c) => c.id), victim);
    expectThat(planned !== undefined, CHECK, () => 'no agent and second client to try MoveAgent on; give agentActions.move');
    await session.withHost(enabled, 'move-agent', async (host) => {
      const moved = await attempt<void>(session, host, 'a move', 'MoveAgent', planned.agentId, planned.clientId);
      if (moved.error !== undefined) throw new ConformanceFailure(CHECK, `MoveAgent of agent ${planned.agentId} to client ${planned.clientId} threw: ${describeError(moved.error)}`);
      const listed = (await listedAgents(session, host, [planned.clientId], 'the target client after a move')).find((a) => a.id === planned.agentId);
      expectThat(listed?.clientId === planned.clientId, CHECK, () => `MoveAgent resolved, but agent ${planned.agentId} is not listed under client ${planned.clientId} afterwards: only resolve once the server has moved it`);
    });
  }
  if (deletes) {
    await session.withHost(enabled, 'delete-agent', async (host) => {
      const result = await attempt<DeleteAgentResult>(session, host, 'a deletion', 'DeleteAgent', victim, { dryRun: false });
      if (result.error !== undefined) throw new ConformanceFailure(CHECK, `DeleteAgent of agent ${victim} (enabled config) threw: ${describeError(result.error)}`);
      expectThat(result.value?.applied === true, CHECK, () => `DeleteAgent with dryRun: false answered applied: ${String(result.value?.applied)}; answer applied: true once deleted, or throw`);
      const after = await listedAgents(session, host, clientIds, 'after a deletion');
      expectThat(!after.some((a) => a.id === victim), CHECK, () => `DeleteAgent answered applied: true but agent ${victim} is still listed: only report what the server did`);
    });
  }
}

/** The last-but-one agent, to the first other client. */
function defaultMove(agents: readonly RmmAgent[], clientIds: readonly string[], victim: string): { agentId: string; clientId: string } | undefined {
  const agent = agents.filter((a) => a.id !== victim).at(-1);
  const clientId = clientIds.find((id) => id !== agent?.clientId);
  return agent && clientId ? { agentId: agent.id, clientId } : undefined;
}
