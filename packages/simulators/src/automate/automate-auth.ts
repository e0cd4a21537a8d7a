/**
 * Authentication of the simulated Automate (reference §2): `POST apitoken` with username,
 * password and — for a user enrolled in the Google Authenticator plugin — a TOTP passcode
 * through the IsTwoFactorRequired flow; `POST apitoken/refresh` with the current token as a
 * JSON string body; bearer tokens checked on every other route, together with the ClientId.
 */
import { randomBytes } from 'node:crypto';

import { formatDate, type RecordFormat } from './automate-records.js';
import { totpStep, verifyTotp } from './totp.js';

/** How the user's second factor works: none (or an Integrator user), Google TOTP, or Duo (no usable secret). */
export type MfaMode = 'none' | 'totp' | 'duo';

/** The one API user of the simulated server. */
export interface AutomateUser {
  userId: string;
  username: string;
  password: string;
  mfa: MfaMode;
  totpSecret: string;
}

interface Session {
  userId: string;
  expiresAt: number;
  absoluteExpiresAt: number;
}

/** What the token endpoint answers. */
export interface AuthOutcome {
  status: number;
  body: unknown;
}

/** Knobs for the behaviours the reference is unsure about. */
export interface AuthBehaviour {
  tokenTtlSeconds: number;
  absoluteTokenTtlSeconds: number;
  /** A wrong TOTP code: 401 with a Message (default), or 200 `IsTwoFactorRequired` again. */
  wrongTotpResponse: 'unauthorized' | 'two-factor-required';
  /** Whether an already-expired token may still be refreshed (unknown; default no). */
  refreshExpired: boolean;
  /** When > 0, every token dies after this many authenticated requests (rotation). */
  rotateEvery: number;
}

/** Case-insensitive property of a JSON request body (clients send `username` and `UserName`). */
function prop(body: unknown, name: string): unknown {
  if (body === null || typeof body !== 'object') return undefined;
  const key = Object.keys(body).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : (body as Record<string, unknown>)[key];
}

/** Issues, refreshes and checks tokens; counts logins for the tests. */
export class AuthService {
  private readonly sessions = new Map<string, Session>();
  private lastTotpStep = -1;
  /** TOTP checks still to fail on purpose (control.rejectTotp). */
  rejectTotp = 0;
  readonly counters = { logins: 0, refreshes: 0, twoFactorChallenges: 0, rejectedLogins: 0, rotations: 0, refusedTokens: 0 };
  private servedSinceRotation = 0;

  constructor(
    readonly user: AutomateUser,
    private readonly behaviour: AuthBehaviour,
    private readonly format: RecordFormat,
    private readonly now: () => number,
  ) {}

  /** `POST apitoken`. */
  login(body: unknown): AuthOutcome {
    const username = prop(body, 'username') ?? prop(body, 'userName');
    const password = prop(body, 'password');
    const passcode = prop(body, 'twoFactorPasscode');
    if (username !== this.user.username || password !== this.user.password) {
      this.counters.rejectedLogins++;
      return { status: 401, body: { Message: 'Username or password is incorrect.' } };
    }
    if (this.user.mfa !== 'none') {
      const code = typeof passcode === 'string' ? passcode.replace(/\s/g, '') : typeof passcode === 'number' ? String(passcode) : '';
      if (!code) {
        this.counters.twoFactorChallenges++;
        return { status: 200, body: { AccessToken: null, IsTwoFactorRequired: true, IsInternalTwoFactorRequired: false } };
      }
      const step = this.user.mfa === 'totp' && this.rejectTotp === 0 ? verifyTotp(this.user.totpSecret, code, this.now()) : undefined;
      if (this.rejectTotp > 0) this.rejectTotp--;
      // A code is good once: replaying it (or an older one) within its window is refused.
      if (step === undefined || step <= this.lastTotpStep) {
        this.counters.rejectedLogins++;
        return this.behaviour.wrongTotpResponse === 'unauthorized'
          ? { status: 401, body: { Message: 'The two-factor passcode is invalid or has already been used.' } }
          : { status: 200, body: { AccessToken: null, IsTwoFactorRequired: true, IsInternalTwoFactorRequired: false } };
      }
      this.lastTotpStep = step;
    }
    this.counters.logins++;
    const start = this.now();
    return { status: 200, body: this.issue(start + this.behaviour.absoluteTokenTtlSeconds * 1000) };
  }

  /** `POST apitoken/refresh` with the token as a JSON string body. */
  refresh(body: unknown): AuthOutcome {
    const token = typeof body === 'string' ? body : undefined;
    const session = token === undefined ? undefined : this.sessions.get(token);
    if (!token || !session || (!this.behaviour.refreshExpired && session.expiresAt <= this.now()) || session.absoluteExpiresAt <= this.now()) {
      return { status: 401, body: { Message: 'The token is invalid or has expired.' } };
    }
    this.sessions.delete(token);
    this.counters.refreshes++;
    return { status: 200, body: this.issue(session.absoluteExpiresAt) };
  }

  private issue(absoluteExpiresAt: number): Record<string, unknown> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = Math.min(this.now() + this.behaviour.tokenTtlSeconds * 1000, absoluteExpiresAt);
    this.sessions.set(token, { userId: this.user.userId, expiresAt, absoluteExpiresAt });
    return {
      AccessToken: token,
      TokenType: 'Bearer',
      ExpirationDate: formatDate(expiresAt, this.format),
      AbsoluteExpirationDate: formatDate(absoluteExpiresAt, this.format),
      UserId: this.user.userId,
      InternalUserName: this.user.username,
      IsTwoFactorRequired: false,
      IsInternalTwoFactorRequired: false,
      SSOAccessToken: null,
    };
  }

  /**
   * True when a bearer token is known and unexpired. Counts the request: in rotation mode the
   * tokens die after every `rotateEvery` accepted requests, as an hour-long token does during
   * a long sync.
   */
  validate(token: string): boolean {
    const session = this.sessions.get(token);
    const valid = session !== undefined && session.expiresAt > this.now();
    if (!valid) this.counters.refusedTokens++;
    else if (this.behaviour.rotateEvery > 0 && ++this.servedSinceRotation >= this.behaviour.rotateEvery) {
      this.servedSinceRotation = 0;
      this.counters.rotations++;
      this.expireAll();
    }
    return valid;
  }

  /** Makes every issued token expired now (refresh of them then fails unless `refreshExpired`). */
  expireAll(): void {
    const past = this.now() - 1;
    for (const session of this.sessions.values()) session.expiresAt = past;
  }

  /** Forgets every token, as a server restart does. */
  dropAll(): void {
    this.sessions.clear();
  }

  /** The TOTP step of the last accepted code (for tests). */
  get lastAcceptedStep(): number {
    return this.lastTotpStep;
  }

  /** The current TOTP step on the server clock. */
  currentStep(): number {
    return totpStep(this.now());
  }

  get activeTokens(): number {
    return this.sessions.size;
  }
}
