/**
 * N-central's token state (reference §2): the long-lived User-API JWT is exchanged for an
 * access token (default and maximum 1 h) and a refresh token (default and maximum 25 h). A
 * refresh rotates both and invalidates the old refresh token. Tokens live in server memory, so
 * a restart drops them all.
 */
import { randomBytes } from 'node:crypto';

import { SimHttpError } from '../server/router.js';

/** Default and maximum access-token lifetime (seconds). */
export const ACCESS_TTL_MAX_SECONDS = 3600;
/** Default and maximum refresh-token lifetime (seconds). */
export const REFRESH_TTL_MAX_SECONDS = 90_000;

const b64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

/**
 * Makes a JWT-shaped User-API token. Its payload carries `exp` only when an expiry is given:
 * whether real User-API tokens carry one is not documented, so the client must cope either way.
 */
export function makeUserApiJwt(options: { subject: string; issuedAtMs: number; expiresAtMs?: number | undefined }): string {
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(
    JSON.stringify({
      iss: 'N-able N-central',
      sub: options.subject,
      iat: Math.floor(options.issuedAtMs / 1000),
      ...(options.expiresAtMs === undefined ? {} : { exp: Math.floor(options.expiresAtMs / 1000) }),
      jti: randomBytes(8).toString('hex'),
    }),
  );
  return `${header}.${payload}.${b64url(randomBytes(32))}`;
}

/**
 * Parses an `X-ACCESS-EXPIRY-OVERRIDE` / `X-REFRESH-EXPIRY-OVERRIDE` value (`120s`, `30m`,
 * `1h`) into seconds, capped at `max` (an override may only shorten the lifetime).
 * @throws SimHttpError 400 for a malformed value (the `d` unit is undocumented and refused).
 */
export function parseExpiryOverride(header: string | string[] | undefined, max: number, name: string): number {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return max;
  const m = /^\s*(\d+)\s*([smh])\s*$/i.exec(value);
  if (!m) throw new SimHttpError(400, `BAD REQUEST: invalid ${name} '${value}', expected <n>s, <n>m or <n>h`);
  const n = Number(m[1]);
  const unit = (m[2] as string).toLowerCase();
  const seconds = unit === 'h' ? n * 3600 : unit === 'm' ? n * 60 : n;
  if (seconds < 1) throw new SimHttpError(400, `BAD REQUEST: ${name} must be positive`);
  return Math.min(seconds, max);
}

/** A pair of tokens as issued. */
export interface IssuedTokens {
  access: string;
  refresh: string;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
}

/** What an access-token check found. */
export type AccessCheck = 'valid' | 'expired' | 'unknown';

/** The server's in-memory token table. */
export class NcAuthState {
  jwt: string;
  private readonly access = new Map<string, number>();
  private readonly refresh = new Map<string, number>();
  private issuedSincePrune = 0;
  /** When > 0, every access token dies after this many authenticated requests (rotation). */
  rotateAccessEvery = 0;
  private servedSinceRotation = 0;
  /** Rotations so far, and requests refused for a dead or unknown access token. */
  readonly rotation = { rotations: 0, refused: 0 };

  /**
   * @param jwt - The valid User-API JWT.
   * @param now - The server clock (epoch ms).
   */
  constructor(
    jwt: string,
    private readonly now: () => number,
  ) {
    this.jwt = jwt;
  }

  /** Issues a fresh pair with the given lifetimes. */
  issue(accessTtlSeconds: number, refreshTtlSeconds: number): IssuedTokens {
    this.pruneSometimes();
    const t = this.now();
    const access = `nca.${randomBytes(24).toString('base64url')}`;
    const refresh = `ncr.${randomBytes(24).toString('base64url')}`;
    this.access.set(access, t + accessTtlSeconds * 1000);
    this.refresh.set(refresh, t + refreshTtlSeconds * 1000);
    return { access, refresh, accessTtlSeconds, refreshTtlSeconds };
  }

  /** Checks an access token against the table and the clock. */
  checkAccess(token: string): AccessCheck {
    const expiresAt = this.access.get(token);
    if (expiresAt === undefined) return 'unknown';
    return expiresAt > this.now() ? 'valid' : 'expired';
  }

  /**
   * Counts one authenticated request served; in rotation mode, the access tokens die after
   * every `rotateAccessEvery` of them — as an hour-long token does during a long sync.
   */
  noteServed(): void {
    if (this.rotateAccessEvery <= 0 || ++this.servedSinceRotation < this.rotateAccessEvery) return;
    this.servedSinceRotation = 0;
    this.rotation.rotations++;
    this.expireAccessTokens();
  }

  /** Consumes a refresh token: true when it was live (it is invalidated either way). */
  consumeRefresh(token: string): boolean {
    const expiresAt = this.refresh.get(token);
    this.refresh.delete(token);
    return expiresAt !== undefined && expiresAt > this.now();
  }

  /** Invalidates one access token (logout). */
  revokeAccess(token: string): void {
    this.access.delete(token);
  }

  /** Makes every access token expired now; refresh tokens stay usable. */
  expireAccessTokens(): void {
    const t = this.now();
    for (const key of this.access.keys()) this.access.set(key, t);
  }

  /** Makes every token, access and refresh, expired now. */
  expireAllTokens(): void {
    this.expireAccessTokens();
    const t = this.now();
    for (const key of this.refresh.keys()) this.refresh.set(key, t);
  }

  /** Forgets every token, as a server restart does. */
  clear(): void {
    this.access.clear();
    this.refresh.clear();
  }

  /** Live token counts (for tests and stats). */
  counts(): { access: number; refresh: number } {
    const t = this.now();
    let access = 0;
    let refresh = 0;
    for (const e of this.access.values()) if (e > t) access++;
    for (const e of this.refresh.values()) if (e > t) refresh++;
    return { access, refresh };
  }

  private pruneSometimes(): void {
    if (++this.issuedSincePrune < 256) return;
    this.issuedSincePrune = 0;
    const t = this.now();
    for (const [k, e] of this.access) if (e <= t) this.access.delete(k);
    for (const [k, e] of this.refresh) if (e <= t) this.refresh.delete(k);
  }
}
