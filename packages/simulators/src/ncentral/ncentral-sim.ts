/**
 * `startNcentralSim()` — a faithful local N-central REST server over a {@link Fleet}, on
 * loopback. It follows shared/reference/ncentral-rest-api.md; where the reference marks a fact
 * uncertain the behaviour is an option (org-list paging, duplicate-name status, intermediate
 * task statuses). RMM-specific faults are switched through `control`; transport faults
 * (429 bursts, 5xx, resets, slow and truncated responses) through `faults`.
 *
 * @example
 * const sim = await startNcentralSim({ fleet: generateFleet({ seed: 1, devices: 500 }) });
 * const res = await fetch(`${sim.url}/api/auth/authenticate`, { method: 'POST', headers: { Authorization: `Bearer ${sim.jwt}` } });
 * sim.control.expireAccessTokens(); // the next call with the old token gets 401
 * await sim.close();
 */
import { FaultInjector } from '../server/faults.js';
import { Router } from '../server/router.js';
import { startSimServer, type SimServerStats } from '../server/sim-server.js';
import type { Fleet } from '../fleet/fleet.types.js';
import { registerActiveIssueRoutes } from './nc-active-issue-routes.js';
import { ACCESS_TTL_MAX_SECONDS, makeUserApiJwt, NcAuthState, REFRESH_TTL_MAX_SECONDS } from './nc-auth-state.js';
import { registerAuthRoutes } from './nc-auth-routes.js';
import type { NcCustomerDeviceSite, NcOrgListMode, NcRepositoryItem, NcSettings, NcSimContext, NcSwitches } from './nc-context.js';
import { registerDeviceRoutes } from './nc-device-routes.js';
import { NcOrgModel } from './nc-org-model.js';
import { registerOrgUnitRoutes } from './nc-org-unit-routes.js';
import { registerRegistrationRoutes } from './nc-registration-routes.js';
import { registerSystemRoutes } from './nc-system-routes.js';
import { registerTaskRoutes } from './nc-task-routes.js';
import { NcTaskStore } from './nc-task-store.js';

/** Per-endpoint concurrency caps the simulator applies unless told otherwise (reference §9). */
export const DEFAULT_NCENTRAL_CONCURRENCY_CAPS: Readonly<Record<string, number>> = {
  'GET /api/devices': 5,
  'GET /api/org-units/:orgUnitId/devices': 5,
  'GET /api/devices/:deviceId': 5,
  'GET /api/devices/:deviceId/assets': 3,
  'POST /api/scheduled-tasks/direct': 5,
  'GET /api/org-units/:orgUnitId/active-issues': 5,
};

/** Options of {@link startNcentralSim}. */
export interface NcentralSimOptions {
  fleet: Fleet;
  /** Delay added to every request. @default 0 */
  latencyMs?: number | undefined;
  /** The server clock (online devices' check-ins, token expiry, tasks); `advanceClock` adds to it. @default Date.now */
  now?: (() => number) | undefined;
  /** Caps merged over {@link DEFAULT_NCENTRAL_CONCURRENCY_CAPS}; a cap of 0 removes one. */
  concurrencyCaps?: Record<string, number> | undefined;
  /** The system-wide access-token lifetime (also the override maximum). @default 3600 */
  accessTokenTtlSeconds?: number | undefined;
  /** The system-wide refresh-token lifetime (also the override maximum). @default 90000 */
  refreshTokenTtlSeconds?: number | undefined;
  /** Rotation: every access token dies after this many authenticated requests. @default 0 (off) */
  rotateAccessTokenEvery?: number | undefined;
  /** The User-API JWT to accept. @default a fresh JWT-shaped token */
  jwt?: string | undefined;
  /** Puts an `exp` claim in the generated JWT (ISO instant or epoch ms). @default none */
  jwtExpiresAt?: string | number | undefined;
  /** Repository ID of the RunScript automation policy (API enabled). @default 104512 */
  repositoryId?: number | undefined;
  /** How org-unit lists page. @default 'paged' */
  orgListMode?: NcOrgListMode | undefined;
  /** The IANA zone whose wall clock the zone-less timestamps show. @default 'UTC' */
  serverTimeZone?: string | undefined;
  /** Share of devices whose timestamps carry `Z` or an offset. @default 0.05 */
  zonedTimestampRate?: number | undefined;
  /** Status reads per intermediate task status. @default 1 */
  taskPollsPerStage?: number | undefined;
  /** Intermediate task statuses (unconfirmed upstream). @default ['Scheduled', 'Running'] */
  taskIntermediateStatuses?: readonly string[] | undefined;
  /** Status answered for a duplicate task name. @default 500 */
  duplicateTaskNameStatus?: number | undefined;
  /** @default '2024.6.0.20' */
  version?: string | undefined;
  /**
   * Whether the server offers `DELETE /api/devices/{id}`. Which release introduced it is
   * unconfirmed (reference §13). @default true from version 2026.1, false before
   */
  deviceDelete?: boolean | undefined;
  /**
   * Whether the server offers `GET /api/sites`, every site in one list; clients then find sites
   * as their customer's org-unit children. Which releases lack it is unconfirmed. @default true
   */
  sitesList?: boolean | undefined;
  /**
   * What a device directly under its customer (in no site) reports as `siteId`/`siteName`:
   * unconfirmed upstream (reference open question 11). @default 'null'
   */
  customerDeviceSite?: NcCustomerDeviceSite | undefined;
  /** Seed of the fault injector's probability draws. @default 1 */
  faultSeed?: number | undefined;
}

