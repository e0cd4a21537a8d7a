/**
 * The state every N-central route shares: the fleet, the resolved options, the token table,
 * the switches of the control object, and the server clock. Route modules receive it instead
 * of closing over module globals, so two simulators in one process never interfere.
 */
import type { Fleet } from '../fleet/fleet.types.js';
import type { NcAuthState } from './nc-auth-state.js';
import type { NcOrgModel } from './nc-org-model.js';

/** How the org-unit lists (service-orgs, customers, sites, org-units) answer paging. */
export type NcOrgListMode =
  /** ListResponse (`data` + `totalItems`), honouring pageNumber/pageSize. */
  | 'paged'
  /** ListResponse with every item, ignoring pageNumber/pageSize (unconfirmed server behaviour). */
  | 'unpaged'
  /** The full QueryResponse envelope, as the device lists have. */
  | 'query-response';

/** One Script/Software Repository item. */
export interface NcRepositoryItem {
  name: string;
  /** The "Enable API" toggle; off → `/scheduled-tasks/direct` answers 403. */
  apiEnabled: boolean;
  /** `AutomationPolicy`, `Script` or `MacScript`. */
  kind: 'AutomationPolicy' | 'Script' | 'MacScript';
}

/** Resolved simulator settings. */
export interface NcSettings {
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  orgListMode: NcOrgListMode;
  zonedTimestampRate: number;
  /** Status reads a task spends in each intermediate status. */
  taskPollsPerStage: number;
  /** Intermediate (non-terminal) task statuses, in order. */
  taskIntermediateStatuses: readonly string[];
  /** HTTP status for a duplicate task name (500 per KEMBIT; configurable as unconfirmed). */
  duplicateTaskNameStatus: number;
  /** `ncentral` field of `/api/server-info`. */
  version: string;
  /** Minutes an online device's last check-in may lag behind the server clock. */
  onlineCheckinLagMinutes: number;
  /** Whether `DELETE /api/devices/{id}` exists (2026.1 and later; unconfirmed per release). */
  deviceDelete: boolean;
  /** The IANA zone whose wall clock the zone-less timestamps show. */
  timeZone: string;
  /** Whether `GET /api/sites` (every site in one list) exists; without it sites are an org unit's children. */
  sitesList: boolean;
  /** What a device directly under its customer carries as `siteId`/`siteName` (unconfirmed upstream). */
  customerDeviceSite: NcCustomerDeviceSite;
}

/**
 * How a device that sits directly under its customer (in no site) reports its site: `null`
 * fields, no fields at all, or its customer repeated as the site. Which one real servers do is
 * unconfirmed (reference §5.2, open question 11).
 */
export type NcCustomerDeviceSite = 'null' | 'absent' | 'customer';

/** A pending "error inside a 200" switch. */
export interface Error200Rule {
  remaining: number;
  /** Path prefix it applies to; all authenticated routes when unset. */
  pathPrefix: string | undefined;
  message: string;
}

/** Mutable switches behind the control object. */
export interface NcSwitches {
  passwordExpired: boolean;
  eulaAccepted: boolean;
  hangTasks: boolean;
  clockOffsetMs: number;
  error200: Error200Rule[];
}

/** Shared state of one simulated N-central server. */
export interface NcSimContext {
  readonly fleet: Fleet;
  readonly settings: NcSettings;
  readonly auth: NcAuthState;
  readonly org: NcOrgModel;
  readonly switches: NcSwitches;
  readonly repository: Map<number, NcRepositoryItem>;
  /** Server clock (epoch ms), skew included. */
  now(): number;
  /** When the server (re)started (epoch ms). */
  startedAt: number;
}
