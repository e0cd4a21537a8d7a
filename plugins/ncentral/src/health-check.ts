/**
 * HealthCheck — each check answers one question a person would ask, and every warning or
 * failure says what to do (reference §2.1, §6.1, §9):
 *
 * - `token-exchange`: does N-central accept the JWT right now? (a fresh exchange, not a cached token)
 * - `service-orgs`: how many service orgs can the API user see; are the configured ones there?
 * - `device-visibility`: customers but no devices is the unaccepted-EULA symptom.
 * - `repository-item`: does N-central accept the RunScript item for API execution?
 * - `clock-and-latency`: server clock skew and round-trip time.
 * - `server-time-zone`: do the zone-less times fit `serverTimeZone`? (`/api/server-info/time`
 *   where the server has it, else the newest device check-in against the response's `Date`)
 * - `credential-expiry`: when the JWT expires, where it says (its `exp` claim).
 */
import {
  ErrorCodes,
  HealthReport,
  isRmmError,
  judgeServerTimeZone,
  summariseHealth,
  type HealthCheck,
  type HealthCheckResult,
} from '@rmm-hub/core/plugin';

import { authenticate } from './auth.js';
import type { NcentralApi } from './client.js';
import { EXPIRED_PASSWORD_HINT, isExpiredPassword } from './nc-errors.js';
import { parseNcTimestamp, zonelessWallClock } from './nc-values.js';

/** Skew beyond this makes token lifetimes and timestamps unreliable. */
const SKEW_WARN_MS = 120_000;
const LATENCY_WARN_MS = 2_000;
const EXPIRY_WARN_MS = 14 * 86_400_000;

type Check = Omit<HealthCheckResult, 'durationMs'>;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A failure to reach the server at all (nothing answers, DNS): not a verdict on the credentials. */
function unreachable(error: unknown): boolean {
  return isRmmError(error) && (error.code === ErrorCodes.transient || error.code === ErrorCodes.timeout);
}

/** A generic failure of a check's request, with the most useful hint for its kind. */
function failed(name: string, what: string, error: unknown): Check {
  if (isExpiredPassword(error)) return { name, status: 'fail', message: `${what}: ${describe(error)}`, hint: EXPIRED_PASSWORD_HINT };
  const code = isRmmError(error) ? error.code : undefined;
  const hint =
    code === ErrorCodes.auth
      ? 'Generate a new JWT for the API user (Administration → User Management → Users → API Access) and update the integration’s jwt.'
      : code === ErrorCodes.permission
        ? 'Give the API user a role with Devices View and Scheduled Tasks → Manage, and an access group covering the customers it should see.'
        : code === ErrorCodes.transient || code === ErrorCodes.timeout
          ? ((isRmmError(error) && error.context['host'] !== undefined && error.hint) || 'Check that serverUrl is reachable from this machine and that N-central is up; then check again.')
          : ((isRmmError(error) && error.hint) || 'Check serverUrl and the N-central version (2023.9 or later).');
  return { name, status: 'fail', message: `${what}: ${describe(error)}`, hint };
}

