/**
 * The HTTP fixture file: what a recording holds, how it is read back, and the key a request is
 * matched by (method, path, and the query with its parameters sorted — never headers or bodies,
 * which carry credentials and timestamps that differ on every run).
 */
import { readFile, writeFile } from 'node:fs/promises';

import { z } from 'zod';

/** One recorded request and its answer. */
export const RecordedExchange = z.object({
  method: z.string().min(1),
  /** The path without the query, as sent. */
  path: z.string().startsWith('/'),
  /** Query parameters in the order sent (secret values already scrubbed). */
  query: z.array(z.tuple([z.string(), z.string()])).default([]),
  status: z.number().int().min(100).max(599),
  /** The response headers worth replaying (content type, Retry-After, Link, …). */
  headers: z.record(z.string(), z.string()).default({}),
  /** The response body as text (secrets scrubbed). */
  body: z.string().default(''),
});
export type RecordedExchange = z.infer<typeof RecordedExchange>;

/** A whole recording. */
export const HttpFixture = z.object({
  format: z.literal('rmm-hub-http-fixture'),
  version: z.literal(1),
  recordedAt: z.iso.datetime(),
  /** The origin that was recorded (never with credentials). */
  target: z.string(),
  exchanges: z.array(RecordedExchange),
});
export type HttpFixture = z.infer<typeof HttpFixture>;

/** The key a request is matched by: `GET /api/devices?page=1&size=50` with sorted parameters. */
export function exchangeKey(method: string, path: string, query: readonly (readonly [string, string])[]): string {
  const sorted = [...query].sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : av > bv ? 1 : 0) : a < b ? -1 : 1));
  const search = new URLSearchParams(sorted.map(([k, v]): [string, string] => [k, v])).toString();
  return `${method.toUpperCase()} ${path}${search ? `?${search}` : ''}`;
}

/** Reads and validates a fixture file. */
export async function loadFixture(file: string): Promise<HttpFixture> {
  const parsed = HttpFixture.safeParse(JSON.parse(await readFile(file, 'utf8')) as unknown);
  if (!parsed.success) throw new Error(`${file} is not an rmm-hub HTTP fixture: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

/** Writes a fixture file, pretty-printed so a diff in review shows what changed. */
export async function saveFixture(file: string, fixture: HttpFixture): Promise<void> {
  await writeFile(file, `${JSON.stringify(fixture, null, 2)}\n`, 'utf8');
}
