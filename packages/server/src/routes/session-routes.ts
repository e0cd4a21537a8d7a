/**
 * Browser sign-in: a token in, an HttpOnly SameSite=Strict session cookie and a CSRF token out.
 * The token is sent in the body once and never again; the page keeps only the CSRF token, in
 * memory. Sign-in attempts are rate-limited per address.
 */
import { AuthError } from '@rmm-hub/core';
import { z } from 'zod';

import { hashSecret } from '../api-tokens.js';
import type { ApiDeps } from '../api-deps.js';
import { defineRoute, type Route } from '../route.js';
import { Ok, SessionInfo } from '../schemas.js';
import { SESSION_COOKIE } from '../sessions.js';

/** How many sign-in attempts one address may make per window. */
export const SIGN_IN_LIMIT = { max: 10, timeWindowMs: 60_000 } as const;

export function sessionRoutes({ tokens, sessions }: ApiDeps, signInLimit: { max: number; timeWindowMs: number } = SIGN_IN_LIMIT): Route[] {
  return [
    defineRoute({
      method: 'POST',
      path: '/api/session',
      access: 'public',
      operationId: 'signIn',
      tag: 'session',
      summary: 'Sign a browser in with an API token: sets the session cookie and answers the CSRF token',
      body: z.object({ token: z.string().min(1).max(200) }),
      response: SessionInfo,
      rateLimit: signInLimit,
      handler: async ({ body, reply, request }) => {
        const token = await tokens.authenticate(body.token);
        if (token === undefined) throw new AuthError('That token is not valid (unknown, revoked or mistyped).', { hint: 'Paste the token `rmm-hub tokens create` printed; ask an administrator for a new one if it is lost.' });
        const { id, session } = sessions.open(hashSecret(body.token));
        reply.setCookie(SESSION_COOKIE, id, { httpOnly: true, sameSite: 'strict', path: '/', secure: request.protocol === 'https' });
        return { name: token.name, role: token.role, csrfToken: session.csrfToken };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/session',
      access: 'viewer',
      operationId: 'whoAmI',
      tag: 'session',
      summary: 'Who is signed in (and, for a browser session, its CSRF token again, e.g. after a reload)',
      response: SessionInfo,
      handler: async ({ principal }) => {
        const session = principal?.sessionId === undefined ? undefined : sessions.use(principal.sessionId);
        return { name: principal!.name, role: principal!.role, ...(session ? { csrfToken: session.csrfToken } : {}) };
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/api/session',
      access: 'viewer',
      operationId: 'signOut',
      tag: 'session',
      summary: 'Sign the browser out: ends the session and clears its cookie',
      response: Ok,
      handler: async ({ principal, reply }) => {
        if (principal?.sessionId !== undefined) sessions.close(principal.sessionId);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return { ok: true as const };
      },
    }),
  ];
}
