/**
 * HealthCheck: can this integration do its job now, and if not, what should a person do?
 * Checks, in order: the token exchange (credentials, TOTP, ClientId on the token route); the
 * ClientId on data routes and the server version (`PatchInformation`); clock skew (TOTP codes
 * live 30 s) and latency; read access to clients and computers with what is visible; whether
 * the zone-less times fit `serverTimeZone` (the newest agent contact against the server's
 * `Date`); and, only
 * where the retire and move capabilities are enabled, Computers.Delete / Computers.Edit —
 * probed without changing anything, on computer 0 (no such computer: 404 = allowed, 403 = not).
 */
import {
  isRmmError,
  judgeServerTimeZone,
  summariseHealth,
  type HealthCheck,
  type HealthCheckResult,
  type HealthReport,
  type HttpClient,
  type TokenManager,
} from '@rmm-hub/core/plugin';

import type { AutomateApi } from './automate-api.js';
import type { AuthDeps } from './automate-auth.js';
import type { AutomateConfig } from './config.js';
import { field, hasZone, parseDate, text } from './parse-values.js';

const SLOW_MS = 5_000;

/** A failed check; the error's own hint wins unless `preferOwnHint` (ours is more precise there). */
function failure(name: string, error: unknown, hint: string, preferOwnHint = false): HealthCheckResult {
  const message = error instanceof Error ? error.message : String(error);
  return { name, status: 'fail', message, hint: (!preferOwnHint && isRmmError(error) && error.hint) || hint };
}

export class AutomateHealth implements HealthCheck {
  constructor(
    private readonly api: AutomateApi,
    private readonly http: HttpClient,
    private readonly tokens: TokenManager,
    private readonly config: AutomateConfig,
    private readonly now: () => number,
    private readonly auth: Pick<AuthDeps, 'lastLogin'>,
  ) {}

  async check(options: { signal?: AbortSignal } = {}): Promise<HealthReport> {
    const checks: HealthCheckResult[] = [];
    const s = options.signal ? { signal: options.signal } : {};
    const timed = async (fn: () => Promise<HealthCheckResult>): Promise<HealthCheckResult> => {
      const started = this.now();
      const result = await fn();
      return { ...result, durationMs: Math.max(0, this.now() - started) };
    };

    const token = await timed(async () => {
      try {
        await this.tokens.accessToken(options.signal);
        return { name: 'token-exchange', status: 'pass', message: `Logged in to Automate as "${this.config.username}" ${this.howLoggedIn()}` };
      } catch (error) {
        return failure('token-exchange', error, 'Check the server URL, username, password, MFA settings and ClientId.');
      }
    });
    checks.push(token);
    if (token.status === 'fail') return this.report(checks);

    const started = this.now();
    const probe = await timed(async () => {
      try {
        const res = await this.api.get<unknown>('/PatchInformation', s);
        const version = text(field(res.body, 'WebServerPatchVersion'));
        checks.push({ name: 'server-version', status: version ? 'pass' : 'warn', message: version ? `Automate ${version}` : 'The server did not report its version', ...(version ? {} : { hint: 'Automate 2020 Patch 11 or later is required.' }) });
        const latency = this.now() - started;
        const date = res.headers['date'];
        const skew = typeof date === 'string' ? Math.abs(Date.parse(date) - (started + latency / 2)) : Number.NaN;
        checks.push(this.clockCheck(skew, latency));
        return { name: 'client-id', status: 'pass', message: 'Automate accepted the ClientId' };
      } catch (error) {
        // A failed re-login (its error names the login step: password, TOTP…) is not a ClientId
        // problem: the server dropped the token and the login's own hint says what to fix.
        if (isRmmError(error) && error.code === 'RMM_ERR_AUTH' && error.context['step'] === undefined) {
          return failure('client-id', error, 'A fresh token was refused on a data call: the ClientId is probably not registered for this server. Register the integration at developer.connectwise.com and use its GUID.', true);
        }
        return failure('client-id', error, 'The Automate API did not answer a simple authenticated call; check the server and its logs.');
      }
    });
    checks.push(probe);

    checks.push(await timed(() => this.visible('clients-read', '/clients', 'clients', 'Clients → Read')));
    checks.push(await timed(() => this.visible('computers-read', '/computers', 'computers', 'Computers → Read, and the client access of the user class')));
    checks.push(await timed(() => this.serverTimeZone(options.signal)));
    if (this.config.features.moveAgent) checks.push(await timed(() => this.permission('computers-edit', 'PATCH', 'Computers.Edit (needed to move computers)')));
    if (this.config.features.deleteAgent) checks.push(await timed(() => this.permission('computers-delete', 'DELETE', 'Computers.Delete (needed to retire duplicates)')));
    return this.report(checks);
  }

