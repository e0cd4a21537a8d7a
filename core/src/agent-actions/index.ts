export { type AgentActionOutcomeStatus } from './agent-action.js';
export {
  planRetirement,
  type AgentState,
  type ComputerAgents,
  type HeldAgent,
  type RetirementPlan,
  type RetirementPolicy,
  type RetirementStep,
} from './retirement-planner.js';
export { AgentRetirementService, DEFAULT_MIN_OFFLINE_DAYS, type AgentRetirementOptions, type DeleteAgentCall, type RetirementOutcome } from './retirement-service.js';
export {
  namingStem,
  planMoves,
  type ConflictSide,
  type CrossTenantConflict,
  type HeldConflict,
  type MovableAgent,
  type MovePlan,
  type MovePolicy,
  type MoveStep,
} from './move-planner.js';
export { AgentMoveService, DEFAULT_MIN_PEERS, type AgentMoveOptions, type FindAgentCall, type MoveAgentCall, type MoveOutcome, type MoveReport } from './move-service.js';
export { planDeploys, platformOf, type DeployComputer, type DeployPlan, type DeployPolicy, type DeployStep, type DeployableAgent, type HeldDeploy, type LinkedClient } from './deploy-planner.js';
export { AgentDeployService, type AgentDeployOptions, type DeployOutcome, type DeployPreview, type IssueInstallerCall, type RunOnAgentCall } from './deploy-service.js';
export { maskIn, maskInstaller, maskSecret, type MaskedInstaller } from './masked-installer.js';
export { AgentLinkService, type AgentLinkOptions, type AgentUrlCall, type ComputerAgentLink } from './agent-link-service.js';
export { AgentInstallerService, type AgentInstallerOptions, type GetAgentInstallerCall } from './installer-service.js';