/** RMM-specific faults and knobs of a running simulator. */
export interface NcentralSimControl {
  /** Expires every access token now (refresh tokens stay usable), e.g. mid-pagination. */
  expireAccessTokens(): void;
  /** Expires every token, access and refresh, now. */
  expireAllTokens(): void;
  /** A server restart: every token is forgotten (tasks and data survive). */
  restart(): void;
  /** The API user's password expired: every session call answers 500 "Unable to validate UI session…". */
  setPasswordExpired(expired: boolean): void;
  /** EULA not accepted by the API user: customers stay visible, devices disappear. */
  setEulaAccepted(accepted: boolean): void;
  /** The next `times` authenticated calls (under `pathPrefix`) answer 200 `{"error message": …}`. */
  errorInside200(options?: { times?: number; pathPrefix?: string; message?: string }): void;
  /** Regenerates the User-API JWT (the old one stops working); returns the new one. */
  regenerateJwt(): string;
  /** Adds, changes or (with undefined) removes a repository item. */
  setRepositoryItem(itemId: number, item: NcRepositoryItem | undefined): void;
  /** Moves the server clock (token expiry, `/api/health`) by `ms`: clock skew, or time passing. */
  advanceClock(ms: number): void;
  /** While true, new status reads never leave the first intermediate status. */
  setTasksHang(hang: boolean): void;
  /** Tasks created so far. */
  readonly taskCount: number;
  /** Live tokens. */
  tokenCounts(): { access: number; refresh: number };
  /** Device ids deleted through `DELETE /api/devices/{id}`. */
  deletedDevices(): number[];
  /** Token rotations so far (see `rotateAccessTokenEvery`) and requests refused for a dead token. */
  tokenRotation(): { rotations: number; refused: number };
}

/** A running simulated N-central server. */
export interface NcentralSim {
  /** Base URL (`http://127.0.0.1:<port>`); the API is under `/api`. */
  readonly url: string;
  /** The valid User-API JWT (changes after `control.regenerateJwt()`). */
  readonly jwt: string;
  /** Repository ID of the RunScript automation policy, with Enable API on. */
  readonly repositoryId: number;
  /** Repository ID of an item that exists with Enable API off. */
  readonly disabledRepositoryId: number;
  readonly control: NcentralSimControl;
  readonly faults: FaultInjector;
  readonly stats: SimServerStats;
  setLatency(ms: number): void;
  setConcurrencyCap(routeKey: string, cap: number | undefined): void;
  close(): Promise<void>;
}

