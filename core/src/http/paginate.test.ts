import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ProtocolError } from '../errors/index.js';
import { createHttpClient } from './http-client.js';
import { sendJson, startLoopback, type LoopbackServer } from './loopback-server.test.helper.js';
import { paginate, type Page } from './paginate.js';

/** A server-side list with the given behaviour, paged the way RMMs page. */
function pagedSource(total: number, options: { totals: 'none' | 'items' | 'pages'; clampTo?: number }) {
  const calls: number[] = [];
  const fetchPage = async (pageNumber: number, pageSize: number): Promise<Page<number>> => {
    calls.push(pageNumber);
    await Promise.resolve();
    const size = Math.min(pageSize, options.clampTo ?? pageSize);
    const start = (pageNumber - 1) * size;
    const items = Array.from({ length: Math.max(0, Math.min(size, total - start)) }, (_, i) => start + i);
    return {
      items,
      ...(options.totals === 'items' ? { totalItems: total } : {}),
      ...(options.totals === 'pages' ? { totalPages: Math.ceil(total / size) } : {}),
    };
  };
  return { calls, fetchPage };
}

async function drain<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('paginate.pageNumber', () => {
  it('property: yields every item exactly once, for any page size and total', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: 1, max: 120 }),
        fc.constantFrom('none', 'items', 'pages'),
        async (total, pageSize, totals) => {
          const source = pagedSource(total, { totals });
          const items = await drain(paginate.pageNumber({ pageSize, fetchPage: source.fetchPage }));
          expect(items).toEqual(Array.from({ length: total }, (_, i) => i));
          // Never more than one extra request (the empty page that proves the end).
          expect(source.calls.length).toBeLessThanOrEqual(Math.ceil(total / pageSize) + 1);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: with totals, a server that clamps the page size still yields everything once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 2, max: 100 }), fc.constantFrom('items', 'pages'), async (total, pageSize, totals) => {
        const source = pagedSource(total, { totals, clampTo: Math.max(1, Math.floor(pageSize / 2)) });
        expect(await drain(paginate.pageNumber({ pageSize, fetchPage: source.fetchPage }))).toEqual(Array.from({ length: total }, (_, i) => i));
      }),
      { numRuns: 200 },
    );
  });

  it('stops on a short page without totals, on an empty page, and honours firstPage', async () => {
    const short = pagedSource(7, { totals: 'none' });
    expect(await drain(paginate.pageNumber({ pageSize: 5, fetchPage: short.fetchPage }))).toHaveLength(7);
    expect(short.calls).toEqual([1, 2]);
    const exact = pagedSource(10, { totals: 'none' });
    await drain(paginate.pageNumber({ pageSize: 5, fetchPage: exact.fetchPage }));
    expect(exact.calls).toEqual([1, 2, 3]);
    const zeroBased: number[] = [];
    await drain(paginate.pageNumber({ pageSize: 2, firstPage: 0, fetchPage: async (n) => (zeroBased.push(n), { items: n < 2 ? [n, n] : [] }) }));
    expect(zeroBased).toEqual([0, 1, 2]);
  });

  it('streams: the next page is fetched only when the consumer wants more', async () => {
    const source = pagedSource(100, { totals: 'items' });
    const iterator = paginate.pageNumber({ pageSize: 10, fetchPage: source.fetchPage });
    for await (const item of iterator) {
      if (item === 9) break;
    }
    expect(source.calls).toEqual([1]);
  });

  it('guards against a server that never stops', async () => {
    const endless = paginate.pageNumber({ pageSize: 2, maxPages: 5, fetchPage: async () => ({ items: [1, 2] }) });
    await expect(drain(endless)).rejects.toBeInstanceOf(ProtocolError);
  });
});

/** A server-side list paged by offset and limit, clamping the limit like RMMs do. */
function offsetSource(total: number, options: { totals: boolean; clampTo?: number }) {
  const calls: [offset: number, limit: number][] = [];
  const fetchPage = async (offset: number, limit: number): Promise<Page<number>> => {
    calls.push([offset, limit]);
    await Promise.resolve();
    const size = Math.min(limit, options.clampTo ?? limit);
    const items = Array.from({ length: Math.max(0, Math.min(size, total - offset)) }, (_, i) => offset + i);
    return { items, ...(options.totals ? { totalItems: total } : {}) };
  };
  return { calls, fetchPage };
}

