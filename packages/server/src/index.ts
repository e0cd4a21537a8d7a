/**
 * `@rmm-hub/server` — the HTTP API of `rmm-hub serve`, over the `@rmm-hub/hub` front door:
 *
 * ```ts
 * const hub = await RmmHub.open({ configFile: 'rmm-hub.yaml' });
 * const { app } = await createServer({ hub });
 * await app.listen({ host: '127.0.0.1', port: 8080 });
 * ```
 *
 * Every route needs an API token (`Authorization: Bearer …`, or a browser session signed in with
 * one); see `/openapi.json` for the routes and the role each needs.
 */
export { createServer, type ApiServer, type ServerOptions } from './create-server.js';
export { ApiTokens, TOKEN_PREFIX } from './api-tokens.js';
export type { RouteAccess } from './roles.js';
export { ServerErrorCodes, type Problem } from './server-errors.js';
export { CSRF_HEADER, SESSION_COOKIE } from './sessions.js';
export type { Principal, Route } from './route.js';
