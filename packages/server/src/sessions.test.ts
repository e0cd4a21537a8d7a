/** Browser sessions expire after their idle time, restart it on use, and check CSRF tokens exactly. */
import { describe, expect, it } from 'vitest';

import { Sessions, csrfMatches } from './sessions.js';

describe('Sessions', () => {
  it('keeps a session alive while used, and ends it after the idle time without a request', () => {
    let now = 0;
    const sessions = new Sessions(1000, () => now);
    const { id } = sessions.open('hash');
    now = 900;
    expect(sessions.use(id)?.secretHash).toBe('hash');
    now = 1800;
    expect(sessions.use(id)).toBeDefined();
    now = 2801;
    expect(sessions.use(id)).toBeUndefined();
  });

  it('gives each session its own unguessable id and CSRF token, and ends one on sign-out', () => {
    const sessions = new Sessions(1000);
    const a = sessions.open('h');
    const b = sessions.open('h');
    expect(a.id).not.toBe(b.id);
    expect(a.session.csrfToken).not.toBe(b.session.csrfToken);
    expect(a.id.length).toBeGreaterThanOrEqual(43);
    sessions.close(a.id);
    expect(sessions.use(a.id)).toBeUndefined();
    expect(sessions.use(b.id)).toBeDefined();
  });

  it('accepts only the exact CSRF token, once, as a single header', () => {
    const { session } = new Sessions(1000).open('h');
    expect(csrfMatches(session, session.csrfToken)).toBe(true);
    expect(csrfMatches(session, undefined)).toBe(false);
    expect(csrfMatches(session, session.csrfToken.slice(1))).toBe(false);
    expect(csrfMatches(session, [session.csrfToken, session.csrfToken])).toBe(false);
    const lastChanged = `${session.csrfToken.slice(0, -1)}${session.csrfToken.endsWith('A') ? 'B' : 'A'}`;
    expect(csrfMatches(session, lastChanged)).toBe(false);
  });
});
