/** The tenant-linking engine, its persistence service and its building blocks. */
export { suggestLinks } from './linking-engine.js';
export { LinkingConfig, LinkingWeights, DEFAULT_LINKING_CONFIG, linkingConfig, type LinkingConfigInput } from './linking.config.js';
export { normaliseName, foldText, tokenise, type NormalisedName } from './name-normaliser.js';
export { LEGAL_FORMS, LEADING_LEGAL_FORMS, NOISE_WORDS, DECORATION_WORDS, ABBREVIATIONS } from './name-terms.js';
export { jaro, jaroWinkler } from './jaro-winkler.js';
export { nameSimilarity, softTokenOverlap, scorePair, type PartyFeatures, type TokenWeight, type NameSimilarity, type OverlapEvidence } from './scorer.js';
export { TenantIndex } from './blocking.js';
export { assign, type Assignment, type AssignmentContext, type AssignmentEntry } from './assignment.js';
export { resolveDecisions, clientKey, type ClientStance } from './decisions.js';
export type * from './linking.types.js';
export { LinkingService, LINKING_ACTOR, type LinkingServiceOptions, type LinkingRunOutcome, type LinkDecisionInput, type LinkDecisionOutcome, type LinksView, type CreateTenantsInput } from './linking-service.js';
export { planTenantCreation, type PlannedTenant, type TenantCreationPlan, type PlanOptions } from './tenant-creation.js';
export { storeDeviceOverlap } from './device-overlap.js';
export { tenantOfAgent, tenantsByClient, type AgentPlacement, type TenantOfClient } from './model/agent-tenant.js';
export { GROUP_KINDS, isClientGroup, resolveClientGroup } from './client-groups.js';
export { LinkingError, LinkingErrorCodes, type LinkingErrorCode } from './linking-errors.js';
export type * from './model/link-records.js';
export type * from './port/link-repository.js';
