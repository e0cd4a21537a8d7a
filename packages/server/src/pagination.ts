/**
 * Cursor pagination: every list answers `{ items, nextCursor }`; passing `nextCursor` back as
 * `cursor` gives the next page. A cursor is opaque to clients (base64url JSON of where the page
 * ended), so the position can be a key the store seeks to, never an offset it must count through.
 */
import { UsageError } from '@rmm-hub/core';
import { z } from 'zod';

/** Page size bounds. */
export const PAGE_LIMIT = { default: 50, max: 500 } as const;

/** The query parameters every list takes. */
export const PageQuery = z.object({
  cursor: z.string().max(1000).optional().describe('`nextCursor` of the previous page'),
  limit: z
    .string()
    .regex(/^\d+$/, 'a whole number')
    .optional()
    .transform((v) => (v === undefined ? PAGE_LIMIT.default : Math.min(Math.max(Number(v), 1), PAGE_LIMIT.max)))
    .describe(`Items per page (1–${PAGE_LIMIT.max}, default ${PAGE_LIMIT.default})`),
});

/** A page of `item`. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().optional().describe('Absent on the last page') });
}

/** The cursor of a position. */
export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** The position a cursor names, checked against its shape; a coded usage error when it is not one of ours. */
export function decodeCursor<T extends z.ZodType>(cursor: string | undefined, shape: T): z.output<T> | undefined {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const result = shape.safeParse(parsed);
  if (!result.success) throw new UsageError('The cursor is not one this list gave out.', { hint: 'Pass back `nextCursor` from the previous page unchanged, or leave `cursor` out for the first page.' });
  return result.data;
}

/**
 * The page of a list the store answered with `limit + 1` rows from the position a cursor named:
 * the extra row only says that another page follows, without counting the list.
 */
export function pageOfRows<T>(rows: readonly T[], limit: number, positionOf: (item: T) => unknown): { items: T[]; nextCursor?: string } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, ...(rows.length > limit && last !== undefined ? { nextCursor: encodeCursor(positionOf(last)) } : {}) };
}

/**
 * A page of a list the facade answers whole (clients, suggestions, decisions: sized by
 * the number of RMM clients or open questions, not by the fleet). The cursor is the key of the
 * page's last item, so a list that changes between pages neither repeats nor skips what stayed.
 */
export function pageByKey<T>(items: readonly T[], keyOf: (item: T) => string, query: { cursor?: string | undefined; limit: number }): { items: T[]; nextCursor?: string } {
  const after = decodeCursor(query.cursor, z.string());
  const sorted = [...items].sort((a, b) => compare(keyOf(a), keyOf(b)));
  const start = after === undefined ? 0 : sorted.findIndex((item) => compare(keyOf(item), after) > 0);
  const page = start < 0 ? [] : sorted.slice(start, start + query.limit);
  const last = page.at(-1);
  const more = start >= 0 && start + query.limit < sorted.length;
  return { items: page, ...(more && last !== undefined ? { nextCursor: encodeCursor(keyOf(last)) } : {}) };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
