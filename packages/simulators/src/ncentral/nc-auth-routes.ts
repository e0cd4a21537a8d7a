/**
 * `/api/auth/*` (reference §2): authenticate with the User-API JWT as a Bearer header, refresh
 * with the raw refresh token as a `text/plain` body (rotating both tokens), validate, logout.
 */
import { SimHttpError, type Router, type SimRequest } from '../server/router.js';
import type { NcSimContext } from './nc-context.js';
import { parseExpiryOverride, type IssuedTokens } from './nc-auth-state.js';
import { bearerOf, guarded } from './nc-guard.js';

function tokenResponse(t: IssuedTokens): Record<string, unknown> {
  return {
    tokens: {
      access: { token: t.access, type: 'Bearer', expirySeconds: t.accessTtlSeconds },
      refresh: { token: t.refresh, type: 'Body', expirySeconds: t.refreshTtlSeconds },
    },
    refresh: '/api/auth/refresh',
    validate: '/api/auth/validate',
  };
}

function lifetimes(ctx: NcSimContext, req: SimRequest): [number, number] {
  return [
    parseExpiryOverride(req.headers['x-access-expiry-override'], ctx.settings.accessTtlSeconds, 'X-ACCESS-EXPIRY-OVERRIDE'),
    parseExpiryOverride(req.headers['x-refresh-expiry-override'], ctx.settings.refreshTtlSeconds, 'X-REFRESH-EXPIRY-OVERRIDE'),
  ];
}

/** Registers the auth routes. */
export function registerAuthRoutes(router: Router, ctx: NcSimContext): void {
  router.on(
    'GET',
    '/api/auth',
    guarded(ctx, () => ({ status: 200, body: { authenticate: '/api/auth/authenticate', refresh: '/api/auth/refresh', validate: '/api/auth/validate' } }), {
      auth: false,
      session: false,
    }),
  );

  router.on(
    'POST',
    '/api/auth/authenticate',
    guarded(
      ctx,
      (req) => {
        const jwt = bearerOf(req);
        if (jwt === undefined) throw new SimHttpError(401, 'UNAUTHORIZED: a User-API token is required as a Bearer credential');
        if (jwt !== ctx.auth.jwt) throw new SimHttpError(401, 'UNAUTHORIZED: Invalid or expired User-API token');
        const [access, refresh] = lifetimes(ctx, req);
        return { status: 200, body: tokenResponse(ctx.auth.issue(access, refresh)) };
      },
      { auth: false, session: true },
    ),
  );

  router.on(
    'POST',
    '/api/auth/refresh',
    guarded(
      ctx,
      (req) => {
        // Any Authorization header is ignored: the body alone carries the credential.
        const type = String(req.headers['content-type'] ?? '').toLowerCase();
        if (!type.startsWith('text/plain')) {
          throw new SimHttpError(400, 'BAD REQUEST: the refresh token must be sent as a text/plain body');
        }
        const token = req.text().trim();
        if (token === '' || !ctx.auth.consumeRefresh(token)) throw new SimHttpError(401, 'UNAUTHORIZED: Invalid or expired refresh token');
        const [access, refresh] = lifetimes(ctx, req);
        return { status: 200, body: tokenResponse(ctx.auth.issue(access, refresh)) };
      },
      { auth: false, session: true },
    ),
  );

  router.on('GET', '/api/auth/validate', guarded(ctx, () => ({ status: 200, body: { message: 'The token is valid.' } })));

  router.on(
    'POST',
    '/api/auth/logout',
    guarded(ctx, (req) => {
      const token = bearerOf(req);
      if (token !== undefined) ctx.auth.revokeAccess(token);
      return { status: 200, body: { message: 'Logged out.' } };
    }),
  );
}
