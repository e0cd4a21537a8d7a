/**
 * `rmm-hub serve`'s HTTP server: the route table registered on Fastify behind the security every
 * route gets — strict headers (a CSP with no inline script), authentication and roles, CSRF for
 * browser sessions, a rate limit on sign-in — with errors answered as coded problems and the
 * OpenAPI document at `/openapi.json`. It holds no logic of its own: every route calls the hub.
 */
import { readFileSync } from 'node:fs';

import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import { RateLimitedError, UsageError } from '@rmm-hub/core';
import type { RmmHub } from '@rmm-hub/hub';
import Fastify, { type FastifyInstance } from 'fastify';
import type { z } from 'zod';

import { ApiTokens } from './api-tokens.js';
import type { ApiDeps } from './api-deps.js';
import type { OpenStreams } from './event-stream.js';
import { authorise } from './auth.js';
import { registerConsole } from './console-assets.js';
import { openApiDocument } from './openapi.js';
import type { Route } from './route.js';
import { agentRoutes } from './routes/agent-routes.js';
import { auditRoutes } from './routes/audit-routes.js';
import { computerRoutes } from './routes/computer-routes.js';
import { dashboardRoutes } from './routes/dashboard-routes.js';
import { linkRoutes } from './routes/link-routes.js';
import { scriptRunRoutes } from './routes/script-run-routes.js';
import { SIGN_IN_LIMIT, sessionRoutes } from './routes/session-routes.js';
import { syncRoutes } from './routes/sync-routes.js';
import { problemOf } from './server-errors.js';
import { Sessions } from './sessions.js';

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** How a browser session ends when unused. @default 8 hours */
const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;

export interface ServerOptions {
  hub: RmmHub;
  /** Where the server's log lines go (JSON, one per line); no request logging when absent. */
  log?: ((line: string) => void) | undefined;
  /** Sign-in attempts allowed per address and window. @default 10 a minute */
  signInLimit?: { max: number; timeWindowMs: number } | undefined;
  /** How long an unused browser session lasts. @default 8 hours */
  sessionIdleMs?: number | undefined;
  /** Serve the web console on `/` (it must be built). @default false */
  console?: boolean | undefined;
}

/** The server and its route table (which the OpenAPI test holds against what Fastify serves). */
export interface ApiServer {
  app: FastifyInstance;
  routes: readonly Route[];
  /** Every API method and URL Fastify serves (HEAD and the console's pages aside), as registered: what the document must describe. */
  served: readonly { method: string; url: string }[];
}

/** Builds the server; `app.listen` starts it, `app.close` ends it (and its event streams). */
export async function createServer(options: ServerOptions): Promise<ApiServer> {
  const { hub } = options;
  const app = Fastify({
    logger: options.log ? { level: 'info', stream: { write: (line: string) => options.log?.(hub.redactor.redact(line.trimEnd())) } } : false,
    // Ids from the URL are ours or the RMMs'; long ones are mistakes, not names.
    routerOptions: { maxParamLength: 200 },
    bodyLimit: 1024 * 1024,
  });
  const deps: ApiDeps = { hub, tokens: new ApiTokens(hub.store), sessions: new Sessions(options.sessionIdleMs ?? SESSION_IDLE_MS) };
  const streams: OpenStreams = new Set();
  const served: { method: string; url: string }[] = [];
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') && route.url !== '/openapi.json') return;
    for (const method of [route.method].flat()) if (method !== 'HEAD') served.push({ method, url: route.url });
  });

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new RateLimitedError(`Too many sign-in attempts from this address; wait ${Math.ceil(context.ttl / 1000)} s.`, {
        retryAfterMs: context.ttl,
        hint: 'Check the token you are pasting; each address may try a few times a minute.',
      }),
  });

  app.addHook('onSend', async (_request, reply) => {
    // API answers carry decisions and fleet data: never cached by a browser or a proxy.
    reply.header('cache-control', 'no-store');
  });
  app.setErrorHandler((error, request, reply) => {
    const known = fastifyProblem(error);
    const { status, problem } = problemOf(known ?? error, hub.redactor);
    if (status >= 500) request.log.error({ code: problem.code, err: hub.redactor.redact(String((error as Error).stack ?? error)) }, 'request failed');
    if (error instanceof RateLimitedError && error.retryAfterMs !== undefined) reply.header('retry-after', Math.ceil(error.retryAfterMs / 1000));
    void reply.code(status).send(problem);
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ code: 'RMM_ERR_NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}.`, hint: 'See /openapi.json for the routes.' });
  });

  const routes: Route[] = [
    ...sessionRoutes(deps, options.signInLimit ?? SIGN_IN_LIMIT),
    ...dashboardRoutes(deps),
    ...syncRoutes(deps, streams, (error) => app.log.error({ err: hub.redactor.redact(String(error)) }, 'sync failed')),
    ...linkRoutes(deps),
    ...computerRoutes(deps),
    ...agentRoutes(deps),
    ...scriptRunRoutes(deps, streams),
    ...auditRoutes(deps),
  ];
  if (options.console) await registerConsole(app);
  const document = openApiDocument(routes, { version: VERSION });
  app.get('/openapi.json', async () => document);
  for (const route of routes) register(app, route, deps);

  app.addHook('onClose', async () => {
    for (const stream of streams) stream.end();
  });
  return { app, routes, served };
}

function register(app: FastifyInstance, route: Route, deps: ApiDeps): void {
  app.route({
    method: route.method,
    url: route.path.replace(/\{(\w+)\}/g, ':$1'),
    ...(route.rateLimit ? { config: { rateLimit: { max: route.rateLimit.max, timeWindow: route.rateLimit.timeWindowMs } } } : {}),
    handler: async (request, reply) => {
      const principal = await authorise(request, route.access, deps.tokens, deps.sessions);
      const result = await route.handler({
        params: parse(route.params, request.params, 'path'),
        query: parse(route.query, request.query, 'query'),
        body: parse(route.body, request.body, 'body'),
        principal,
        request,
        reply,
      });
      if (route.stream) return reply;
      return reply.code(route.status ?? 200).send(result);
    },
  });
}

/** The request part checked against its schema; a coded usage error naming each wrong field. */
function parse(schema: z.ZodType | undefined, value: unknown, part: 'path' | 'query' | 'body'): unknown {
  if (schema === undefined) return undefined;
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ path: [part, ...issue.path.map(String)].join('.'), message: issue.message }));
  throw new UsageError(`The request's ${part} does not match what this route takes: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}.`, {
    hint: 'See /openapi.json for what the route takes.',
    context: { issues },
  });
}

/** Fastify's own request errors (bad JSON, a body too large) as usage errors; undefined for anything else. */
function fastifyProblem(error: unknown): UsageError | undefined {
  const { code, statusCode, message } = error as { code?: unknown; statusCode?: unknown; message?: unknown };
  if (typeof code !== 'string' || !code.startsWith('FST_') || typeof statusCode !== 'number' || statusCode >= 500) return undefined;
  return new UsageError(String(message), { hint: 'Send a JSON body with content-type application/json; see /openapi.json.' });
}
