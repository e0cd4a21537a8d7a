import { z } from 'zod';
import { describe, expect, it } from 'vitest';

import { closedJsonSchema, findUnknownKeys, suggest } from './unknown-keys.js';

const Schema = z.object({
  serverUrl: z.string(),
  pageSize: z.number().default(1000),
  mfa: z.discriminatedUnion('mode', [z.object({ mode: z.literal('totp'), secret: z.string() }), z.object({ mode: z.literal('integrator') })]),
  features: z.object({ deleteAgent: z.boolean().default(false) }).prefault({}),
  concurrency: z.object({ endpoints: z.record(z.string(), z.number()).default({}) }).prefault({}),
  tags: z.array(z.object({ name: z.string() })).default([]),
});

describe('findUnknownKeys', () => {
  const schema = closedJsonSchema(Schema);

  it('finds misspelt keys at every depth, with the declared key they most likely meant', () => {
    const found = findUnknownKeys(schema, {
      serverUrl: 'https://x',
      pagesize: 100,
      mfa: { mode: 'totp', secret: 'env:X', secrt: 'y' },
      features: { deleteAgnet: true },
      tags: [{ name: 'a', nmae: 'b' }],
    });
    expect(found).toEqual([
      { path: ['pagesize'], key: 'pagesize', suggestion: 'pageSize' },
      { path: ['mfa', 'secrt'], key: 'secrt', suggestion: 'secret' },
      { path: ['features', 'deleteAgnet'], key: 'deleteAgnet', suggestion: 'deleteAgent' },
      { path: ['tags', 0, 'nmae'], key: 'nmae', suggestion: 'name' },
    ]);
  });

  it('reads the union variant the value chose, and lets records have any key', () => {
    expect(findUnknownKeys(schema, { serverUrl: 'x', mfa: { mode: 'integrator' }, concurrency: { endpoints: { 'GET /api/x': 2 } } })).toEqual([]);
    expect(findUnknownKeys(schema, { serverUrl: 'x', mfa: { mode: 'integrator', secret: 'x' } })).toEqual([{ path: ['mfa', 'secret'], key: 'secret', suggestion: undefined }]);
  });

  it('closes every declared object in the published JSON Schema', () => {
    expect(schema['additionalProperties']).toBe(false);
    expect((schema['properties'] as Record<string, Record<string, unknown>>)['features']?.['additionalProperties']).toBe(false);
  });

  it('suggests only keys that are close', () => {
    expect(suggest('PAGESIZE', ['pageSize'])).toBe('pageSize');
    expect(suggest('colour', ['serverUrl', 'pageSize'])).toBeUndefined();
  });
});
