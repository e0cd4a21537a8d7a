/**
 * `startAutomateSim()` — a local ConnectWise Automate REST server on loopback, serving a fleet
 * as the reference describes it (cw-automate-rest-api.md §10 checklist). Every behaviour the
 * reference marks as uncertain is an option here, so a client can be tested against each guess.
 */
import { randomUUID } from 'node:crypto';

import type { Fleet } from '../fleet/fleet.types.js';
import { FaultInjector } from '../server/faults.js';
import { Router } from '../server/router.js';
import { startSimServer, type SimServerStats } from '../server/sim-server.js';
import { AuthService, type MfaMode } from './automate-auth.js';
import { ControlState, type AutomateControl } from './automate-control.js';
import type { RecordFormat } from './automate-records.js';
import { registerAutomateRoutes } from './automate-routes.js';
import { InstallerTokens, type IssuedInstaller } from './installer-tokens.js';
import { MaintenanceModes, type MaintenanceSwitch } from './maintenance-modes.js';
import { CommandQueue } from './command-execute.js';
import { ComputerView } from './computer-view.js';
import { generateTotpSecret } from './totp.js';

/** Options of {@link startAutomateSim}. */
export interface AutomateSimOptions {
  fleet: Fleet;
  /** Delay added to every request. @default 0 */
  latencyMs?: number;
  /** Access-token lifetime (reference: about an hour). @default 3600 */
  tokenTtlSeconds?: number;
  /** Cap on refreshes (`AbsoluteExpirationDate`). @default 86400 */
  absoluteTokenTtlSeconds?: number;
  /** The API user's second factor: none (Integrator user), Google TOTP, or Duo. @default 'totp' */
  mfa?: MfaMode;
  username?: string;
  password?: string;
  /** Base32 TOTP secret (the Google Authenticator "manual entry code"). @default random */
  totpSecret?: string;
  /** The integration's registered ClientId. @default random GUID */
  clientId?: string;
  /** Whether the token endpoints also insist on the ClientId header. @default true */
  requireClientIdOnToken?: boolean;
  /** How a wrong TOTP code is answered. @default 'unauthorized' */
  wrongTotpResponse?: 'unauthorized' | 'two-factor-required';
  /** Whether an expired (not yet dropped) token may be refreshed. @default false */
  refreshExpiredTokens?: boolean;
  /** Rotation: every token dies after this many authenticated requests. @default 0 (off) */
  rotateTokenEvery?: number;
  /** @default 'number' */
  idFormat?: RecordFormat['idFormat'];
  /** @default 'local' (no zone, as observed) */
  dateFormat?: RecordFormat['dateFormat'];
  /** The IANA zone whose wall clock the zone-less (`local`) times show. @default 'UTC' */
  serverTimeZone?: string;
  /** @default 50 */
  defaultPageSize?: number;
  /** Larger page sizes are clamped silently. @default unlimited */
  maxPageSize?: number;
  /**
   * Answer 422 when CommandExecute's `Command.Id` is not a string, as a server checking the
   * published schema (`LabTech.Models.Command.Id: string`) does. @default false
   */
  strictCommandId?: boolean;
  /** CommandExecute timings. @default 300 / 700 ms */
  commandPendingMs?: number;
  commandExecutingMs?: number;
  /** Per-endpoint caps on requests in flight (`'GET /cwa/api/v1/computers'`), answered 429. */
  concurrencyCaps?: Record<string, number>;
  /** The server clock (token expiry, TOTP, command progress, Date header). @default Date.now */
  now?: () => number;
  /** Seed of the fault injector's probability draws. @default 1 */
  faultSeed?: number;
  /**
   * What `DELETE /computers/{id}` does: move the computer to Retired Assets, or delete it
   * outright (unconfirmed which, reference §8.2). @default 'retire'
   */
  deleteMode?: 'retire' | 'hard-delete';
  /**
   * Whether the server accepts `POST`/`DELETE computers/MaintenanceModes` (how a client sets
   * maintenance mode is undocumented, reference §8.7). @default true
   */
  maintenanceModeRoutes?: boolean;
}

/** A running simulated Automate. */
export interface AutomateSim {
  /** The server's origin, e.g. `http://127.0.0.1:41234` (the API is under `/cwa/api/v1`). */
  readonly url: string;
  readonly clientId: string;
  readonly username: string;
  readonly password: string;
  /** Base32 TOTP secret of the API user (meaningful when `mfa` is `totp`). */
  readonly totpSecret: string;
  readonly control: AutomateControl;
  /** Installer tokens issued through `POST RemoteAgent/Installers`, in order. */
  readonly installers: readonly IssuedInstaller[];
  /** Maintenance modes switched on and off, in order. */
  readonly maintenance: readonly MaintenanceSwitch[];
  readonly faults: FaultInjector;
  readonly stats: SimServerStats;
  setLatency(ms: number): void;
  close(): Promise<void>;
}

/** Starts a simulated Automate server on 127.0.0.1 (ephemeral port). */
export async function startAutomateSim(options: AutomateSimOptions): Promise<AutomateSim> {
  const now = options.now ?? Date.now;
  const format: RecordFormat = { idFormat: options.idFormat ?? 'number', dateFormat: options.dateFormat ?? 'local', timeZone: options.serverTimeZone ?? 'UTC' };
  const clientId = options.clientId ?? randomUUID();
  const username = options.username ?? 'rmmhub-api';
  const password = options.password ?? `Sim-${randomUUID()}`;
  const totpSecret = options.totpSecret ?? generateTotpSecret();
  const auth = new AuthService(
    { userId: '42', username, password, mfa: options.mfa ?? 'totp', totpSecret },
    {
      tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
      absoluteTokenTtlSeconds: options.absoluteTokenTtlSeconds ?? 86_400,
      wrongTotpResponse: options.wrongTotpResponse ?? 'unauthorized',
      refreshExpired: options.refreshExpiredTokens ?? false,
      rotateEvery: options.rotateTokenEvery ?? 0,
    },
    format,
    now,
  );
  const view = new ComputerView(options.fleet, format, now, options.deleteMode ?? 'retire');
  const commands = new CommandQueue(
    options.fleet,
    { pendingMs: options.commandPendingMs ?? 300, executingMs: options.commandExecutingMs ?? 700 },
    format,
    now,
  );
  const state = new ControlState(auth, commands, view);
  const installers = new InstallerTokens((locationId) => view.locations.has(locationId));
  const maintenance = new MaintenanceModes((computerId) => view.indexOf(computerId) !== undefined, now);
  const router = new Router({ caseInsensitive: true });
  registerAutomateRoutes(router, {
    auth,
    view,
    commands,
    state,
    clientId,
    format,
    paging: { defaultPageSize: options.defaultPageSize ?? 50, maxPageSize: options.maxPageSize },
    requireClientIdOnToken: options.requireClientIdOnToken ?? true,
    strictCommandId: options.strictCommandId ?? false,
    now,
    installers,
    maintenance,
    maintenanceRoutes: options.maintenanceModeRoutes ?? true,
  });
  const server = await startSimServer({
    router,
    latencyMs: options.latencyMs,
    faults: new FaultInjector(options.faultSeed ?? 1),
    concurrencyCaps: options.concurrencyCaps,
    errorBody: (_status, text) => ({ Message: text }),
  });
  return {
    url: server.url,
    clientId,
    username,
    password,
    totpSecret,
    control: state.control(),
    installers: installers.issued,
    maintenance: maintenance.switches,
    faults: server.faults,
    stats: server.stats,
    setLatency: (ms) => server.setLatency(ms),
    close: () => server.close(),
  };
}
