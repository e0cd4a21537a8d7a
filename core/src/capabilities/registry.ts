/**
 * Every capability the host knows, with what `host.call()` needs to invoke it. The record is
 * exhaustive over {@link CapabilityName}: adding a capability without wiring its call fails to
 * compile. The host calls one integration at a time; the sync and the commands that span
 * integrations (health, listings) loop over them themselves, keeping each one's outcome.
 */
import { AgentUrl } from './agent-url.js';
import { DeleteAgent } from './delete-agent.js';
import { GetAgentInstaller } from './get-agent-installer.js';
import { GetComputerIdentity } from './get-computer-identity.js';
import { HealthCheck } from './health-check.js';
import { ListActiveIssues } from './list-active-issues.js';
import { ListClients } from './list-clients.js';
import { ListComputers } from './list-computers.js';
import { MaintenanceMode } from './maintenance-mode.js';
import { MoveAgent } from './move-agent.js';
import { RunScript } from './run-script.js';
import type { CapabilityToken } from './token.js';

/** The name of every capability, in the order the host lists them. */
export const CAPABILITY_NAMES = [
  'HealthCheck',
  'ListClients',
  'ListComputers',
  'RunScript',
  'GetComputerIdentity',
  'DeleteAgent',
  'MoveAgent',
  'ListActiveIssues',
  'GetAgentInstaller',
  'AgentUrl',
  'MaintenanceMode',
] as const;
/** The name of a capability, e.g. `ListClients`. */
export type CapabilityName = (typeof CAPABILITY_NAMES)[number];

/** How the host dispatches one capability: to every integration or to one, whether it is interactive, its method and arity. */
export interface CapabilityInfo {
  token: CapabilityToken<unknown>;
  /**
   * Required capabilities are the three every RMM plugin must offer (health, clients, computers):
   * the sync and the conformance suite depend on them. The rest, RunScript included, are optional.
   */
  required: boolean;
  /** Interactive calls jump ahead of background sync traffic. */
  interactive: boolean;
  /** The interface's one method, which `host.call()` invokes. */
  method: string;
  /** Whether the method returns a stream (AsyncIterable) rather than a promise. */
  streams: boolean;
  /** How many arguments the method takes before its options object. */
  arity: number;
}

/** Dispatch facts of every capability; a new capability does not compile until it has an entry. */
export const CAPABILITIES: Readonly<Record<CapabilityName, CapabilityInfo>> = {
  HealthCheck: { token: HealthCheck, required: true, interactive: true, method: 'check', streams: false, arity: 0 },
  ListClients: { token: ListClients, required: true, interactive: false, method: 'listClients', streams: true, arity: 0 },
  ListComputers: { token: ListComputers, required: true, interactive: false, method: 'listComputers', streams: true, arity: 1 },
  RunScript: { token: RunScript, required: false, interactive: true, method: 'runScript', streams: false, arity: 1 },
  GetComputerIdentity: { token: GetComputerIdentity, required: false, interactive: false, method: 'getComputerIdentity', streams: false, arity: 1 },
  DeleteAgent: { token: DeleteAgent, required: false, interactive: true, method: 'deleteAgent', streams: false, arity: 1 },
  MoveAgent: { token: MoveAgent, required: false, interactive: true, method: 'moveAgent', streams: false, arity: 2 },
  ListActiveIssues: { token: ListActiveIssues, required: false, interactive: false, method: 'listActiveIssues', streams: true, arity: 1 },
  GetAgentInstaller: { token: GetAgentInstaller, required: false, interactive: true, method: 'getAgentInstaller', streams: false, arity: 1 },
  AgentUrl: { token: AgentUrl, required: false, interactive: true, method: 'agentUrl', streams: false, arity: 1 },
  MaintenanceMode: { token: MaintenanceMode, required: false, interactive: true, method: 'setMaintenanceMode', streams: false, arity: 2 },
};

/** Whether `value` names a capability. */
export function isCapabilityName(value: unknown): value is CapabilityName {
  return typeof value === 'string' && (CAPABILITY_NAMES as readonly string[]).includes(value);
}

/** The name of a capability token, e.g. `ListClients` for `Symbol.for('rmm.ListClients')`. */
export function capabilityNameOf(token: symbol): CapabilityName | undefined {
  const name = Symbol.keyFor(token)?.replace(/^rmm\./, '');
  return isCapabilityName(name) ? name : undefined;
}
