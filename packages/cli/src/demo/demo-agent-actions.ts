/**
 * The demo's last step: act on what identification found, as an administrator would after
 * reviewing the previews — retire the stale agents of reinstalled machines, move the agents
 * the evidence says are misfiled, and decide the conflicts the evidence leaves open the way
 * the administrator would, knowing the machine (the simulator's ground truth stands in for
 * that knowledge, as it does for linking the MSP by hand) — then re-sync and count what
 * changed. Every action is checked against the ground truth: no retired agent may be one that
 * is online, and each move should land the agent under its machine's real tenant.
 */
import type { AgentRef, MoveOutcome, MovePlan, RetirementOutcome } from '@rmm-hub/core';
import type { Fleet, RmmKind } from '@rmm-hub/simulators';

import type { RmmHub } from '@rmm-hub/hub';

export interface DemoFleetCounts {
  agents: number;
  computers: number;
  staleAgents: number;
  crossTenantConflicts: number;
}

export interface DemoActionCounts {
  planned: number;
  held: number;
  done: number;
  failed: number;
  manual: number;
}

export interface DemoAgentActions {
  before: DemoFleetCounts;
  retire: DemoActionCounts & { onlineAgentsRetired: number };
  move: DemoActionCounts & { toRightTenant: number; decidedByHand: number };
  after: DemoFleetCounts;
  conflictsClosed: number;
  resyncRowsWritten: number;
}

const ACTOR = 'demo-admin';

export async function demoAgentActions(hub: RmmHub, fleet: Fleet, rmmOf: (integrationId: string) => RmmKind | undefined): Promise<DemoAgentActions> {
  const before = await counts(hub);
  const truthOf = (integrationId: string, agentId: string): { online: boolean; tenantId: string | undefined } => {
    const rmm = rmmOf(integrationId);
    const side = rmm === 'ncentral' ? fleet.ncentral : rmm === 'automate' ? fleet.automate : undefined;
    const index = side?.indexOfAgent(Number(agentId));
    if (!rmm || !side || index === undefined) return { online: false, tenantId: undefined };
    const machineId = fleet.truth.machineOfAgent(rmm, Number(agentId));
    return { online: side.agent(index).online, tenantId: machineId === undefined ? undefined : fleet.truth.machine(machineId)?.tenantId };
  };

  const retirementPlan = await hub.agents.planRetirement();
  const retired = await hub.agents.retire(retirementPlan, { actor: ACTOR });
  const evidencePlan = await hub.agents.planMoves();
  const handPlans: MovePlan[] = [];
  for (const held of evidencePlan.held) {
    const conflict = (await hub.computers.conflicts({ status: 'open' })).find((c) => c.id === held.conflictId);
    const agent = conflict === undefined ? undefined : await firstAgentOf(hub, conflict.computerIds);
    const tenantId = agent === undefined ? undefined : truthOf(agent.integrationId, agent.agentId).tenantId;
    if (conflict && tenantId && conflict.tenantIds.includes(tenantId)) handPlans.push(await hub.agents.planMove(conflict.id, tenantId, { actor: ACTOR }));
  }
  const decided = new Set(handPlans.flatMap((p) => p.steps.map((step) => step.conflictId)));
  const movePlan = { ...evidencePlan, steps: [...evidencePlan.steps, ...handPlans.flatMap((p) => p.steps)], held: evidencePlan.held.filter((h) => !decided.has(h.conflictId)) };
  const moved = await hub.agents.move(movePlan, { actor: ACTOR });

  const resync = await hub.sync();
  const after = await counts(hub);
  return {
    before,
    retire: {
      ...tally(retirementPlan.steps.length, retirementPlan.held.length, retired),
      onlineAgentsRetired: retired.filter((o) => o.status === 'done' && truthOf(o.step.agent.integrationId, o.step.agent.agentId).online).length,
    },
    move: {
      ...tally(movePlan.steps.length, movePlan.held.length, moved.outcomes),
      decidedByHand: handPlans.length,
      toRightTenant: moved.outcomes.filter((o) => o.status === 'done' && truthOf(o.step.agent.integrationId, o.step.agent.agentId).tenantId === o.step.to.tenantId).length,
    },
    after,
    conflictsClosed: before.crossTenantConflicts - after.crossTenantConflicts,
    resyncRowsWritten: resync.rowsWritten,
  };
}

function tally(planned: number, held: number, outcomes: readonly (RetirementOutcome | MoveOutcome)[]): DemoActionCounts {
  const count = (status: string): number => outcomes.filter((o) => o.status === status).length;
  return { planned, held, done: count('done'), failed: count('failed'), manual: count('manual') };
}

/** The first agent of the first of `computerIds` that has one. */
async function firstAgentOf(hub: RmmHub, computerIds: readonly string[]): Promise<AgentRef | undefined> {
  for (const id of computerIds) {
    const [agent] = await hub.store.computers.agentsOf(id);
    if (agent !== undefined) return agent;
  }
  return undefined;
}

async function counts(hub: RmmHub): Promise<DemoFleetCounts> {
  const computers = await hub.computers.list();
  return {
    agents: await hub.store.agents.count(),
    computers: computers.length,
    staleAgents: computers.reduce((n, c) => n + c.staleAgents, 0),
    crossTenantConflicts: (await hub.computers.conflicts({ status: 'open' })).filter((c) => c.kind === 'cross-tenant').length,
  };
}
