/**
 * N-central authentication (reference §2) through the toolkit's token manager: the User-API
 * JWT is exchanged at `/api/auth/authenticate` for an access token (≤ 1 h) and a refresh token
 * (≤ 25 h); renewal first tries `/api/auth/refresh` with the refresh token as a `text/plain`
 * body (both tokens rotate) and falls back to a full authenticate when that fails.
 */
import { AuthError, ErrorCodes, ProtocolError, createTokenManager, isRmmError, type HttpRequester, type Logger, type SecretRedactor, type TokenManager, type TokenSet } from '@rmm-hub/core/plugin';

import { EXPIRED_PASSWORD_HINT, isExpiredPassword, translateError } from './nc-errors.js';

/** What `/api/auth/authenticate` and `/api/auth/refresh` answer. */
interface TokenResponse {
  tokens?: {
    access?: { token?: unknown; expirySeconds?: unknown };
    refresh?: { token?: unknown; expirySeconds?: unknown };
  };
}

/**
 * Longest lifetimes taken at face value (N-central's maxima are 1 h and 25 h); anything longer
 * is absurd and treated as unknown, so the token is renewed when the server refuses it.
 */
const MAX_ACCESS_SECONDS = 86_400;
const MAX_REFRESH_SECONDS = 30 * 86_400;

/** Reads a token response; `now` is when the request was sent (lifetimes count from there). */
export function parseTokenResponse(body: unknown, now: number): TokenSet {
  const tokens = (body as TokenResponse | null)?.tokens;
  const access = tokens?.access?.token;
  if (typeof access !== 'string' || access === '') {
    throw new ProtocolError('ncentral: the authentication response has no tokens.access.token', {
      hint: 'The server did not answer like N-central 2023.9 or later; check serverUrl and the N-central version.',
    });
  }
  const seconds = (v: unknown, max: number): number | undefined => {
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : Number.NaN;
    return Number.isFinite(n) && n > 0 && n <= max ? n : undefined;
  };
  const accessTtl = seconds(tokens?.access?.expirySeconds, MAX_ACCESS_SECONDS);
  const refresh = tokens?.refresh?.token;
  const refreshTtl = seconds(tokens?.refresh?.expirySeconds, MAX_REFRESH_SECONDS);
  return {
    accessToken: access,
    expiresAt: accessTtl === undefined ? undefined : now + accessTtl * 1000,
    refreshToken: typeof refresh === 'string' && refresh !== '' ? refresh : undefined,
    refreshExpiresAt: refreshTtl === undefined ? undefined : now + refreshTtl * 1000,
  };
}

/** Options of {@link authenticate}. */
export interface AuthenticateOptions {
  jwt: string;
  accessTokenLifetime?: string | undefined;
  signal?: AbortSignal | undefined;
}

/**
 * One token exchange. Used by the token manager and, directly, by the health check (which
 * must see the server's answer now, not a cached token).
 * @throws AuthError for a rejected JWT or an expired password (with the fix as hint).
 */
export async function authenticate(http: HttpRequester, options: AuthenticateOptions): Promise<TokenSet> {
  const sent = Date.now();
  try {
    const res = await http.request({
      method: 'POST',
      path: '/api/auth/authenticate',
      kind: 'auth',
      auth: false,
      // Nothing happens server-side but issuing tokens: repeating after a 429 or a reset is safe.
      idempotent: true,
      headers: {
        authorization: `Bearer ${options.jwt}`,
        ...(options.accessTokenLifetime ? { 'x-access-expiry-override': options.accessTokenLifetime } : {}),
      },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return parseTokenResponse(res.body, sent);
  } catch (error) {
    throw translateError(error);
  }
}

/** Options of {@link createNcentralTokens}. */
export interface NcentralTokensOptions {
  jwt: string;
  accessTokenLifetime?: string | undefined;
  redactor: SecretRedactor;
  logger: Logger;
}

/** The integration's token manager. */
export function createNcentralTokens(options: NcentralTokensOptions): TokenManager {
  return createTokenManager({
    name: 'ncentral',
    redactor: options.redactor,
    logger: options.logger,
    renewBeforeMs: 60_000,
    acquire: (http) => authenticate(http, options),
    refresh: async (http, current) => {
      if (current.refreshToken === undefined) throw new AuthError('ncentral: no refresh token to use');
      const sent = Date.now();
      const res = await http.request({
        method: 'POST',
        path: '/api/auth/refresh',
        kind: 'auth',
        auth: false,
        body: current.refreshToken,
        headers: {
          'content-type': 'text/plain',
          ...(options.accessTokenLifetime ? { 'x-access-expiry-override': options.accessTokenLifetime } : {}),
        },
      });
      return parseTokenResponse(res.body, sent);
    },
    rejectedHint:
      "N-central rejected the User-API token. If the message says 'Unable to validate UI session', " +
      `${EXPIRED_PASSWORD_HINT.charAt(0).toLowerCase()}${EXPIRED_PASSWORD_HINT.slice(1)} Otherwise the JWT is wrong, was regenerated (which invalidates the old one) or the user lost API access: generate a new JWT for the API user and update the integration's jwt.`,
    isCredentialsRejection: (error) => (isRmmError(error) && error.code === ErrorCodes.auth) || isExpiredPassword(error),
  });
}
