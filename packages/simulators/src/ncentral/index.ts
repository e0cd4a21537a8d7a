/** The simulated N-central server and its test helpers. */
export { createHandmadeFleet, type HandmadeDevice, type HandmadeFleetSpec } from './handmade-fleet.js';
export { SAMPLE_IDS, sampleNcentralFleet } from './sample-ncentral-fleet.js';
export type { NcCustomerDeviceSite, NcOrgListMode, NcRepositoryItem } from './nc-context.js';
export { UI_SESSION_MESSAGE } from './nc-guard.js';
export { runSimulatedScript, type ScriptRun } from './nc-script-runner.js';
export { RUN_SCRIPT_PARAMETERS } from './nc-task-store.js';
export { formatNcTimestamp, type NcTimestampStyle } from './nc-timestamps.js';
export { activeIssueOf } from './nc-active-issue-routes.js';
export {
  DEFAULT_NCENTRAL_CONCURRENCY_CAPS,
  startNcentralSim,
  type NcentralSim,
  type NcentralSimControl,
  type NcentralSimOptions,
} from './ncentral-sim.js';
