/**
 * `@rmm-hub/simulators`: a fleet generator that knows the ground truth, and faithful local
 * N-central and Automate servers serving it.
 */
export * from './automate/index.js';
export { DEFAULT_FLEET_EPOCH, DEFAULT_MESS_RATES, DEFAULT_SITE_SHARE, FLEET_DEVICE_LIMITS } from './fleet/defaults.js';
export { fleetSnapshot } from './fleet/fleet-snapshot.js';
export * from './fleet/fleet.types.js';
export { generateFleet, type GeneratedFleet } from './fleet/generate-fleet.js';
export { scoreLinks, scorePairs, type LinkScore, type PairScore, type ScoredAgent, type ScoredLink } from './fleet/scoring.js';
export { isPlaceholderSerial, isPlaceholderUuid, PLACEHOLDER_SERIALS, PLACEHOLDER_UUIDS } from './fleet/placeholders.js';
export { createRng, deriveSeed, mix32, type Rng } from './fleet/prng.js';
export * from './ncentral/index.js';
export { FaultInjector, type FaultDecision, type FaultHandle, type FaultKind, type FaultRule } from './server/faults.js';
export { Router, SimHttpError, type RouteMatch, type RouterOptions, type SimHandler, type SimRequest, type SimResponse } from './server/router.js';
export { startSimServer, type ErrorBodyFactory, type SimServer, type SimServerOptions, type SimServerStats } from './server/sim-server.js';
