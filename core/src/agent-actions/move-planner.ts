/**
 * Which misfiled agents to move — a pure function of the open cross-tenant conflicts, which
 * RMMs each tenant uses and how it names its machines. Identification never merges across
 * tenants; it opens a cross-tenant conflict instead. Many such conflicts are one RMM filing a
 * machine under the wrong client. Two kinds of evidence say which side is misfiled:
 *
 * - **RMM coverage**: the machine runs an agent of an RMM in which one side's tenant has no
 *   client at all, while the other side's tenant uses every RMM the machine runs. The machine
 *   is the latter's; the former side's agents are misfiled.
 * - **Naming**: MSPs name a tenant's machines after it (`ACME-WS-014`). One side carries a
 *   naming stem no other machine of its tenant has, while the other tenant names at least
 *   `minPeers` machines that way.
 *
 * A side is moved only when the evidence points one way, and only when the side that stays has
 * been seen at least as recently (a machine that really changed hands leaves its old agent
 * behind, unseen since: that is not a misfiling). Anything less clear-cut is held with the
 * reason, for a person to decide with an explicit target tenant.
 */
import type { AgentRef } from '../identification/model/agent-records.js';

/** A live agent of a computer in a conflict. */
export interface MovableAgent extends AgentRef {
  clientId: string;
  siteId: string | undefined;
  hostname: string;
  online: boolean;
  lastSeen: string | undefined;
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
  /** Whether a client of `integrationId` is linked to `tenantId`. */
  usesIntegration: (tenantId: string, integrationId: string) => boolean;
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

type Verdict = { side: ConflictSide; toTenant: string; reason: string };

function misfiledSide(conflict: CrossTenantConflict, policy: MovePolicy): Verdict | string {
  const found = [...coverageEvidence(conflict, policy), ...namingEvidence(conflict, policy)];
  const targets = new Set(found.map((v) => `${v.side.computerId}>${v.toTenant}`));
  if (found.length === 0) return "neither the RMMs each tenant uses nor the machines' names tell which tenant is right: choose it by hand";
  if (targets.size > 1) return 'the evidence points to more than one tenant: choose the right tenant by hand';
  const verdict = found[0] as Verdict;
  const stays = conflict.sides.filter((s) => s.tenantId === verdict.toTenant);
  if (newestSeen(verdict.side) > Math.max(...stays.map(newestSeen))) {
    return `the agents under tenant ${verdict.toTenant} are older than those under ${verdict.side.tenantId}: the machine may have changed hands; choose by hand`;
  }
  return { ...verdict, reason: found.map((v) => v.reason).join('; ') };
}

/** The machine runs an RMM one side's tenant does not use, and the other's uses them all. */
function coverageEvidence(conflict: CrossTenantConflict, policy: MovePolicy): Verdict[] {
  const rmms = [...new Set(conflict.sides.flatMap((s) => s.agents.map((a) => a.integrationId)))].sort();
  const fits = (tenantId: string): boolean => rmms.every((r) => policy.usesIntegration(tenantId, r));
  const out: Verdict[] = [];
  for (const side of conflict.sides) {
    const missing = rmms.filter((r) => !policy.usesIntegration(side.tenantId, r));
    if (missing.length === 0) continue;
    const homes = [...new Set(conflict.sides.map((s) => s.tenantId).filter((t) => t !== side.tenantId && fits(t)))];
    if (homes.length !== 1) continue;
    out.push({ side, toTenant: homes[0] as string, reason: `the machine runs ${missing.join(', ')}, which tenant ${side.tenantId} does not use and tenant ${homes[0]} does` });
  }
  return out;
}

function namingEvidence(conflict: CrossTenantConflict, policy: MovePolicy): Verdict[] {
  const out: Verdict[] = [];
  for (const side of conflict.sides) {
    const stem = namingStem(side.name);
    if (stem === '') continue;
    // The side's own name counts once in its tenant: peers are the others.
    if (policy.namesWithStem(side.tenantId, stem) - 1 > 0) continue;
    for (const other of conflict.sides) {
      if (other.tenantId === side.tenantId) continue;
      const peers = policy.namesWithStem(other.tenantId, stem);
      if (peers >= policy.minPeers) out.push({ side, toTenant: other.tenantId, reason: `named "${side.name}" like ${peers} machines of tenant ${other.tenantId}, unlike any other machine of tenant ${side.tenantId}` });
    }
  }
  return out;
}

/** When a side was last heard from (epoch ms; online is now). */
function newestSeen(side: ConflictSide): number {
  let newest = -Infinity;
  for (const a of side.agents) newest = Math.max(newest, a.online ? Infinity : a.lastSeen === undefined ? -Infinity : Date.parse(a.lastSeen));
  return newest;
}