/** Starts a simulated N-central server on 127.0.0.1 (ephemeral port). */
export async function startNcentralSim(options: NcentralSimOptions): Promise<NcentralSim> {
  let clockOffsetMs = 0;
  const clock = options.now ?? Date.now;
  const now = (): number => clock() + clockOffsetMs;
  const settings: NcSettings = {
    accessTtlSeconds: Math.min(options.accessTokenTtlSeconds ?? ACCESS_TTL_MAX_SECONDS, ACCESS_TTL_MAX_SECONDS),
    refreshTtlSeconds: Math.min(options.refreshTokenTtlSeconds ?? REFRESH_TTL_MAX_SECONDS, REFRESH_TTL_MAX_SECONDS),
    orgListMode: options.orgListMode ?? 'paged',
    zonedTimestampRate: options.zonedTimestampRate ?? 0.05,
    taskPollsPerStage: options.taskPollsPerStage ?? 1,
    taskIntermediateStatuses: options.taskIntermediateStatuses ?? ['Scheduled', 'Running'],
    duplicateTaskNameStatus: options.duplicateTaskNameStatus ?? 500,
    version: options.version ?? '2024.6.0.20',
    onlineCheckinLagMinutes: 10,
    deviceDelete: false,
    timeZone: options.serverTimeZone ?? 'UTC',
    sitesList: options.sitesList ?? true,
    customerDeviceSite: options.customerDeviceSite ?? 'null',
  };
  settings.deviceDelete = options.deviceDelete ?? Number.parseFloat(settings.version) >= 2026.1;
  const jwtExpiresAtMs = options.jwtExpiresAt === undefined ? undefined : typeof options.jwtExpiresAt === 'number' ? options.jwtExpiresAt : Date.parse(options.jwtExpiresAt);
  const newJwt = (): string => makeUserApiJwt({ subject: 'api-user@msp.example', issuedAtMs: now(), expiresAtMs: jwtExpiresAtMs });
  const auth = new NcAuthState(options.jwt ?? newJwt(), now);
  auth.rotateAccessEvery = options.rotateAccessTokenEvery ?? 0;
  const repositoryId = options.repositoryId ?? 104_512;
  const disabledRepositoryId = repositoryId + 1;
  const repository = new Map<number, NcRepositoryItem>([
    [repositoryId, { name: 'RunScript (rmm-hub)', apiEnabled: true, kind: 'AutomationPolicy' }],
    [disabledRepositoryId, { name: 'RunScript (API disabled)', apiEnabled: false, kind: 'AutomationPolicy' }],
  ]);
  const switches: NcSwitches = { passwordExpired: false, eulaAccepted: true, hangTasks: false, clockOffsetMs: 0, error200: [] };
  const ctx: NcSimContext = {
    fleet: options.fleet,
    settings,
    auth,
    org: new NcOrgModel(options.fleet),
    switches,
    repository,
    now,
    startedAt: now(),
  };
  const tasks = new NcTaskStore(ctx);
  const router = new Router();
  registerSystemRoutes(router, ctx);
  registerAuthRoutes(router, ctx);
  registerOrgUnitRoutes(router, ctx);
  registerDeviceRoutes(router, ctx);
  registerRegistrationRoutes(router, ctx);
  registerActiveIssueRoutes(router, ctx);
  registerTaskRoutes(router, ctx, tasks);

  const caps: Record<string, number> = { ...DEFAULT_NCENTRAL_CONCURRENCY_CAPS };
  for (const [key, cap] of Object.entries(options.concurrencyCaps ?? {})) {
    if (cap <= 0) delete caps[key];
    else caps[key] = cap;
  }
  const server = await startSimServer({ router, latencyMs: options.latencyMs, concurrencyCaps: caps, faults: new FaultInjector(options.faultSeed ?? 1) });

  const control: NcentralSimControl = {
    expireAccessTokens: () => auth.expireAccessTokens(),
    expireAllTokens: () => auth.expireAllTokens(),
    restart: () => {
      auth.clear();
      ctx.startedAt = now();
    },
    setPasswordExpired: (expired) => {
      switches.passwordExpired = expired;
    },
    setEulaAccepted: (accepted) => {
      switches.eulaAccepted = accepted;
    },
    errorInside200: (o = {}) => {
      switches.error200.push({
        remaining: o.times ?? 1,
        pathPrefix: o.pathPrefix,
        message: o.message ?? 'An internal error occurred while processing the request.',
      });
    },
    regenerateJwt: () => {
      auth.jwt = newJwt();
      return auth.jwt;
    },
    setRepositoryItem: (itemId, item) => {
      if (item) repository.set(itemId, item);
      else repository.delete(itemId);
    },
    advanceClock: (ms) => {
      clockOffsetMs += ms;
      switches.clockOffsetMs = clockOffsetMs;
    },
    setTasksHang: (hang) => {
      switches.hangTasks = hang;
    },
    get taskCount() {
      return tasks.size;
    },
    tokenCounts: () => auth.counts(),
    deletedDevices: () => ctx.org.deletedIndices().map((i) => options.fleet.ncentral.agent(i).agentId),
    tokenRotation: () => ({ ...auth.rotation }),
  };

  return {
    url: server.url,
    get jwt() {
      return auth.jwt;
    },
    repositoryId,
    disabledRepositoryId,
    control,
    faults: server.faults,
    stats: server.stats,
    setLatency: (ms) => server.setLatency(ms),
    setConcurrencyCap: (key, cap) => server.setConcurrencyCap(key, cap),
    close: () => server.close(),
  };
}
