export { capabilityToken, type CapabilityOf, type CapabilityToken } from './token.js';
export { IsoInstant, RmmId } from './common.schema.js';
export { AgentIdentity, RmmAgent, type AgentIdentityInput, type IdentifiedAgent, type RmmAgentInput } from './agent.schema.js';
export { HealthCheck, HealthCheckResult, HealthReport, HealthStatus, summariseHealth } from './health-check.js';
export { ClientHints, ClientKind, ListClients, RmmClient, type RmmClientInput } from './list-clients.js';
export { ListComputers, ListComputersQuery } from './list-computers.js';
export {
  RunScript,
  ScriptLanguage,
  ScriptRequest,
  ScriptResult,
  ScriptStatus,
  type ScriptRequestInput,
  type ScriptResultInput,
} from './run-script.js';
export { GetComputerIdentity } from './get-computer-identity.js';
export { DeleteAgent, type DeleteAgentResult } from './delete-agent.js';
export { MoveAgent } from './move-agent.js';
export {
  AgentInstaller,
  AgentInstallerRequest,
  AgentPlatform,
  GetAgentInstaller,
  type AgentInstallerInput,
} from './get-agent-installer.js';
export { MaintenanceMode, MaintenanceRequest, type MaintenanceRequestInput } from './maintenance-mode.js';
export { AgentLink, AgentUrl, AgentUrlTemplate, agentUrlFrom, templateAgentUrl } from './agent-url.js';
export { ActiveIssue, ListActiveIssues, type ActiveIssueInput } from './list-active-issues.js';
export {
  CAPABILITIES,
  CAPABILITY_NAMES,
  capabilityNameOf,
  isCapabilityName,
  type CapabilityInfo,
  type CapabilityName,
} from './registry.js';
export { type CallOptions, type CallOptionsFor, type CapabilityCalls } from './capability-calls.js';
