export { Host, HostEventBusToken, HostLoggerToken, type HostOptions, type IntegrationInfo } from './host.js';
export { Integration, REGISTER_TIMEOUT_MS } from './integration.js';
export { IntegrationInfoSchema } from './integration-info.schema.js';
export { HostEventBus, type EmitEvent, type ErrorSummary, type HostEventName, type HostEvents, type SyncPhase } from '../events/events.js';
export { callInBoundary, streamInBoundary, type BoundaryOptions } from './call-boundary.js';
