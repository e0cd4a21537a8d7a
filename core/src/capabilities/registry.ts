/**
 * Every capability the host knows, with what `host.call()` needs to invoke it. The record is
 * exhaustive over {@link CapabilityName}: adding a capability without wiring its call fails to
 * compile. The host calls one integration at a time; the sync and the commands that span
 * integrations (health, listings) loop over them themselves, keeping each one's outcome.
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
export type CapabilityName = (typeof CAPABILITY_NAMES)[number];

export interface CapabilityInfo {
  token: CapabilityToken<unknown>;
  /** Interactive calls jump ahead of background sync traffic. */
  interactive: boolean;
  /** The interface's one method, which `host.call()` invokes. */
  method: string;
  /** Whether the method returns a stream (AsyncIterable) rather than a promise. */
  streams: boolean;
  /** How many arguments the method takes before its options object. */
  arity: number;
}

export const CAPABILITIES: Readonly<Record<CapabilityName, CapabilityInfo>> = {
  HealthCheck: { token: HealthCheck, interactive: true, method: 'check', streams: false, arity: 0 },
  ListClients: { token: ListClients, interactive: false, method: 'listClients', streams: true, arity: 0 },
  ListComputers: { token: ListComputers, interactive: false, method: 'listComputers', streams: true, arity: 1 },
  RunScript: { token: RunScript, interactive: true, method: 'runScript', streams: false, arity: 1 },
  GetComputerIdentity: { token: GetComputerIdentity, interactive: false, method: 'getComputerIdentity', streams: false, arity: 1 },
  DeleteAgent: { token: DeleteAgent, interactive: true, method: 'deleteAgent', streams: false, arity: 1 },
  MoveAgent: { token: MoveAgent, interactive: true, method: 'moveAgent', streams: false, arity: 2 },
  ListActiveIssues: { token: ListActiveIssues, interactive: false, method: 'listActiveIssues', streams: true, arity: 1 },
  GetAgentInstaller: { token: GetAgentInstaller, interactive: true, method: 'getAgentInstaller', streams: false, arity: 1 },
};

export function isCapabilityName(value: unknown): value is CapabilityName {
  return typeof value === 'string' && (CAPABILITY_NAMES as readonly string[]).includes(value);
}

/** The name of a capability token, e.g. `ListClients` for `Symbol.for('rmm.ListClients')`. */
export function capabilityNameOf(token: symbol): CapabilityName | undefined {
  const name = Symbol.keyFor(token)?.replace(/^rmm\./, '');
  return isCapabilityName(name) ? name : undefined;
}
