/**
 * Who is calling, and may they: a bearer token (`Authorization: Bearer rmmh_…`) for programs, or
 * the session cookie for the browser — which must also carry the session's CSRF token on every
 * request that changes something. Then the route's role. Every refusal is a coded error saying
 * what to do; none says whether a token exists.
 */
import { AuthError, PermissionError } from '@rmm-hub/core';
import type { FastifyRequest } from 'fastify';

import type { ApiTokens } from './api-tokens.js';
import type { Principal } from './route.js';
import { allows, type RouteAccess } from './roles.js';
import { ServerError, ServerErrorCodes } from './server-errors.js';
import { CSRF_HEADER, SESSION_COOKIE, csrfMatches, type Sessions } from './sessions.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Checks a request against a route's access; resolves to who sent it (undefined on a public route). */
export async function authorise(request: FastifyRequest, access: RouteAccess, tokens: ApiTokens, sessions: Sessions): Promise<Principal | undefined> {
  if (access === 'public') return undefined;
  const principal = await identify(request, tokens, sessions);
  if (!allows(principal.role, access)) {
    throw new PermissionError(`The token "${principal.name}" is a ${principal.role}; this needs an ${access === 'admin' ? 'admin' : access} token.`, {
      hint: 'Ask an administrator for a token with that role (`rmm-hub tokens create --role …`).',
      context: { needed: access, role: principal.role },
    });
  }
  return principal;
}

async function identify(request: FastifyRequest, tokens: ApiTokens, sessions: Sessions): Promise<Principal> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const secret = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    const token = secret === undefined ? undefined : await tokens.authenticate(secret);
    if (token === undefined) throw refused('The API token in the Authorization header is not valid (unknown, revoked or malformed).');
    return { tokenId: token.id, name: token.name, role: token.role, via: 'bearer' };
  }
  const sessionId = request.cookies[SESSION_COOKIE];
  const session = sessionId === undefined ? undefined : sessions.use(sessionId);
  if (sessionId === undefined || session === undefined) throw refused('This request carries no API token and no signed-in session.');
  const token = await tokens.authenticateHash(session.secretHash);
  if (token === undefined) {
    sessions.close(sessionId);
    throw refused('The token this session signed in with has been revoked.');
  }
  if (!SAFE_METHODS.has(request.method) && !csrfMatches(session, request.headers[CSRF_HEADER])) {
    throw new ServerError(ServerErrorCodes.csrf, `A request that changes something must carry the session's CSRF token in the ${CSRF_HEADER} header.`, {
      hint: 'Send the csrfToken that signing in (POST /api/session) or GET /api/session returned.',
    });
  }
  return { tokenId: token.id, name: token.name, role: token.role, via: 'session', sessionId };
}

function refused(message: string): AuthError {
  return new AuthError(message, { hint: 'Send `Authorization: Bearer <token>` (create one with `rmm-hub tokens create`), or sign in with POST /api/session.' });
}
