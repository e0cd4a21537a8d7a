/** The computer-identification engine and its service. */
export { identifyComputers, type IdentifyOptions } from './identification-engine.js';
export {
  IdentificationService,
  type GatherSummary,
  type IdentificationRunSummary,
  type IdentificationServiceOptions,
  type IdentifierValue,
  type RunPhases,
  type TenantTally,
} from './identification-service.js';
export { ComputerQueries, type ComputerDetail } from './computer-queries.js';
export { IdentificationConfig, type IdentificationConfigInput } from './identification.config.js';
export { IdentificationError, IdentificationErrorCodes, type IdentificationErrorCode } from './identification-errors.js';
export {
  agentKey,
  parseAgentKey,
  type AgentLinkResult,
  type ComputerResult,
  type ConflictKind,
  type ConflictResult,
  type DuplicateAgents,
  type IdentificationResult,
  type LifecycleEvent,
  type LinkEvidence,
  type MatchTier,
  type PriorComputer,
  type PriorState,
} from './identification.types.js';
export {
  KnownBadCatalogue,
  KnownBadOverride,
  KnownBadRegistry,
  SHIPPED_CATALOGUE,
  type IdentifierKind,
  type KnownBadOverrideInput,
  type RegistryHit,
  type RegistryVerdict,
} from './known-bad-registry.js';
export {
  normaliseHostname,
  normaliseMac,
  normaliseManufacturer,
  normaliseSerial,
  normaliseUuid,
} from './identifier-normaliser.js';
export { identifiersOf } from './agent-identifiers.js';
export type * from './model/agent-records.js';
export type * from './model/computer-records.js';
export type * from './model/identifier-spread.js';
export type * from './port/computer-repository.js';
export { decodeEvidence, encodeEvidence, LinkFlags } from './evidence-codec.js';
export { IDENTITY_SCRIPT, formatIdentityOutput, identityScriptRequest, parseIdentityOutput, type ScriptIdentity } from './identity-script.js';
export type { RunIdentityScript, GatherOutcome } from './identity-gathering.js';
export type { ConflictResolution, DecisionOutcome } from './identification-decisions.js';
export type { RunCounts } from './run-writer.js';
