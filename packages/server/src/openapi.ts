/**
 * The OpenAPI 3.1 document, generated from the route table and its zod schemas (OpenAPI 3.1's
 * schemas are JSON Schema 2020-12, which is what `z.toJSONSchema` writes). Each operation says
 * the role it needs (`x-rmm-hub-role`) and answers errors as the shared Problem.
 */
import { z } from 'zod';

import type { Route } from './route.js';
import { Problem } from './schemas.js';

type JsonSchema = Record<string, unknown> & { properties?: Record<string, unknown>; required?: string[] };

const PROBLEM_REF = { $ref: '#/components/schemas/Problem' };

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', reused: 'inline' }) as JsonSchema;
  return rest;
}

function parameters(schema: z.ZodType | undefined, location: 'path' | 'query'): unknown[] {
  if (schema === undefined) return [];
  const object = jsonSchema(schema, 'input');
  return Object.entries(object.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property as JsonSchema;
    return { name, in: location, required: location === 'path' || (object.required ?? []).includes(name), schema: rest, ...(description ? { description } : {}) };
  });
}

/** The document describing `routes`. */
export function openApiDocument(routes: readonly Route[], info: { version: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const status = String(route.status ?? 200);
    const media = route.stream ? 'text/event-stream' : 'application/json';
    (paths[route.path] ??= {})[route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.tag],
      'x-rmm-hub-role': route.access,
      security: route.access === 'public' ? [] : [{ bearerToken: [] }, { sessionCookie: [], csrfToken: [] }],
      parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query')],
      ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } } } : {}),
      responses: {
        [status]: { description: route.summary, content: { [media]: { schema: jsonSchema(route.response, 'output') } } },
        default: { description: 'A problem: what was wrong and how to fix it', content: { 'application/json': { schema: PROBLEM_REF } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'rmm-hub', version: info.version, description: 'The HTTP API of `rmm-hub serve`.' },
    paths,
    components: {
      schemas: { Problem: jsonSchema(Problem, 'output') },
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'An API token from `rmm-hub tokens create`' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'rmm_hub_session', description: 'Set by POST /api/session' },
        csrfToken: { type: 'apiKey', in: 'header', name: 'x-csrf-token', description: 'Required with the session cookie on every request that changes something' },
      },
    },
  };
}
