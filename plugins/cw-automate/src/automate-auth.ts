/**
 * Authentication against Automate (reference §2): `POST apitoken` with the IsTwoFactorRequired
 * flow, `POST apitoken/refresh` with the current token as a JSON string, refresh driven by
 * `ExpirationDate`, and a full login — with a fresh TOTP code — when refresh fails (the token
 * manager falls back to `acquire`). Failures become AuthErrors that say what to fix.
 */
import { AuthError, ProtocolError, isRmmError, type HttpRequester, type Logger, type TokenManager, type TokenSet } from '@rmm-hub/core/plugin';

import type { AutomateConfig } from './config.js';
import { field, hasZone, parseDate, text } from './parse-values.js';
import type { TotpGenerator } from './totp-generator.js';

/** Used when `ExpirationDate` is missing or implausible; the 401 path covers a wrong guess. */
const FALLBACK_TTL_MS = 50 * 60_000;
const MAX_ZONELESS_TTL_MS = 2 * 3600_000;
/** Beyond this an ExpirationDate is absurd (Automate's tokens last about an hour): treated as unknown. */
const MAX_TTL_MS = 24 * 3600_000;

const DUO_HINT =
  'If this Automate user is protected by Duo: Duo is not supported (it has no TOTP secret). Exclude the user from Duo and enrol it in the Google Authenticator plugin, or use an Integrator user.';

export interface AuthDeps {
  config: AutomateConfig;
  totp: TotpGenerator | undefined;
  logger: Logger;
  now: () => number;
  /** The last login failure, kept so its specific hint survives the token manager's wrapping. */
  lastFailure?: AuthError | undefined;
  /** How the last successful login went: whether the server asked for, and got, a TOTP code. */
  lastLogin?: { totpUsed: boolean } | undefined;
}

/** Full login: username + password, then the TOTP passcode when the server asks for it. */
export async function acquireToken(http: HttpRequester, deps: AuthDeps): Promise<TokenSet> {
  try {
    const tokens = await login(http, deps);
    deps.lastFailure = undefined;
    return tokens;
  } catch (error) {
    if (error instanceof AuthError) deps.lastFailure = error;
    throw error;
  }
}

/**
 * The core token manager answers every caller with one generic "credentials rejected" error
 * during its cool-down (which protects the account from lock-out). This wrapper keeps the
 * cool-down but gives callers the specific message and hint of the failure behind it — wrong
 * password, refused TOTP code, ClientId, Duo — because those tell a person what to fix.
 */
export function withSpecificAuthErrors(inner: TokenManager, deps: AuthDeps): TokenManager {
  const translate = (error: unknown): unknown => {
    const last = deps.lastFailure;
    if (!last || !isRmmError(error) || error.context['state'] !== 'credentials-rejected') return error;
    return new AuthError(last.message, { hint: last.hint, context: { ...error.context, ...last.context }, cause: error });
  };
  return {
    name: inner.name,
    bind: (http) => inner.bind(http),
    accessToken: (signal) => inner.accessToken(signal).catch((error: unknown) => Promise.reject(translate(error))),
    current: () => inner.current(),
    confirm: (token) => inner.confirm(token),
    renewAfterRejection: (rejected, signal) => inner.renewAfterRejection(rejected, signal).catch((error: unknown) => Promise.reject(translate(error))),
    status: () => inner.status(),
    reset: () => {
      deps.lastFailure = undefined;
      inner.reset();
    },
  };
}

async function login(http: HttpRequester, deps: AuthDeps): Promise<TokenSet> {
  const { config } = deps;
  const credentials = { Username: config.username, Password: config.password };
  const first = await postToken(http, credentials, 'password');
  if (!isTwoFactorRequired(first.body)) {
    if (config.mfa.mode === 'totp') deps.logger.info('Automate did not ask for a TOTP code: the user is not enrolled in Google MFA (or is an Integrator)');
    const tokens = toTokenSet(first, deps);
    deps.lastLogin = { totpUsed: false };
    return tokens;
  }
  if (config.mfa.mode !== 'totp' || !deps.totp) {
    throw new AuthError(`cw-automate: the Automate user "${config.username}" must pass two-factor authentication, but the integration is configured without MFA`, {
      context: { step: 'two-factor', reason: 'two-factor-required' },
      hint: 'Tick "Integrator" on this Automate user (API users without MFA), or configure mfa.mode "totp" with the Google Authenticator manual entry code. ' + DUO_HINT,
    });
  }
  // Two tries: a code can miss if the clocks disagree near a step boundary.
  for (let attempt = 1; ; attempt++) {
    const code = await deps.totp.next();
    let response: { body: unknown; headers: Record<string, unknown> } | undefined;
    try {
      response = await postToken(http, { ...credentials, TwoFactorPasscode: code }, 'totp');
    } catch (error) {
      if (!(isRmmError(error) && error.context['reason'] === 'totp-rejected') || attempt >= 2) throw error;
    }
    if (response && !isTwoFactorRequired(response.body)) {
      const tokens = toTokenSet(response, deps);
      deps.lastLogin = { totpUsed: true };
      return tokens;
    }
    if (attempt >= 2) throw totpRejected(config.username);
    deps.logger.warn('Automate refused the TOTP code; trying once more with the next code');
  }
}

