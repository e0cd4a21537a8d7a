/**
 * Hub events as server-sent events: each event named is written as `event: <name>` with its
 * payload (redacted) as JSON `data:`, until the client disconnects or the server closes. Sync
 * progress and script runs are followed this way, each through a route for viewers.
 */
import type { HubEventName, RmmHub } from '@rmm-hub/hub';
import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';

import { defineRoute, type Route } from './route.js';

/** Open event streams, ended when the server closes so it does not wait on them. */
export type OpenStreams = Set<ServerResponse>;

function streamEvents(hub: RmmHub, names: readonly HubEventName[], streams: OpenStreams, request: FastifyRequest, reply: FastifyReply): void {
  reply.hijack();
  const out = reply.raw;
  // Hijacked: the security headers set so far are copied onto the raw response by hand.
  for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) out.setHeader(name, value);
  out.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
  out.write(': connected\n\n');
  streams.add(out);
  const stops = names.map((name) =>
    hub.on(name, (payload) => {
      out.write(`event: ${name}\ndata: ${JSON.stringify(hub.redactor.redactDeep({ event: name, ...payload }))}\n\n`);
    }),
  );
  request.raw.once('close', () => {
    for (const stop of stops) stop();
    streams.delete(out);
  });
}

/** The GET route that streams `events` (each event's data shaped as `response`), for viewers. */
export function eventStreamRoute(
  hub: RmmHub,
  streams: OpenStreams,
  spec: { path: string; operationId: string; tag: string; summary: string; events: readonly HubEventName[]; response: z.ZodType },
): Route {
  return defineRoute({
    method: 'GET',
    path: spec.path,
    access: 'viewer',
    operationId: spec.operationId,
    tag: spec.tag,
    stream: true,
    summary: `${spec.summary} as server-sent events (${spec.events.join(', ')}) until the client disconnects`,
    response: spec.response,
    handler: async ({ reply, request }) => {
      streamEvents(hub, spec.events, streams, request, reply);
      return undefined;
    },
  });
}
