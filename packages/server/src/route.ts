/**
 * One route of the API as data: method, path, who may call it, the zod schemas of what it takes
 * and answers, and its handler. The server registers these with Fastify and the OpenAPI document
 * is generated from the same list, so the two can never disagree about what exists.
 */
import type { ApiTokenRole } from '@rmm-hub/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';

import type { RouteAccess } from './roles.js';

/** Who a request comes from: the API token it presented, directly or through a session. */
export interface Principal {
  tokenId: string;
  /** The token's name: the actor the audit log records. */
  name: string;
  role: ApiTokenRole;
  via: 'bearer' | 'session';
  /** The session's id, when signed in through the browser. */
  sessionId?: string | undefined;
}

/** What a handler gets: the parsed request parts and who sent it. */
export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** Present on every route but the public ones. */
  principal: Principal | undefined;
  request: FastifyRequest;
  reply: FastifyReply;
}

/** A route before its types are erased (see {@link defineRoute}). */
export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType> {
  method: 'GET' | 'POST' | 'DELETE';
  /** OpenAPI style: `/api/computers/{computerId}`. */
  path: string;
  access: RouteAccess;
  /** A unique name for the operation, e.g. `listComputers`. */
  operationId: string;
  summary: string;
  tag: string;
  params?: P | undefined;
  query?: Q | undefined;
  body?: B | undefined;
  /** What a success answers; for a stream, the shape of each event's data. */
  response: R;
  /** @default 200 */
  status?: number | undefined;
  /** Answers as server-sent events (`text/event-stream`) rather than one JSON document. */
  stream?: boolean | undefined;
  /** Limits how often one address may call the route (e.g. sign-in attempts). */
  rateLimit?: { max: number; timeWindowMs: number } | undefined;
  /**
   * Answers the request. What it returns is not typed by `response`: the facade's records are
   * interfaces the open response schemas describe but TypeScript cannot match to them; the API
   * tests check every answer against `response` instead.
   */
  handler(context: RouteContext<z.output<P>, z.output<Q>, z.output<B>>): Promise<unknown>;
}

/** A route with its types erased, as the server and the OpenAPI generator hold them. */
export type Route = RouteSpec<z.ZodType, z.ZodType, z.ZodType, z.ZodType>;

/** Types a route's handler by its schemas, then erases them for the route table. */
export function defineRoute<P extends z.ZodType = z.ZodNever, Q extends z.ZodType = z.ZodNever, B extends z.ZodType = z.ZodNever, R extends z.ZodType = z.ZodType>(
  spec: RouteSpec<P, Q, B, R>,
): Route {
  return spec as unknown as Route;
}