/** The epoch ms of an HTTP `Date` header, when it has one. */
function dateHeader(value: unknown): number | undefined {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

/** The first zone-less time in a small JSON value (a string, or an object's string fields). */
function wallClockIn(body: unknown): number | undefined {
  if (typeof body === 'string') return zonelessWallClock(body);
  if (body === null || typeof body !== 'object') return undefined;
  for (const value of Object.values(body as Record<string, unknown>)) {
    const found = typeof value === 'object' ? wallClockIn(value) : zonelessWallClock(value);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The `exp` claim of a JWT, in epoch ms, when it has one. */
export function jwtExpiry(jwt: string): number | undefined {
  const payload = jwt.split('.')[1];
  if (payload === undefined) return undefined;
  try {
    const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' && exp > 0 ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** The HealthCheck capability. */
export class NcentralHealthCheck implements HealthCheck {
  constructor(private readonly api: NcentralApi) {}

  async check(options: { signal?: AbortSignal } = {}): Promise<HealthReport> {
    const { signal } = options;
    const checks: HealthCheckResult[] = [];
    const run = async (fn: () => Promise<Check>): Promise<Check> => {
      const t = performance.now();
      const result = await fn();
      checks.push({ ...result, durationMs: Math.round(performance.now() - t) });
      return result;
    };
    const token = await run(() => this.tokenExchange(signal));
    if (token.status !== 'fail') {
      await run(() => this.serviceOrgs(signal));
      await run(() => this.deviceVisibility(signal));
      await run(() => this.repositoryItem(signal));
    }
    await run(() => this.clockAndLatency(signal));
    if (token.status !== 'fail') await run(() => this.serverTimeZone(signal));
    const expiresAt = jwtExpiry(this.api.config.jwt);
    await run(async () => this.credentialExpiry(expiresAt));
    return HealthReport.parse({
      status: summariseHealth(checks),
      checks,
      ...(expiresAt === undefined ? {} : { credentialExpiresAt: new Date(expiresAt).toISOString() }),
      checkedAt: new Date().toISOString(),
    });
  }

  private async tokenExchange(signal: AbortSignal | undefined): Promise<Check> {
    const name = 'token-exchange';
    try {
      const tokens = await authenticate(this.api.http, { jwt: this.api.config.jwt, signal });
      // A person may just have fixed the credentials: let the sync stop waiting out its cool-down.
      if (this.api.tokens.status().state === 'rejected') this.api.tokens.reset();
      const life = tokens.expiresAt === undefined ? 'unknown lifetime' : `valid for ${Math.round((tokens.expiresAt - Date.now()) / 60_000)} min`;
      return { name, status: 'pass', message: `N-central accepted the JWT (access token ${life})` };
    } catch (error) {
      return failed(name, unreachable(error) ? 'Could not reach N-central' : 'N-central did not accept the JWT', error);
    }
  }

  private async serviceOrgs(signal: AbortSignal | undefined): Promise<Check> {
    const name = 'service-orgs';
    try {
      const ids = new Set<string>();
      for await (const so of this.api.list<Record<string, unknown>>('/api/service-orgs', undefined, signal)) ids.add(String(so['soId'] ?? so['orgUnitId']));
      const wanted = this.api.config.serviceOrgIds ?? [];
      const missing = wanted.filter((id) => !ids.has(id));
      if (missing.length > 0) {
        return { name, status: 'fail', message: `Configured service org(s) ${missing.join(', ')} are not visible (${ids.size} visible)`, hint: 'Fix serviceOrgIds, or add the service org to the API user’s access group.' };
      }
      if (ids.size === 0) return { name, status: 'warn', message: 'The API user sees no service organisation', hint: 'Give the API user an access group that covers the service organisation.' };
      return { name, status: 'pass', message: `${ids.size} service organisation(s) visible` };
    } catch (error) {
      return failed(name, 'Listing service organisations failed', error);
    }
  }

  private async deviceVisibility(signal: AbortSignal | undefined): Promise<Check> {
    const name = 'device-visibility';
    try {
      const customers = await this.api.page<unknown>('/api/customers', undefined, 1, 1, signal);
      const devices = await this.api.page<unknown>('/api/devices', undefined, 1, 1, signal);
      const c = customers.totalItems ?? customers.items.length;
      const d = devices.totalItems ?? devices.items.length;
      if (c > 0 && d === 0) {
        return { name, status: 'fail', message: `${c} customer(s) visible but no devices`, hint: 'Log in to the N-central UI once as the API user and accept the EULA; until then the API shows customers but no devices.' };
      }
      if (c === 0) return { name, status: 'warn', message: 'No customers visible', hint: 'Give the API user an access group covering the customers it should manage.' };
      return { name, status: 'pass', message: `${c} customer(s) and ${d} device(s) visible` };
    } catch (error) {
      return failed(name, 'Listing customers and devices failed', error);
    }
  }

  /**
   * Asks N-central to run the item on a device that cannot exist (id 0). No task is created
   * either way; a 403 says the item is missing or not API-enabled, a 400 or 404 that the item
   * passed N-central's checks as far as they can be seen without running a task. But a 404 can
   * also mean the route itself is missing (a wrong base path, a server older than 2023.9):
   * the link discovery at `/api` tells the two apart.
   */
  private async repositoryItem(signal: AbortSignal | undefined): Promise<Check> {
    const name = 'repository-item';
    const itemId = this.api.config.runScriptRepositoryId;
    try {
      await this.api.request({
        method: 'POST',
        path: '/api/scheduled-tasks/direct',
        json: { name: `rmm-hub-health-${Date.now().toString(36)}`, itemId, taskType: 'AutomationPolicy', customerId: 0, deviceId: 0, credential: { type: 'LocalSystem', username: null, password: null }, parameters: [] },
        ...(signal ? { signal } : {}),
      });
      return { name, status: 'warn', message: `N-central accepted a task for device 0 with item ${itemId}, which it should not have`, hint: 'Check the N-central server; report this with its version.' };
    } catch (error) {
      const status = isRmmError(error) ? error.context['status'] : undefined;
      if (status === 403) {
        return { name, status: 'fail', message: `Repository item ${itemId} cannot be run through the API: ${describe(error)}`, hint: `Turn on "Enable API" for repository item ${itemId} in Configuration → Scheduled Tasks → Script/Software Repository, or fix runScriptRepositoryId.` };
      }
      if (status === 404) {
        const missing = await this.scheduledTasksRouteMissing(signal);
        if (missing) return { name, status: 'fail', message: `The server has no scheduled-tasks API (${missing}), so scripts cannot run`, hint: 'Check that serverUrl is the N-central server itself (the API lives under /api) and that it runs N-central 2023.9 or later.' };
      }
      if (status === 400 || status === 404) return { name, status: 'pass', message: `Repository item ${itemId} is accepted for API execution` };
      return failed(name, `Checking repository item ${itemId} failed`, error);
    }
  }

  /** Why the scheduled-tasks route is missing, from the `/api` link discovery; undefined when it is there. */
  private async scheduledTasksRouteMissing(signal: AbortSignal | undefined): Promise<string | undefined> {
    try {
      const body = await this.api.request<{ _links?: Record<string, unknown> }>({ method: 'GET', path: '/api', auth: false, ...(signal ? { signal } : {}) });
      const links = body?._links;
      if (links === undefined || typeof links !== 'object') return undefined; // no discovery to judge by: keep the 404's benefit of the doubt
      return 'scheduled-tasks' in links ? undefined : '/api lists no scheduled-tasks';
    } catch (error) {
      return isRmmError(error) && error.code === ErrorCodes.notFound ? 'no API at /api' : undefined;
    }
  }

  private async clockAndLatency(signal: AbortSignal | undefined): Promise<Check> {
    const name = 'clock-and-latency';
    try {
      const sent = Date.now();
      const body = await this.api.request<{ currentTime?: unknown }>({ method: 'GET', path: '/api/health', auth: false, ...(signal ? { signal } : {}) });
      const received = Date.now();
      const latency = received - sent;
      const server = parseNcTimestamp(body?.currentTime);
      if (server === undefined) return { name, status: 'warn', message: `Round trip ${latency} ms; the server did not report its time`, hint: 'Check the N-central version; /api/health should report currentTime.' };
      const skew = Date.parse(server) - (sent + latency / 2);
      const facts = `clock skew ${Math.round(skew / 1000)} s, round trip ${latency} ms`;
      if (Math.abs(skew) > SKEW_WARN_MS) return { name, status: 'warn', message: facts, hint: 'Synchronise the clocks (NTP) of this machine and the N-central server; token lifetimes and timestamps depend on them.' };
      if (latency > LATENCY_WARN_MS) return { name, status: 'warn', message: facts, hint: 'The N-central server answers slowly; syncs will take long. Check the network path and the server load.' };
      return { name, status: 'pass', message: facts };
    } catch (error) {
      return failed(name, 'Reading the server clock failed', error);
    }
  }

  private async serverTimeZone(signal: AbortSignal | undefined): Promise<Check> {
    const name = 'server-time-zone';
    const s = signal ? { signal } : {};
    try {
      let newest: number | undefined;
      let serverNow: number | undefined;
      try {
        // Recent servers say their time; its form is not documented, so any zone-less time in it counts.
        const res = await this.api.http.request<unknown>({ method: 'GET', path: '/api/server-info/time', ...s });
        newest = wallClockIn(res.body);
        serverNow = dateHeader(res.headers['date']);
      } catch (error) {
        if (!(isRmmError(error) && (error.code === ErrorCodes.notFound || error.context['status'] === 405))) throw error;
      }
      if (newest === undefined || serverNow === undefined) {
        // Older servers: the newest check-in among the first devices is "a fresh record".
        const res = await this.api.http.request<{ data?: unknown }>({ method: 'GET', path: '/api/devices', query: { pageNumber: 1, pageSize: 100 }, ...s });
        const times = (Array.isArray(res.body?.data) ? res.body.data : []).map((d: { lastApplianceCheckinTime?: unknown }) => zonelessWallClock(d?.lastApplianceCheckinTime));
        newest = times.reduce<number | undefined>((max, t) => (t === undefined ? max : Math.max(max ?? t, t)), undefined);
        serverNow = dateHeader(res.headers['date']) ?? Date.now();
      }
      return { name, ...judgeServerTimeZone('N-central', newest, serverNow, this.api.config.serverTimeZone) };
    } catch (error) {
      return failed(name, 'Comparing the server’s zone-less times with its clock failed', error);
    }
  }

  private credentialExpiry(expiresAt: number | undefined): Check {
    const name = 'credential-expiry';
    if (expiresAt === undefined) {
      return { name, status: 'pass', message: 'The JWT carries no expiry; N-central does not report when the API user’s password expires (every 90 days by default)' };
    }
    const left = expiresAt - Date.now();
    const when = new Date(expiresAt).toISOString();
    if (left <= 0) return { name, status: 'fail', message: `The JWT expired at ${when}`, hint: 'Generate a new JWT for the API user and update the integration’s jwt.' };
    if (left < EXPIRY_WARN_MS) return { name, status: 'warn', message: `The JWT expires at ${when} (in ${Math.ceil(left / 86_400_000)} day(s))`, hint: 'Generate a new JWT for the API user before then and update the integration’s jwt.' };
    return { name, status: 'pass', message: `The JWT expires at ${when}` };
  }
}