/** Refresh: the current token as a JSON string body; the answer is a full TokenResult. */
export async function refreshToken(http: HttpRequester, current: TokenSet, deps: AuthDeps): Promise<TokenSet> {
  const response = await http.request<unknown>({
    method: 'POST',
    path: '/apitoken/refresh',
    json: current.accessToken,
    headers: { authorization: `Bearer ${current.accessToken}` },
    kind: 'auth',
  });
  return toTokenSet(response, deps);
}

function isTwoFactorRequired(body: unknown): boolean {
  return field(body, 'IsTwoFactorRequired') === true && !text(field(body, 'AccessToken'));
}

function totpRejected(username: string): AuthError {
  return new AuthError(`cw-automate: Automate rejected the two-factor code for "${username}" (wrong, or already used)`, {
    context: { step: 'two-factor', reason: 'totp-rejected' },
    hint:
      "Check that mfa.secret is this user's Google Authenticator manual entry code (re-enrolling issues a new one) and that this machine's clock is right (codes live 30 s). " +
      DUO_HINT,
  });
}

async function postToken(
  http: HttpRequester,
  body: Record<string, string>,
  step: 'password' | 'totp',
): Promise<{ body: unknown; headers: Record<string, unknown> }> {
  try {
    const res = await http.request<unknown>({ method: 'POST', path: '/apitoken', json: body, kind: 'auth' });
    return { body: res.body, headers: res.headers };
  } catch (error) {
    if (!(isRmmError(error) && error.code === 'RMM_ERR_AUTH')) throw error;
    const said = error.message;
    if (/client\s*id/i.test(said)) {
      throw new AuthError('cw-automate: Automate refused the ClientId', {
        cause: error,
        context: { step, reason: 'client-id', status: error.context['status'] },
        hint: 'Since Automate 2020 Patch 11 every integration needs a ConnectWise ClientId: register one at developer.connectwise.com and put the GUID in clientId.',
      });
    }
    if (step === 'totp') throw Object.assign(totpRejected(String(body['Username'])), { cause: error });
    throw new AuthError(`cw-automate: Automate refused the username or password of "${body['Username'] ?? ''}"`, {
      cause: error,
      context: { step, reason: 'credentials', status: error.context['status'] },
      hint: 'Check the username and password (and that the user is not locked or disabled in Automate). A missing or unregistered ClientId can also cause this.',
    });
  }
}

/** A TokenResult → TokenSet, with the expiry taken from ExpirationDate against the server clock. */
function toTokenSet(response: { body: unknown; headers: Record<string, unknown> }, deps: AuthDeps): TokenSet {
  const accessToken = text(field(response.body, 'AccessToken'));
  if (!accessToken) {
    throw new ProtocolError('cw-automate: the token response carried no AccessToken', {
      hint: 'The Automate server answered the login without a token; check the server version and the API user.',
    });
  }
  const localNow = deps.now();
  const expiration = field(response.body, 'ExpirationDate');
  const expiresIso = parseDate(expiration, deps.config.serverTimeZone);
  const dateHeader = response.headers['date'];
  const serverNow = typeof dateHeader === 'string' && !Number.isNaN(Date.parse(dateHeader)) ? Date.parse(dateHeader) : localNow;
  let ttl = expiresIso === undefined ? Number.NaN : Date.parse(expiresIso) - serverNow;
  const zoneless = typeof expiration === 'string' && !hasZone(expiration);
  // Without a zone the server's local time may have been meant: distrust implausible lifetimes.
  if (!Number.isFinite(ttl) || ttl <= 0 || ttl > MAX_TTL_MS || (zoneless && ttl > MAX_ZONELESS_TTL_MS)) {
    deps.logger.warn('Automate token expiry missing or implausible; assuming a conservative lifetime', { expirationDate: expiration });
    ttl = FALLBACK_TTL_MS;
  }
  return { accessToken, expiresAt: localNow + ttl };
}
