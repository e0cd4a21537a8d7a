export { queueSettings, type QueueSettings } from './queue-settings.js';
export { SyncQueue, type JobFollowUp, type JobKind, type ScriptJobRequest, type SyncJobData, type SyncJobInfo, type SyncJobOutput, type SyncQueueOptions, type IdentifyJob, type TakenIdentifyJobs, type TakenJob, type TakenScriptJob, type TakenSyncJob } from './sync-queue.js';
export { SyncSchedule, type SyncScheduleOptions } from './sync-schedule.js';
export { SyncWorker, type JobOutcome, type SyncWorkerOptions } from './sync-worker.js';
