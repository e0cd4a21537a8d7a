/**
 * Access tokens for one integration. The manager acquires a token, renews it shortly before it
 * expires, and makes sure that however many requests notice an expiry or a 401 at once, the
 * server sees exactly one renewal (single flight). Renewal tries the plugin's `refresh` first
 * and falls back to a full `acquire`.
 *
 * When the server rejects the credentials themselves, the manager enters a terminal
 * "credentials rejected" state: it answers every caller with the same AuthError (upstream
 * message and a hint) *without* calling the server, for a cool-down that doubles with every
 * further rejection — an expired password must not turn a sync into a login storm that locks the
 * account. {@link TokenManager.reset} clears it once a person has fixed the credentials.
 *
 * Every token obtained is registered with the redactor before anyone can log it.
 */
import { AuthError, ErrorCodes, ProtocolError, isRmmError } from '../errors/index.js';
import type { Logger } from '../logging/logger.js';
import { silentLogger } from '../logging/logger.js';
import type { SecretRedactor } from '../secrets/secret-redactor.js';
import { onAbort } from './abort-fanout.js';
import { scrub } from './error-mapping.js';
import type { HttpRequester } from './http-types.js';

/** What `acquire` and `refresh` return. Times are epoch milliseconds. */
export interface TokenSet {
  readonly accessToken: string;
  /** When the access token expires; omitted when unknown (then it is used until a 401). */
  readonly expiresAt?: number | undefined;
  readonly refreshToken?: string | undefined;
  readonly refreshExpiresAt?: number | undefined;
}

/** How a token manager obtains and renews tokens. */
export interface TokenManagerOptions {
  /** For messages and logs, usually the plugin id. */
  name: string;
  /**
   * Full (re)authentication. `http` is the client with authentication switched off and the
   * `auth` timeout, so the call cannot wait on the token it is fetching.
   */
  acquire: (http: HttpRequester) => Promise<TokenSet>;
  /** Optional cheaper renewal; when it fails, the manager falls back to `acquire`. */
  refresh?: ((http: HttpRequester, current: TokenSet) => Promise<TokenSet>) | undefined;
  /** Renew this long before `expiresAt`. @default 60_000 */
  renewBeforeMs?: number | undefined;
  /** Every token obtained is registered here. */
  redactor?: SecretRedactor | undefined;
  logger?: Logger | undefined;
  /** First cool-down after the credentials were rejected; doubles per further rejection. @default 300_000 */
  rejectedCoolDownMs?: number | undefined;
  /** Upper bound of the cool-down. @default 3_600_000 */
  maxRejectedCoolDownMs?: number | undefined;
  /** What a person should do when the credentials are rejected. */
  rejectedHint?: string | undefined;
  /** Which acquire failures mean "the credentials are wrong". @default AuthError (RMM_ERR_AUTH) */
  isCredentialsRejection?: ((error: unknown) => boolean) | undefined;
  /** Clock (tests). @default Date.now */
  now?: (() => number) | undefined;
}

/** Where the manager stands, for health checks. */
export interface TokenStatus {
  readonly state: 'empty' | 'valid' | 'renewing' | 'rejected';
  readonly expiresAt?: number | undefined;
  /** While rejected: when the next attempt will be allowed. */
  readonly retryAt?: number | undefined;
  /** While rejected: the scrubbed upstream reason. */
  readonly reason?: string | undefined;
}

/** The token a request leaving now would carry. */
export interface CurrentToken {
  readonly accessToken: string;
  /** True once the server accepted this token: a later 401 means it died in service. */
  readonly confirmed: boolean;
}

/** A token source the HTTP client consults before each authenticated request. */
export interface TokenManager {
  readonly name: string;
  /** Connects the manager to the client whose auth view `acquire`/`refresh` receive. */
  bind(http: HttpRequester): void;
  /** A usable access token: cached, renewed when due, or freshly acquired. */
  accessToken(signal?: AbortSignal): Promise<string>;
  /**
   * The token to send right now, without waiting: undefined while there is none to send
   * (expired, refused, being renewed or never acquired) — then await {@link accessToken}. The client
   * reads it when a request actually leaves, so a request that queued behind others never
   * carries a token replaced while it waited.
   */
  current(): CurrentToken | undefined;
  /** The server accepted `token` (a 2xx); a no-op for any other than the current one. */
  confirm(token: string): void;
  /**
   * The server rejected `rejected` with 401: returns a different token, renewing at most once
   * however many callers report the same token.
   */
  renewAfterRejection(rejected: string, signal?: AbortSignal): Promise<string>;
  /** Where the token stands now (empty, valid, renewing or rejected) and when it expires, for health checks. */
  status(): TokenStatus;
  /** Leaves the "credentials rejected" state and forgets the cached token. */
  reset(): void;
}

