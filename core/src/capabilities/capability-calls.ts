/**
 * The typed surface of `host.call()`: for each capability, the arguments its method takes and
 * what the host hands back — after validation, so callers get parsed records (`RmmClient`),
 * not the looser input shapes plugins may produce.
 */
import type { AgentIdentity, RmmAgent } from './agent.schema.js';
import type { DeleteAgentResult } from './delete-agent.js';
import type { AgentLink } from './agent-url.js';
import type { MaintenanceRequest } from './maintenance-mode.js';
import type { AgentInstaller, AgentInstallerRequest } from './get-agent-installer.js';
import type { HealthReport } from './health-check.js';
import type { ActiveIssue } from './list-active-issues.js';
import type { RmmClient } from './list-clients.js';
import type { ListComputersQuery } from './list-computers.js';
import type { CapabilityName } from './registry.js';
import type { ScriptRequestInput, ScriptResult } from './run-script.js';

/** Options of one capability call through the host. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Overrides the integration's call timeout. For streams it bounds each page, not the whole. */
  timeoutMs?: number;
}

/**
 * Method options (such as DeleteAgent's `dryRun`) travel in the trailing options object,
 * beside the host's own `timeoutMs` and `signal`.
 */
export interface CapabilityCalls {
  HealthCheck: { args: []; result: Promise<HealthReport> };
  ListClients: { args: []; result: AsyncIterable<RmmClient> };
  ListComputers: { args: [query: ListComputersQuery]; result: AsyncIterable<RmmAgent> };
  RunScript: { args: [request: ScriptRequestInput]; result: Promise<ScriptResult> };
  GetComputerIdentity: { args: [agentId: string]; result: Promise<AgentIdentity> };
  DeleteAgent: { args: [agentId: string]; options: { dryRun: boolean }; result: Promise<DeleteAgentResult> };
  MoveAgent: { args: [agentId: string, targetClientId: string]; result: Promise<void> };
  ListActiveIssues: { args: [query: { clientIds: string[] }]; result: AsyncIterable<ActiveIssue> };
  GetAgentInstaller: { args: [request: AgentInstallerRequest]; result: Promise<AgentInstaller> };
  AgentUrl: { args: [agentId: string]; result: Promise<AgentLink> };
  MaintenanceMode: { args: [agentId: string, request: MaintenanceRequest]; result: Promise<void> };
}

// Compile-time check that every capability has a call signature.
type Exhaustive<T extends Record<CapabilityName, unknown>> = T;
export type CheckedCapabilityCalls = Exhaustive<CapabilityCalls>;

/** The trailing options object of a call: host options plus the capability's own. */
export type CallOptionsFor<K extends CapabilityName> = CallOptions & (CapabilityCalls[K] extends { options: infer O } ? O : unknown);
