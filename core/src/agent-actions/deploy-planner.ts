/**
 * Where to deploy a missing agent — a pure function of the identified computers and the tenant
 * links. A tenant whose clients are linked in two RMMs expects each of its machines to run both
 * agents; a computer that runs only one of them is given the other's installer, run through the
 * agent it has (RunScript). A step is planned only when every rule holds:
 *
 * - the computer is in no open conflict (it may be the other side of one, already running the
 *   agent under another tenant) and no unmatched agent of the missing RMM under its tenant
 *   carries its name (identification may simply not have joined them);
 * - its platform is known from its agents' OS;
 * - the tenant links exactly one client of the missing RMM to install into (a whole client
 *   before its sites or locations);
 * - an online agent of it can run scripts, in an RMM that offers RunScript.
 *
 * Anything else is held with the rule, so a person sees why. A step is `manual` when the
 * missing RMM offers no installers through its API.
 */
import type { AgentPlatform } from '../capabilities/get-agent-installer.js';
import type { AgentRef } from '../identification/model/agent-records.js';

/** A live, current agent of a computer. */
export interface DeployableAgent extends AgentRef {
  clientId: string;
  hostname: string;
  os: string | undefined;
  online: boolean;
  lastSeen: string | undefined;
  canRunScripts: boolean;
}

export interface DeployComputer {
  computerId: string;
  tenantId: string;
  name: string;
  agents: readonly DeployableAgent[];
}

/** A client of an integration linked to a tenant. */
export interface LinkedClient {
  clientId: string;
  kind: string;
}

export interface DeployPolicy {
  now: string;
  /** The integrations with at least one client linked to the tenant. */
  integrationsOf: (tenantId: string) => readonly string[];
  /** The clients of `integrationId` linked to `tenantId`. */
  clientsOf: (integrationId: string, tenantId: string) => readonly LinkedClient[];
  /** Whether the computer is a side of an open conflict. */
  inConflict: (computerId: string) => boolean;
  /** Live agents of `integrationId` under the tenant's clients, named `hostname`, of no computer but this one. */
  namesakes: (integrationId: string, tenantId: string, hostname: string, computerId: string) => number;
  /** Whether the integration offers RunScript. */
  canRunScripts: (integrationId: string) => boolean;
  /** Whether the integration offers GetAgentInstaller. */
  canIssue: (integrationId: string) => boolean;
}

export interface DeployStep {
  computerId: string;
  tenantId: string;
  name: string;
  platform: AgentPlatform;
  /** The RMM whose agent is missing, and the client the agent joins. */
  target: { integrationId: string; clientId: string };
  /** The agent the install script runs through. */
  via: AgentRef & { hostname: string };
  action: 'deploy' | 'manual';
  reason: string;
}

export interface HeldDeploy {
  computerId: string;
  integrationId: string;
  reason: string;
}

export interface DeployPlan {
  createdAt: string;
  steps: DeployStep[];
  held: HeldDeploy[];
}

/** The platform an RMM's OS text names, when it names one. */
export function platformOf(os: string | undefined): AgentPlatform | undefined {
  if (os === undefined) return undefined;
  if (/windows/i.test(os)) return 'windows';
  if (/mac\s*os|os\s*x|darwin/i.test(os)) return 'macos';
  if (/linux|ubuntu|debian|cent\s*os|red\s*hat|rhel|suse|fedora|rocky|alma/i.test(os)) return 'linux';
  return undefined;
}

export function planDeploys(computers: Iterable<DeployComputer>, policy: DeployPolicy): DeployPlan {
  const steps: DeployStep[] = [];
  const held: HeldDeploy[] = [];
  for (const computer of computers) {
    const running = new Set(computer.agents.map((a) => a.integrationId));
    if (running.size === 0) continue;
    const missing = policy.integrationsOf(computer.tenantId).filter((i) => !running.has(i));
    for (const integrationId of [...missing].sort()) {
      const planned = stepFor(computer, integrationId, policy);
      if (typeof planned === 'string') held.push({ computerId: computer.computerId, integrationId, reason: planned });
      else steps.push(planned);
    }
  }
  const order = (a: { computerId: string }, b: { computerId: string }): number => (a.computerId < b.computerId ? -1 : a.computerId > b.computerId ? 1 : 0);
  return { createdAt: policy.now, steps: steps.sort(order), held: held.sort(order) };
}

function stepFor(computer: DeployComputer, integrationId: string, policy: DeployPolicy): DeployStep | string {
  if (policy.inConflict(computer.computerId)) return 'in an open conflict: it may run this agent under another tenant; resolve the conflict first';
  const namesakes = policy.namesakes(integrationId, computer.tenantId, computer.name, computer.computerId);
  if (namesakes > 0) return `${integrationId} has ${namesakes} agent(s) named ${computer.name} under this tenant that identification did not join to it: check them before installing another`;
  const platforms = [...new Set(computer.agents.map((a) => platformOf(a.os)).filter((p): p is AgentPlatform => p !== undefined))];
  if (platforms.length !== 1) return platforms.length === 0 ? 'platform unknown: no agent reports an OS rmm-hub recognises' : `its agents report different platforms (${platforms.join(', ')})`;
  const client = targetClient(policy.clientsOf(integrationId, computer.tenantId));
  if (client === undefined) return `${policy.clientsOf(integrationId, computer.tenantId).length} clients of ${integrationId} are linked to tenant ${computer.tenantId}: install it by hand into the right one`;
  const via = computer.agents
    .filter((a) => a.online && a.canRunScripts && policy.canRunScripts(a.integrationId))
    .sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? '') || a.integrationId.localeCompare(b.integrationId))[0];
  if (via === undefined) return 'no online agent of it can run scripts to install through';
  return {
    computerId: computer.computerId,
    tenantId: computer.tenantId,
    name: computer.name,
    platform: platforms[0] as AgentPlatform,
    target: { integrationId, clientId: client },
    via: { integrationId: via.integrationId, agentId: via.agentId, hostname: via.hostname },
    action: policy.canIssue(integrationId) ? 'deploy' : 'manual',
    reason: `tenant ${computer.tenantId} uses ${integrationId}, and the computer runs only ${[...new Set(computer.agents.map((a) => a.integrationId))].sort().join(', ')}`,
  };
}

/** The one client to install into: the only whole client, else the only site or location. */
function targetClient(clients: readonly LinkedClient[]): string | undefined {
  const whole = clients.filter((c) => c.kind !== 'site' && c.kind !== 'location');
  const candidates = whole.length > 0 ? whole : clients;
  return candidates.length === 1 ? candidates[0]?.clientId : undefined;
}
