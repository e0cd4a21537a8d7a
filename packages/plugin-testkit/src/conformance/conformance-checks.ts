/**
 * The conformance checks, in the order they run, as plain async functions of a session. The
 * vitest suite wraps each in an `it()`; `runConformance()` runs them without vitest, which is
 * how the kit's own tests prove that each kind of broken plugin fails with a readable message.
 */
import type { CapabilityName } from '@rmm-hub/core';

import { checkAgentActions } from './checks/agent-actions-check.js';
import { checkAgentInstaller } from './checks/agent-installer-check.js';
import { checkAgentUrl } from './checks/agent-url-check.js';
import { checkMaintenance } from './checks/maintenance-check.js';
import { checkCapabilities } from './checks/capabilities-check.js';
import { checkClientGroups } from './checks/client-groups-check.js';
import { checkSecrets } from './checks/canary-check.js';
import { checkInvalidConfigs } from './checks/config-check.js';
import { checkErrors } from './checks/errors-check.js';
import { checkHealth } from './checks/health-check.js';
import { checkIdentity } from './checks/identity-check.js';
import { checkManifest } from './checks/manifest-check.js';
import { checkPagination } from './checks/pagination-check.js';
import { checkRecords } from './checks/records-check.js';
import { checkRunScript } from './checks/run-script-check.js';
import { checkStreaming } from './checks/streaming-check.js';
import type { ConformanceSession } from './conformance-session.js';

/** The name of a check, as used in failure messages and `only`. */
export type ConformanceCheckName =
  | 'manifest'
  | 'config'
  | 'capabilities'
  | 'health'
  | 'records'
  | 'client-groups'
  | 'pagination'
  | 'streaming'
  | 'run-script'
  | 'errors'
  | 'identity'
  | 'agent-actions'
  | 'agent-installer'
  | 'agent-url'
  | 'maintenance'
  | 'secrets';

/** One check: its name, the sentence the test is named by, and the work. */
export interface ConformanceCheck {
  readonly name: ConformanceCheckName;
  readonly title: string;
  readonly run: (session: ConformanceSession<unknown>) => Promise<void>;
  /**
   * Why the check does not apply to this plugin (it does not declare the capability the check
   * exercises), or undefined when it does. A check that does not apply is reported as skipped
   * with this reason, never as passed.
   */
  readonly notApplicable?: (session: ConformanceSession<unknown>) => string | undefined;
}

/** The reason a check of optional capabilities is skipped when the plugin declares none of them. */
function unlessDeclared(...capabilities: CapabilityName[]): (session: ConformanceSession<unknown>) => string | undefined {
  return (session) =>
    capabilities.some((capability) => session.declares(capability)) ? undefined : `the plugin does not declare ${capabilities.join(' or ')}`;
}

/** Every check, in running order. `secrets` runs last so it sees everything the others produced. */
export const CONFORMANCE_CHECKS: readonly ConformanceCheck[] = [
  { name: 'manifest', title: 'has a valid, API-compatible manifest', run: checkManifest },
  { name: 'config', title: 'refuses invalid configs with RMM_ERR_CONFIG and never crashes on one', run: checkInvalidConfigs },
  { name: 'capabilities', title: 'registers every declared capability, and only those', run: checkCapabilities },
  { name: 'health', title: 'HealthCheck: healthy on a good config, a hinted failure on bad credentials', run: checkHealth },
  { name: 'records', title: 'ListClients/ListComputers: valid records, unique ids, agents of listed clients', run: checkRecords },
  { name: 'client-groups', title: 'sites/locations (where listed): under a listed client, named by their agents, listed on their own', run: checkClientGroups },
  { name: 'pagination', title: 'ListClients/ListComputers: pagination is total for any page size (fast-check)', run: checkPagination },
  { name: 'streaming', title: 'ListClients/ListComputers: results stream (pages fetched only as records are consumed)', run: checkStreaming },
  { name: 'run-script', title: 'RunScript: a terminal status within the timeout', run: checkRunScript, notApplicable: unlessDeclared('RunScript') },
  { name: 'errors', title: 'every error is a catalogue error; rejected credentials are a hinted RMM_ERR_AUTH', run: checkErrors },
  { name: 'identity', title: 'GetComputerIdentity: an identity for listed agents, the same hardware the listing reports', run: checkIdentity, notApplicable: unlessDeclared('GetComputerIdentity') },
  { name: 'agent-actions', title: 'DeleteAgent/MoveAgent: a dry run changes nothing; applied actions show in the next listing', run: checkAgentActions, notApplicable: unlessDeclared('DeleteAgent', 'MoveAgent') },
  { name: 'agent-installer', title: 'GetAgentInstaller: a URL or token for a listed client; an error for an unknown one', run: checkAgentInstaller, notApplicable: unlessDeclared('GetAgentInstaller') },
  { name: 'agent-url', title: 'AgentUrl: a distinct console link per listed agent, which the server answers', run: checkAgentUrl, notApplicable: unlessDeclared('AgentUrl') },
  { name: 'maintenance', title: 'MaintenanceMode: on and off again for a listed agent (off twice is no error)', run: checkMaintenance, notApplicable: unlessDeclared('MaintenanceMode') },
  { name: 'secrets', title: 'canary secrets never appear in an error, event, log line or result', run: checkSecrets },
];
