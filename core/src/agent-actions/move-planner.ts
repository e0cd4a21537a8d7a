/**
 * Which misfiled agents to move — a pure function of the open cross-tenant conflicts and the
 * naming of each tenant's machines. Identification never merges across tenants; it opens a
 * cross-tenant conflict instead. Most such conflicts are one RMM filing a machine under the
 * wrong client. The planner reads that from the machines' names: MSPs name a tenant's machines
 * after the tenant (`ACME-WS-014`), so when one side of the conflict carries a naming stem its
 * own tenant never uses while the other tenant names at least `minPeers` machines that way,
 * that side is misfiled and its agents move to the client linked to the other tenant.
 *
 * Anything less clear-cut (default Windows names, both sides plausible, no target client) is
 * held with the reason, for a person to decide with an explicit target tenant.
 */
import type { AgentRef } from '../store/computer-repository.js';

/** A live agent of a computer in a conflict. */
export interface MovableAgent extends AgentRef {
  clientId: string;
  siteId: string | undefined;
  hostname: string;
}

export interface ConflictSide {
  computerId: string;
  tenantId: string;
  /** The computer's display name (its newest agent's hostname). */
  name: string;
  agents: readonly MovableAgent[];
}

export interface CrossTenantConflict {
  id: string;
  key: string;
  sides: readonly ConflictSide[];
}

export interface MovePolicy {
  now: string;
  /** Machines of the other tenant that must share the naming stem. */
  minPeers: number;
  /** How many computers of `tenantId` have a name with `stem`. */
  namesWithStem: (tenantId: string, stem: string) => number;
  /** The clients of `integrationId` linked to `tenantId` (best first). */
  clientsOf: (integrationId: string, tenantId: string) => readonly string[];
  canMove: (integrationId: string) => boolean;
}

export interface MoveStep {
  conflictId: string;
  computerId: string;
  agent: AgentRef & { hostname: string };
  from: { tenantId: string; clientId: string; siteId: string | undefined };
  to: { tenantId: string; clientId: string };
  action: 'move-agent' | 'manual';
  reason: string;
}

export interface HeldConflict {
  conflictId: string;
  reason: string;
}

export interface MovePlan {
  createdAt: string;
  steps: MoveStep[];
  held: HeldConflict[];
}

/** The naming stem of a hostname: its leading letters (`ACME` of `ACME-WS-014` and of `ACME014`). */
export function namingStem(hostname: string): string {
  return /^[A-Za-z]+/.exec(hostname.trim())?.[0]?.toUpperCase() ?? '';
}

export function planMoves(conflicts: Iterable<CrossTenantConflict>, policy: MovePolicy): MovePlan {
  const steps: MoveStep[] = [];
  const held: HeldConflict[] = [];
  for (const conflict of conflicts) {
    const verdict = misfiledSide(conflict, policy);
    if (typeof verdict === 'string') {
      held.push({ conflictId: conflict.id, reason: verdict });
      continue;
    }
    const planned = stepsFor(conflict, verdict.side, verdict.toTenant, verdict.reason, policy);
    if (typeof planned === 'string') held.push({ conflictId: conflict.id, reason: planned });
    else steps.push(...planned);
  }
  return { createdAt: policy.now, steps, held };
}

/**
 * The moves that put one side of a conflict under `toTenant`, a person's choice or the
 * planner's; a string says why there are none.
 */
export function stepsFor(conflict: CrossTenantConflict, side: ConflictSide, toTenant: string, reason: string, policy: Pick<MovePolicy, 'clientsOf' | 'canMove'>): MoveStep[] | string {
  if (side.tenantId === toTenant) return `${side.computerId} is already under tenant ${toTenant}`;
  if (side.agents.length === 0) return `${side.computerId} has no live agent to move`;
  const steps: MoveStep[] = [];
  for (const agent of side.agents) {
    const targets = policy.clientsOf(agent.integrationId, toTenant);
    if (targets.length === 0) return `no client of ${agent.integrationId} is linked to tenant ${toTenant}: link one first`;
    steps.push({
      conflictId: conflict.id,
      computerId: side.computerId,
      agent: { integrationId: agent.integrationId, agentId: agent.agentId, hostname: agent.hostname },
      from: { tenantId: side.tenantId, clientId: agent.clientId, siteId: agent.siteId },
      to: { tenantId: toTenant, clientId: targets[0] as string },
      action: policy.canMove(agent.integrationId) ? 'move-agent' : 'manual',
      reason,
    });
  }
  return steps;
}

function misfiledSide(conflict: CrossTenantConflict, policy: MovePolicy): { side: ConflictSide; toTenant: string; reason: string } | string {
  const found: { side: ConflictSide; toTenant: string; reason: string }[] = [];
  for (const side of conflict.sides) {
    const stem = namingStem(side.name);
    if (stem === '') continue;
    // The side's own name counts once in its tenant: peers are the others.
    const ownPeers = policy.namesWithStem(side.tenantId, stem) - 1;
    if (ownPeers > 0) continue;
    for (const other of conflict.sides) {
      if (other.tenantId === side.tenantId) continue;
      const peers = policy.namesWithStem(other.tenantId, stem);
      if (peers >= policy.minPeers) {
        found.push({ side, toTenant: other.tenantId, reason: `named "${side.name}" like ${peers} machines of tenant ${other.tenantId}, unlike any other machine of tenant ${side.tenantId}` });
      }
    }
  }
  if (found.length === 1) return found[0] as { side: ConflictSide; toTenant: string; reason: string };
  if (found.length > 1) return 'the names fit more than one tenant: choose the right tenant by hand';
  return "the machines' names do not tell which tenant is right: choose it by hand";
}