interface Rejection {
  readonly error: AuthError;
  readonly retryAt: number;
  readonly count: number;
}

/**
 * Creates a token manager.
 * @example
 * const tokens = createTokenManager({
 *   name: 'ncentral', redactor: ctx.redactor,
 *   acquire: async (http) => toTokens(await http.request({ method: 'POST', path: '/api/auth/authenticate', headers: { authorization: `Bearer ${jwt}` } })),
 * });
 */
export function createTokenManager(options: TokenManagerOptions): TokenManager {
  return new DefaultTokenManager(options);
}

class DefaultTokenManager implements TokenManager {
  readonly name: string;
  readonly #options: TokenManagerOptions;
  readonly #now: () => number;
  readonly #logger: Logger;
  readonly #renewBeforeMs: number;
  #http: HttpRequester | undefined;
  #current: TokenSet | undefined;
  /** Set when the server refused the current token: it must not be handed out again. */
  #stale = false;
  /** Set when the server accepted the current token at least once. */
  #confirmed = false;
  #flight: Promise<TokenSet> | undefined;
  #rejection: Rejection | undefined;

  constructor(options: TokenManagerOptions) {
    this.name = options.name;
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#logger = (options.logger ?? silentLogger).child({ tokens: options.name });
    this.#renewBeforeMs = options.renewBeforeMs ?? 60_000;
  }

  bind(http: HttpRequester): void {
    this.#http = http;
  }