describe('paginate.offset', () => {
  it('property: yields every item exactly once, for any page size and total', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 1, max: 120 }), fc.boolean(), async (total, pageSize, totals) => {
        const source = offsetSource(total, { totals });
        expect(await drain(paginate.offset({ pageSize, fetchPage: source.fetchPage }))).toEqual(Array.from({ length: total }, (_, i) => i));
        expect(source.calls.length).toBeLessThanOrEqual(Math.ceil(total / pageSize) + 1);
      }),
      { numRuns: 300 },
    );
  });

  it('property: with totals, a server that clamps the limit still yields everything once (the offset moves by what arrived)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 2, max: 100 }), async (total, pageSize) => {
        const source = offsetSource(total, { totals: true, clampTo: Math.max(1, Math.floor(pageSize / 2)) });
        expect(await drain(paginate.offset({ pageSize, fetchPage: source.fetchPage }))).toEqual(Array.from({ length: total }, (_, i) => i));
      }),
      { numRuns: 200 },
    );
  });

  it('asks for consecutive offsets from firstOffset, and stops on a short page without totals', async () => {
    const source = offsetSource(27, { totals: false });
    expect(await drain(paginate.offset({ pageSize: 10, firstOffset: 5, fetchPage: source.fetchPage }))).toEqual(Array.from({ length: 22 }, (_, i) => i + 5));
    expect(source.calls).toEqual([
      [5, 10],
      [15, 10],
      [25, 10],
    ]);
    await expect(drain(paginate.offset({ pageSize: 10, firstOffset: -1, fetchPage: source.fetchPage }))).rejects.toBeInstanceOf(RangeError);
  });

  it('streams: the next page is fetched only when the consumer wants more', async () => {
    const source = offsetSource(100, { totals: true });
    for await (const item of paginate.offset({ pageSize: 10, fetchPage: source.fetchPage })) {
      if (item === 9) break;
    }
    expect(source.calls).toEqual([[0, 10]]);
  });

  it('guards against a server that ignores the offset', async () => {
    const endless = paginate.offset({ pageSize: 2, maxPages: 5, fetchPage: async () => ({ items: [1, 2] }) });
    await expect(drain(endless)).rejects.toBeInstanceOf(ProtocolError);
  });
});

describe('paginate.envelope against a loopback N-central', () => {
  let server: LoopbackServer;
  const devices = Array.from({ length: 23 }, (_, i) => ({ deviceId: 1000 + i }));
  beforeAll(async () => {
    server = await startLoopback((req, res) => {
      const url = new URL(req.url, 'http://x');
      if (url.pathname === '/api/bad') return sendJson(res, 200, { items: [] });
      const pageNumber = Number(url.searchParams.get('pageNumber'));
      const pageSize = Number(url.searchParams.get('pageSize'));
      const data = devices.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
      sendJson(res, 200, { data, pageNumber, pageSize, itemCount: data.length, totalItems: devices.length, totalPages: Math.ceil(devices.length / pageSize) });
    });
  });
  afterAll(() => server.close());

  it('walks the QueryResponse envelope page by page through the client', async () => {
    const http = createHttpClient({ name: 'nc', baseUrl: server.url });
    const seen: number[] = [];
    for await (const device of paginate.envelope<{ deviceId: number }>({
      pageSize: 10,
      fetchPage: async (pageNumber, pageSize) => (await http.request({ method: 'GET', path: '/api/devices', query: { pageNumber, pageSize } })).body,
    })) {
      seen.push(device.deviceId);
    }
    expect(seen).toEqual(devices.map((d) => d.deviceId));
    expect(server.requests.map((r) => r.url)).toEqual(['/api/devices?pageNumber=1&pageSize=10', '/api/devices?pageNumber=2&pageSize=10', '/api/devices?pageNumber=3&pageSize=10']);
    const bad = paginate.envelope({ pageSize: 10, label: 'GET /api/bad', fetchPage: async () => (await http.request({ method: 'GET', path: '/api/bad' })).body });
    await expect(drain(bad)).rejects.toBeInstanceOf(ProtocolError);
    http.close();
  });
});
