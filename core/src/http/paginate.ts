/**
 * Async iterators over paged list endpoints. They fetch one page, hand out its items, and ask
 * for the next page only when the consumer has taken them all — so memory stays flat however
 * large the fleet, and a consumer that stops early (`break`) costs no further requests.
 *
 * When to stop, in order of trust:
 * 1. an empty page always ends the listing;
 * 2. when the server reports totals (`totalItems`/`totalPages`), they decide — a short page
 *    before the total is reached just means the server clamped the page size;
 * 3. without totals, a page shorter than the page size is the last one (Automate's bare arrays).
 */
import { ProtocolError } from '../errors/index.js';

/** One page as the plugin's fetcher returns it. */
export interface Page<T> {
  readonly items: readonly T[];
  /** Total items across all pages, when the server says. */
  readonly totalItems?: number | undefined;
  /** Total pages, when the server says. */
  readonly totalPages?: number | undefined;
}

/** Options for {@link paginate.pageNumber}. */
export interface PageNumberOptions<T> {
  /** Items per page to ask for. */
  pageSize: number;
  /** Number of the first page. @default 1 */
  firstPage?: number | undefined;
  /** Fetches one page. */
  fetchPage: (pageNumber: number, pageSize: number) => Promise<Page<T>>;
  /**
   * Safety stop for a server that ignores the page number and never returns a short page.
   * Exceeding it throws a ProtocolError. @default 100_000
   */
  maxPages?: number | undefined;
  /** Stops the iteration between pages. */
  signal?: AbortSignal | undefined;
}

/** Options for {@link paginate.offset}. */
export interface OffsetOptions<T> extends Omit<PageNumberOptions<T>, 'fetchPage' | 'firstPage'> {
  /** Offset of the first item. @default 0 */
  firstOffset?: number | undefined;
  /**
   * Fetches up to `limit` items starting at `offset`. The next offset is this one plus the items
   * received, so a server that clamps the limit loses nothing.
   */
  fetchPage: (offset: number, limit: number) => Promise<Page<T>>;
}

/** The N-central "QueryResponse" envelope and its "ListResponse" cousin. */
export interface PageEnvelope<T> {
  readonly data: readonly T[];
  readonly pageNumber?: number | undefined;
  readonly pageSize?: number | undefined;
  readonly itemCount?: number | undefined;
  readonly totalItems?: number | undefined;
  readonly totalPages?: number | undefined;
}

/** Options for {@link paginate.envelope}. */
export interface EnvelopeOptions<T> extends Omit<PageNumberOptions<T>, 'fetchPage'> {
  /** Fetches one page and returns the raw response body (unknown: it is checked here). */
  fetchPage: (pageNumber: number, pageSize: number) => Promise<unknown>;
  /** Which field holds the items. @default 'data' */
  itemsField?: string | undefined;
  /** For error messages, e.g. `GET /api/devices`. */
  label?: string | undefined;
}

async function* pageNumber<T>(options: PageNumberOptions<T>): AsyncGenerator<T, void, undefined> {
  const first = options.firstPage ?? 1;
  yield* walk(options, (index) => options.fetchPage(first + index, options.pageSize));
}

async function* offset<T>(options: OffsetOptions<T>): AsyncGenerator<T, void, undefined> {
  const first = options.firstOffset ?? 0;
  if (!Number.isSafeInteger(first) || first < 0) throw new RangeError(`firstOffset must be a whole number ≥ 0, got ${first}`);
  yield* walk(options, (_index, seen) => options.fetchPage(first + seen, options.pageSize));
}

/** The paging loop both styles share: `fetch` gets the page index and the items seen so far. */
async function* walk<T>(
  options: Pick<PageNumberOptions<T>, 'pageSize' | 'maxPages' | 'signal'>,
  fetch: (index: number, seen: number) => Promise<Page<T>>,
): AsyncGenerator<T, void, undefined> {
  const { pageSize } = options;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize must be a whole number ≥ 1, got ${pageSize}`);
  const maxPages = options.maxPages ?? 100_000;
  let seen = 0;
  for (let index = 0; ; index++) {
    options.signal?.throwIfAborted();
    if (index >= maxPages) {
      throw new ProtocolError(`pagination did not end after ${maxPages} pages`, {
        context: { maxPages, pageSize },
        hint: 'The server seems to ignore the page number; report this with the server version.',
      });
    }
    const page = await fetch(index, seen);
    const { items, totalItems, totalPages } = page;
    if (items.length === 0) return;
    // Yield one by one (not `yield*` over a copy): the page array is the only buffer.
    for (const item of items) yield item;
    seen += items.length;
    if (totalPages !== undefined) {
      if (index + 1 >= totalPages) return;
    } else if (totalItems !== undefined) {
      if (seen >= totalItems) return;
    } else if (items.length < pageSize) {
      return;
    }
  }
}

async function* envelope<T>(options: EnvelopeOptions<T>): AsyncGenerator<T, void, undefined> {
  const field = options.itemsField ?? 'data';
  const label = options.label ?? 'list';
  yield* pageNumber<T>({
    ...options,
    fetchPage: async (number, size) => {
      const body = await options.fetchPage(number, size);
      const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : undefined;
      const items = record?.[field];
      if (!Array.isArray(items)) {
        throw new ProtocolError(`${label}: page ${number} has no "${field}" array`, {
          context: { label, pageNumber: number },
          hint: 'The server answered a list request with an unexpected shape; check the server version.',
        });
      }
      return { items: items as T[], totalItems: count(record?.['totalItems']), totalPages: count(record?.['totalPages']) };
    },
  });
}

/** A non-negative integer, or undefined for anything else (servers send null, strings, …). */
function count(value: unknown): number | undefined {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
}

/**
 * Pagination helpers.
 * @example
 * for await (const device of paginate.pageNumber({ pageSize: 500, fetchPage: async (n, size) => {
 *   const res = await http.request<Device[]>({ method: 'GET', path: '/cwa/api/v1/Computers', query: { page: n, pageSize: size } });
 *   return { items: res.body };
 * } })) { … }
 * @example
 * for await (const device of paginate.offset({ pageSize: 100, fetchPage: async (offset, limit) => {
 *   const { body } = await http.request<{ items: Device[]; total: number }>({ method: 'GET', path: '/api/devices', query: { offset, limit } });
 *   return { items: body.items, totalItems: body.total };
 * } })) { … }
 */
export const paginate = {
  /** Page-number paging, with or without totals. */
  pageNumber,
  /** Offset/limit paging (`?offset=100&limit=50`), with or without totals. */
  offset,
  /** Page-number paging over `{ data: [...], totalItems, totalPages }` envelopes (N-central). */
  envelope,
} as const;
