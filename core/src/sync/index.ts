export { SyncOrchestrator, type SyncOrchestratorOptions, type SyncRequest } from './sync-orchestrator.js';
export { SyncScheduler, type SyncSchedulerOptions } from './sync-scheduler.js';
export type { IntegrationSyncReport, SyncReport } from './sync-report.js';
export type { IdentificationStep, IdentificationStepSummary, LinkingStep, LinkingStepSummary, TenantRounds, IdentificationMemos } from './sync-steps.js';
export { identificationStep, linkingStep } from './engine-steps.js';
export { storeConfigTenants, wireEngines, type Engines } from './wire-engines.js';
export { processIsGone, thisProcess } from './process-liveness.js';