  async accessToken(signal?: AbortSignal): Promise<string> {
    const current = this.#current;
    if (current && !this.#stale && !this.#rejection) {
      const { expiresAt } = current;
      if (expiresAt === undefined || this.#now() < expiresAt - this.#renewBeforeMs) return current.accessToken;
      try {
        return (await withAbort(this.#renew(), signal)).accessToken;
      } catch (error) {
        // Renewing early failed for a passing reason: the old token is still good, use it.
        if (this.#now() < expiresAt && !this.#rejection && !isAbort(error, signal)) return current.accessToken;
        throw error;
      }
    }
    return (await withAbort(this.#renew(), signal)).accessToken;
  }

  current(): CurrentToken | undefined {
    const current = this.#current;
    if (!current || this.#stale || this.#rejection || this.#flight) return undefined;
    // A token due for early renewal is still good until it expires (accessToken() keeps using it
    // when the early renewal fails for a passing reason).
    if (current.expiresAt !== undefined && this.#now() >= current.expiresAt) return undefined;
    return { accessToken: current.accessToken, confirmed: this.#confirmed };
  }

  confirm(token: string): void {
    if (this.#current?.accessToken === token) this.#confirmed = true;
  }

  async renewAfterRejection(rejected: string, signal?: AbortSignal): Promise<string> {
    if (this.#flight) return (await withAbort(this.#flight, signal)).accessToken;
    const current = this.#current;
    // Someone else already replaced the token that was refused: use theirs.
    if (current && !this.#stale && current.accessToken !== rejected) return current.accessToken;
    if (current?.accessToken === rejected) this.#stale = true;
    return (await withAbort(this.#renew(), signal)).accessToken;
  }

  status(): TokenStatus {
    if (this.#rejection) return { state: 'rejected', retryAt: this.#rejection.retryAt, reason: this.#rejection.error.message };
    if (this.#flight) return { state: 'renewing' };
    const current = this.#current;
    if (!current || this.#stale) return { state: 'empty' };
    return current.expiresAt === undefined ? { state: 'valid' } : { state: 'valid', expiresAt: current.expiresAt };
  }

  reset(): void {
    this.#rejection = undefined;
    this.#current = undefined;
    this.#stale = false;
  }

  /** The single flight: every concurrent caller shares one renewal. */
  #renew(): Promise<TokenSet> {
    const rejection = this.#rejection;
    if (rejection && this.#now() < rejection.retryAt) return Promise.reject(this.#rejectedError(rejection));
    this.#flight ??= this.#renewOnce().finally(() => {
      this.#flight = undefined;
    });
    return this.#flight;
  }

  async #renewOnce(): Promise<TokenSet> {
    const http = this.#http;
    if (!http) throw new TypeError(`token manager "${this.name}" is not bound to an HTTP client; pass it to createHttpClient({ tokens })`);
    const current = this.#current;
    const refresh = this.#options.refresh;
    if (current && refresh && !this.#rejection && (current.refreshExpiresAt === undefined || this.#now() < current.refreshExpiresAt)) {
      try {
        const next = await refresh(http, current);
        this.#logger.debug('token refreshed');
        return this.#store(next, 'refresh');
      } catch (error) {
        this.#logger.warn('token refresh failed; authenticating again', { error: describe(error, this.#options.redactor) });
      }
    }
    try {
      const next = await this.#options.acquire(http);
      const stored = this.#store(next, 'acquire');
      if (this.#rejection) this.#logger.info('credentials accepted again');
      this.#rejection = undefined;
      this.#logger.debug('token acquired');
      return stored;
    } catch (error) {
      const rejected = (this.#options.isCredentialsRejection ?? isAuthError)(error);
      if (!rejected) throw error;
      const count = (this.#rejection?.count ?? 0) + 1;
      const base = this.#options.rejectedCoolDownMs ?? 300_000;
      const coolDown = Math.min(this.#options.maxRejectedCoolDownMs ?? 3_600_000, base * 2 ** (count - 1));
      const reason = scrub(error instanceof Error ? error.message : String(error), this.#options.redactor);
      const rejection: Rejection = {
        count,
        retryAt: this.#now() + coolDown,
        error: new AuthError(`${this.name}: credentials rejected: ${reason}`, {
          hint:
            this.#options.rejectedHint ??
            `Fix the ${this.name} credentials in the integration's config (expired password, regenerated API token, missing role), then retry; automatic attempts pause meanwhile.`,
          context: { client: this.name, state: 'credentials-rejected', rejections: count },
        }),
      };
      this.#rejection = rejection;
      this.#current = undefined;
      this.#stale = false;
      this.#logger.error('credentials rejected; pausing authentication attempts', { retryAt: new Date(rejection.retryAt).toISOString(), reason });
      throw this.#rejectedError(rejection);
    }
  }

  #store(next: TokenSet, via: string): TokenSet {
    if (typeof next?.accessToken !== 'string' || next.accessToken === '') {
      throw new ProtocolError(`${this.name}: ${via} returned no access token`, {
        context: { client: this.name },
        hint: 'The authentication response did not have the expected shape; check the server version.',
      });
    }
    // Register before storing, so not even a log line about the new token can leak it.
    this.#options.redactor?.addReceived(next.accessToken);
    this.#options.redactor?.addReceived(next.refreshToken);
    this.#current = next;
    this.#stale = false;
    this.#confirmed = false;
    return next;
  }

  #rejectedError(rejection: Rejection): AuthError {
    const { error } = rejection;
    return new AuthError(error.message, {
      hint: error.hint,
      context: { ...error.context, retryAt: new Date(rejection.retryAt).toISOString() },
    });
  }
}

function isAuthError(error: unknown): boolean {
  return isRmmError(error) && error.code === ErrorCodes.auth;
}

function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true && error === signal.reason;
}

/** A loggable summary of a failure, scrubbed with the manager's redactor (the logger's may differ). */
function describe(error: unknown, redactor: SecretRedactor | undefined): Record<string, unknown> {
  const message = scrub(error instanceof Error ? error.message : String(error), redactor);
  return isRmmError(error) ? { code: error.code, message } : { message };
}

/** Lets one caller stop waiting without cancelling the flight the others share. */
function withAbort<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const unregister = onAbort(signal, () => reject(signal.reason));
    promise.then(
      (value) => {
        unregister();
        resolve(value);
      },
      (error: unknown) => {
        unregister();
        reject(error);
      },
    );
  });
}
