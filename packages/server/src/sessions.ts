/**
 * Browser sessions: signing in with a token gives an opaque session id (the HttpOnly cookie)
 * and a CSRF token the page keeps in memory and sends back in a header on every request that
 * changes something. A cross-site page can make the browser send the cookie, never read the
 * CSRF token, so it cannot forge a decision. Sessions live in the server's memory: a restart
 * signs everyone out, and nothing about them is ever written to disk.
 *
 * A session holds the hash of the token it signed in with, not the token: each request looks
 * the token up again, so revoking a token ends its sessions at once.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** The cookie carrying the session id. */
export const SESSION_COOKIE = 'rmm_hub_session';
/** The header carrying the CSRF token on a state-changing request from a session. */
export const CSRF_HEADER = 'x-csrf-token';

/** A signed-in browser. */
export interface Session {
  /** The hash of the API token it signed in with. */
  secretHash: string;
  csrfToken: string;
  lastSeen: number;
}

/** The sessions of one server process, expiring after `idleMs` without a request. */
export class Sessions {
  readonly #sessions = new Map<string, Session>();

  constructor(
    private readonly idleMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new session for the token whose secret hashes to `secretHash`. */
  open(secretHash: string): { id: string; session: Session } {
    this.#sweep();
    const id = randomBytes(32).toString('base64url');
    const session: Session = { secretHash, csrfToken: randomBytes(32).toString('base64url'), lastSeen: this.now() };
    this.#sessions.set(id, session);
    return { id, session };
  }

  /** The live session of this id, its idle time restarted; undefined when unknown or expired. */
  use(id: string): Session | undefined {
    const session = this.#sessions.get(id);
    if (session === undefined) return undefined;
    if (this.now() - session.lastSeen > this.idleMs) {
      this.#sessions.delete(id);
      return undefined;
    }
    session.lastSeen = this.now();
    return session;
  }

  close(id: string): void {
    this.#sessions.delete(id);
  }

  #sweep(): void {
    const now = this.now();
    for (const [id, session] of this.#sessions) if (now - session.lastSeen > this.idleMs) this.#sessions.delete(id);
  }
}

/** True when the header carries the session's CSRF token (compared in constant time). */
export function csrfMatches(session: Session, header: string | string[] | undefined): boolean {
  if (typeof header !== 'string') return false;
  const given = Buffer.from(header);
  const expected = Buffer.from(session.csrfToken);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
