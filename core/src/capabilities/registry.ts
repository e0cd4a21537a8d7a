/**
 * Every capability the host knows, with how it is dispatched. The record is exhaustive over
 * {@link CapabilityName}: adding a capability without deciding its dispatch fails to compile.
 *
 * - `fan-out`: called on every integration that offers it, in parallel, errors kept per integration.
 * - `routed`: called on exactly one integration, chosen by the host (e.g. the agent's own RMM).
 */
import { DeleteAgent } from './delete-agent.js';
import { GetAgentInstaller } from './get-agent-installer.js';
import { GetComputerIdentity } from './get-computer-identity.js';
import { HealthCheck } from './health-check.js';
import { ListActiveIssues } from './list-active-issues.js';
import { ListClients } from './list-clients.js';
import { ListComputers } from './list-computers.js';
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
] as const;
/** The name of a capability, e.g. `ListClients`. */
export type CapabilityName = (typeof CAPABILITY_NAMES)[number];

/** How the host dispatches one capability: to every integration or to one, whether it is interactive, its method and arity. */
export interface CapabilityInfo {
  token: CapabilityToken<unknown>;
  dispatch: 'fan-out' | 'routed';
  /** Required capabilities are the four every RMM plugin is expected to offer. */
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
  HealthCheck: { token: HealthCheck, dispatch: 'fan-out', required: true, interactive: true, method: 'check', streams: false, arity: 0 },
  ListClients: { token: ListClients, dispatch: 'fan-out', required: true, interactive: false, method: 'listClients', streams: true, arity: 0 },
  ListComputers: { token: ListComputers, dispatch: 'fan-out', required: true, interactive: false, method: 'listComputers', streams: true, arity: 1 },
  RunScript: { token: RunScript, dispatch: 'routed', required: true, interactive: true, method: 'runScript', streams: false, arity: 1 },
  GetComputerIdentity: { token: GetComputerIdentity, dispatch: 'routed', required: false, interactive: false, method: 'getComputerIdentity', streams: false, arity: 1 },
  DeleteAgent: { token: DeleteAgent, dispatch: 'routed', required: false, interactive: true, method: 'deleteAgent', streams: false, arity: 1 },
  MoveAgent: { token: MoveAgent, dispatch: 'routed', required: false, interactive: true, method: 'moveAgent', streams: false, arity: 2 },
  ListActiveIssues: { token: ListActiveIssues, dispatch: 'fan-out', required: false, interactive: false, method: 'listActiveIssues', streams: true, arity: 1 },
  GetAgentInstaller: { token: GetAgentInstaller, dispatch: 'routed', required: false, interactive: true, method: 'getAgentInstaller', streams: false, arity: 1 },
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