  /** What happened at the last login, not what was configured. */
  private howLoggedIn(): string {
    const login = this.auth.lastLogin;
    if (login === undefined) return '(with a token obtained earlier)';
    if (login.totpUsed) return 'with a TOTP code';
    return this.config.mfa.mode === 'totp' ? 'without a TOTP code: the server did not ask for one' : 'as an Integrator user (no TOTP code)';
  }

  private report(checks: HealthCheckResult[]): HealthReport {
    return { status: summariseHealth(checks), checks, checkedAt: new Date(this.now()).toISOString() };
  }

  private clockCheck(skewMs: number, latencyMs: number): HealthCheckResult {
    const tight = this.config.mfa.mode === 'totp';
    if (Number.isFinite(skewMs) && skewMs > (tight ? 20_000 : 300_000)) {
      return {
        name: 'clock',
        status: 'warn',
        message: `This machine's clock is ${Math.round(skewMs / 1000)} s off the Automate server's`,
        hint: tight ? 'TOTP codes live 30 s: synchronise this machine with NTP, or logins will be refused.' : 'Synchronise the clocks (NTP); token expiry depends on them.',
      };
    }
    if (latencyMs > SLOW_MS) {
      return { name: 'clock', status: 'warn', message: `Automate took ${latencyMs} ms to answer a trivial call`, hint: 'The server or the network is slow; large syncs will take long and may time out.' };
    }
    return { name: 'clock', status: 'pass', message: `Clock skew ${Number.isFinite(skewMs) ? `${Math.round(skewMs / 1000)} s` : 'unknown'}, latency ${latencyMs} ms` };
  }

  private async visible(name: string, path: string, noun: string, permission: string): Promise<HealthCheckResult> {
    try {
      const { body } = await this.api.get<unknown[]>(path, { query: { page: 1, pageSize: 1, includefields: 'Id' } });
      if (Array.isArray(body) && body.length > 0) return { name, status: 'pass', message: `The API user can read ${noun}` };
      return { name, status: 'warn', message: `The API user sees no ${noun}`, hint: `Give the user class ${permission} for the clients this integration should sync.` };
    } catch (error) {
      return failure(name, error, `Give the Automate user class ${permission}.`);
    }
  }

  /** Do the zone-less times fit `serverTimeZone`? The newest agent contact against the response's `Date`. */
  private async serverTimeZone(signal: AbortSignal | undefined): Promise<HealthCheckResult> {
    const name = 'server-time-zone';
    try {
      const res = await this.api.get<unknown[]>('/computers', { query: { page: 1, pageSize: 100, includefields: 'Id,RemoteAgentLastContact' }, ...(signal ? { signal } : {}) });
      const rows = Array.isArray(res.body) ? res.body : [];
      let newest: number | undefined;
      for (const row of rows) {
        const contact = text(field(row, 'RemoteAgentLastContact'));
        // Only zone-less date-times tell the zone (ASP.NET /Date(ms)/ values are epoch ms).
        if (contact === undefined || hasZone(contact) || contact.startsWith('/')) continue;
        const wall = parseDate(contact, 'UTC');
        if (wall !== undefined) newest = Math.max(newest ?? Date.parse(wall), Date.parse(wall));
      }
      const date = res.headers['date'];
      const serverNow = typeof date === 'string' && !Number.isNaN(Date.parse(date)) ? Date.parse(date) : this.now();
      return { name, ...judgeServerTimeZone('Automate', newest, serverNow, this.config.serverTimeZone) };
    } catch (error) {
      return failure(name, error, 'Comparing the server’s zone-less times with its clock failed; check that the API user can read computers.');
    }
  }

  private async permission(name: string, method: 'PATCH' | 'DELETE', permission: string): Promise<HealthCheckResult> {
    try {
      await this.http.request({ method, path: '/computers/{computerId}', params: { computerId: 0 }, ...(method === 'PATCH' ? { json: [] } : {}) });
      return { name, status: 'pass', message: `${method} is allowed` };
    } catch (error) {
      if (isRmmError(error) && (error.code === 'RMM_ERR_NOT_FOUND' || (error.code === 'RMM_ERR_PROTOCOL' && error.context['status'] === 400))) {
        return { name, status: 'pass', message: `The user class has ${permission.split(' ')[0]}` };
      }
      return failure(name, error, `Give the Automate user class ${permission}, or turn the feature off.`);
    }
  }
}
