/**
 * N-central's list envelopes (reference §3): the full "QueryResponse" with page numbers and
 * `_links`, and the bare "ListResponse" (`data` + `totalItems`). Paging is 1-based; the
 * default page size is 50 and sizes outside 1–1000 are refused with 400.
 */
import { SimHttpError } from '../server/router.js';

/** A validated page request. */
export interface PageRequest {
  pageNumber: number;
  pageSize: number;
}

/** The default page size N-central documents. */
export const DEFAULT_PAGE_SIZE = 50;
/** The largest page size N-central documents (users, device filters). */
export const MAX_PAGE_SIZE = 1000;

function intParam(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw.trim())) throw new SimHttpError(400, `BAD REQUEST: ${name} must be an integer, got '${raw}'`);
  return Number(raw);
}

const SORT_ORDERS = new Set(['asc', 'ascending', 'natural', 'desc', 'descending', 'reverse']);

/**
 * Reads `pageNumber`/`pageSize` (and validates `sortOrder`).
 * @throws SimHttpError 400 for a non-integer, a page number below 1, or a size outside 1–1000.
 */
export function readPageRequest(query: URLSearchParams): PageRequest & { descending: boolean } {
  const pageNumber = intParam(query, 'pageNumber', 1);
  const pageSize = intParam(query, 'pageSize', DEFAULT_PAGE_SIZE);
  if (pageNumber < 1) throw new SimHttpError(400, `BAD REQUEST: pageNumber must be at least 1, got ${pageNumber}`);
  if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new SimHttpError(400, `BAD REQUEST: pageSize must be between 1 and ${MAX_PAGE_SIZE}, got ${pageSize}`);
  }
  const order = query.get('sortOrder');
  if (order !== null && !SORT_ORDERS.has(order.toLowerCase())) {
    throw new SimHttpError(400, `BAD REQUEST: invalid sortOrder '${order}'`);
  }
  const descending = order !== null && ['desc', 'descending', 'reverse'].includes(order.toLowerCase());
  return { pageNumber, pageSize, descending };
}

/** The index window [start, end) of one page over `total` items. */
export function pageWindow(page: PageRequest, total: number): [number, number] {
  const start = Math.min(total, (page.pageNumber - 1) * page.pageSize);
  return [start, Math.min(total, start + page.pageSize)];
}

/**
 * Builds a QueryResponse. `_links` are host-relative paths that keep the request's other query
 * parameters; `previousPage`/`nextPage` are null at the ends.
 */
export function queryResponse<T>(path: string, query: URLSearchParams, page: PageRequest, total: number, data: T[]): Record<string, unknown> {
  const totalPages = Math.ceil(total / page.pageSize);
  const link = (n: number): string => {
    const q = new URLSearchParams(query);
    q.set('pageNumber', String(n));
    q.set('pageSize', String(page.pageSize));
    return `${path}?${q.toString()}`;
  };
  return {
    data,
    pageNumber: page.pageNumber,
    pageSize: page.pageSize,
    itemCount: data.length,
    totalItems: total,
    totalPages,
    _links: {
      firstPage: link(1),
      previousPage: page.pageNumber > 1 ? link(Math.min(page.pageNumber - 1, Math.max(1, totalPages))) : null,
      nextPage: page.pageNumber < totalPages ? link(page.pageNumber + 1) : null,
      lastPage: link(Math.max(1, totalPages)),
    },
    _warning: null,
  };
}

/** Builds a ListResponse. */
export function listResponse<T>(data: T[], total: number): { data: T[]; totalItems: number } {
  return { data, totalItems: total };
}
