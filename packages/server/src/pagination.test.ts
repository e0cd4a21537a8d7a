/**
 * Paging a list by key: whatever the page size, walking the pages gives every item exactly once
 * in key order; a list that changes between two pages never repeats an item that stayed; a
 * cursor that is not one of ours is a coded usage error.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { decodeCursor, encodeCursor, pageByKey, pageOfRows } from './pagination.js';

function walk(items: readonly string[], limit: number): string[] {
  const seen: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages <= items.length + 1; pages++) {
    const page = pageByKey(items, (s) => s, { cursor, limit });
    seen.push(...page.items);
    cursor = page.nextCursor;
    if (cursor === undefined) return seen;
  }
  throw new Error('the walk did not end');
}

describe('pageByKey', () => {
  test.prop([fc.uniqueArray(fc.string(), { maxLength: 60 }), fc.integer({ min: 1, max: 70 })])('walks every item once, in key order', (items, limit) => {
    expect(walk(items, limit)).toEqual([...items].sort((a, b) => (a < b ? -1 : 1)));
  });

  it('neither repeats nor skips what stayed when the list changes between pages', () => {
    const first = pageByKey(['a', 'b', 'c', 'd', 'e'], (s) => s, { limit: 2 });
    expect(first.items).toEqual(['a', 'b']);
    // "b" was removed and "aa" added before the next page was asked for.
    const second = pageByKey(['a', 'aa', 'c', 'd', 'e'], (s) => s, { cursor: first.nextCursor, limit: 2 });
    expect(second.items).toEqual(['c', 'd']);
  });

  it('refuses a cursor it did not give out, with a hint', () => {
    expect(() => pageByKey(['a'], (s) => s, { cursor: 'not base64 json', limit: 2 })).toThrow(expect.objectContaining({ code: 'RMM_ERR_USAGE', hint: expect.stringContaining('nextCursor') }));
    expect(() => decodeCursor(encodeCursor({ name: 1 }), z.object({ name: z.string(), id: z.string() }))).toThrow(expect.objectContaining({ code: 'RMM_ERR_USAGE' }));
    expect(decodeCursor(encodeCursor({ name: 'n', id: 'i' }), z.object({ name: z.string(), id: z.string() }))).toEqual({ name: 'n', id: 'i' });
  });
});

describe('pageOfRows', () => {
  it('gives the cursor of the last item kept only when the store found a row past the page', () => {
    const more = pageOfRows(['a', 'b', 'c'], 2, (s) => ({ after: s }));
    expect(more.items).toEqual(['a', 'b']);
    expect(decodeCursor(more.nextCursor, z.object({ after: z.string() }))).toEqual({ after: 'b' });
    expect(pageOfRows(['a', 'b'], 2, (s) => s)).toEqual({ items: ['a', 'b'] });
    expect(pageOfRows([], 2, (s) => s)).toEqual({ items: [] });
  });
});
