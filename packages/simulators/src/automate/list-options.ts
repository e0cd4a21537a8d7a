/**
 * The common list options of every Automate collection GET (reference §3): `page`, `pageSize`,
 * `condition`, `orderby`, `ids`, `includefields`/`excludefields`. Names are matched
 * case-insensitively, with or without ASP.NET's `options.` prefix, and both the spec spelling
 * (`includedFields`) and the one real clients send (`includefields`) are honoured.
 */
import { parseCondition, type ConditionNode } from './condition-parser.js';

/** Parsed list options of one request. */
export interface ListOptions {
  page: number;
  /** Rows per page; `Infinity` for `pageSize=-1` ("all rows", one client relies on it). */
  pageSize: number;
  condition?: ConditionNode | undefined;
  conditionText: string;
  orderBy?: { field: string; descending: boolean } | undefined;
  ids?: number[] | undefined;
  include?: string[] | undefined;
  exclude?: string[] | undefined;
}

/** A list option the server cannot bind; answered with 400. */
export class ListOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ListOptionError';
  }
}

/** Paging limits of the simulated server. */
export interface PagingLimits {
  /** Rows per page when `pageSize` is absent. @default 50 */
  defaultPageSize: number;
  /** Larger page sizes are silently clamped to this (unknown on real servers). @default unlimited */
  maxPageSize?: number | undefined;
}

function lookup(query: URLSearchParams, ...names: string[]): string[] {
  const wanted = new Set(names.flatMap((n) => [n.toLowerCase(), `options.${n.toLowerCase()}`]));
  const values: string[] = [];
  for (const [key, value] of query) if (wanted.has(key.toLowerCase())) values.push(value);
  return values;
}

function integer(name: string, text: string): number {
  if (!/^-?\d+$/.test(text.trim())) throw new ListOptionError(`The value '${text}' is not valid for ${name}.`);
  return Number(text);
}

function list(values: string[]): string[] {
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v.length > 0);
}

/** Reads the list options of a request. Throws {@link ListOptionError} or a condition syntax error. */
export function parseListOptions(query: URLSearchParams, limits: PagingLimits): ListOptions {
  const pageText = lookup(query, 'page')[0];
  const page = pageText === undefined ? 1 : Math.max(1, integer('page', pageText));
  const sizeText = lookup(query, 'pageSize')[0];
  let pageSize = sizeText === undefined ? limits.defaultPageSize : integer('pageSize', sizeText);
  if (pageSize === -1) pageSize = Number.POSITIVE_INFINITY;
  else if (pageSize < 1) throw new ListOptionError(`The value '${sizeText}' is not valid for pageSize.`);
  if (limits.maxPageSize !== undefined) pageSize = Math.min(pageSize, limits.maxPageSize);

  const conditionText = lookup(query, 'condition')[0]?.trim() ?? '';
  const condition = conditionText ? parseCondition(conditionText) : undefined;

  let orderBy: ListOptions['orderBy'];
  const orderText = lookup(query, 'orderby', 'orderBy.name')[0]?.trim();
  if (orderText) {
    const [field, direction] = orderText.split(/\s+/);
    const typeText = lookup(query, 'orderBy.type')[0]?.toLowerCase();
    const dir = (direction ?? typeText ?? 'asc').toLowerCase();
    if (!['asc', 'desc', 'ascending', 'descending', 'undefined'].includes(dir)) {
      throw new ListOptionError(`Invalid sort direction '${direction ?? typeText ?? ''}'.`);
    }
    orderBy = { field: field as string, descending: dir.startsWith('desc') };
  }

  const idValues = list(lookup(query, 'ids'));
  const ids = idValues.length > 0 ? idValues.map((v) => integer('ids', v)) : undefined;
  const include = list(lookup(query, 'includefields', 'includedfields'));
  const exclude = list(lookup(query, 'excludefields', 'excludedfields'));
  return {
    page,
    pageSize,
    condition,
    conditionText,
    orderBy,
    ids,
    include: include.length > 0 ? include : undefined,
    exclude: exclude.length > 0 ? exclude : undefined,
  };
}

/**
 * Applies `includefields` / `excludefields` to one record. Field names are case-insensitive;
 * a dotted name (`Client.Name`) keeps part of a nested object; `keep` (the id) always stays.
 */
export function project(record: Record<string, unknown>, options: ListOptions, keep: readonly string[] = ['Id']): Record<string, unknown> {
  let out = record;
  if (options.include) {
    out = {};
    for (const key of keep) if (key in record) out[key] = record[key];
    for (const path of options.include) copyPath(record, out, path.split('.'));
  }
  if (options.exclude) {
    const drop = new Set(options.exclude.map((f) => f.toLowerCase()));
    out = Object.fromEntries(Object.entries(out).filter(([k]) => keep.includes(k) || !drop.has(k.toLowerCase())));
  }
  return out;
}

function copyPath(from: Record<string, unknown>, to: Record<string, unknown>, parts: string[]): void {
  const [head, ...rest] = parts;
  if (head === undefined) return;
  const key = Object.keys(from).find((k) => k.toLowerCase() === head.toLowerCase());
  if (key === undefined) return;
  const value = from[key];
  if (rest.length === 0 || value === null || typeof value !== 'object' || Array.isArray(value)) {
    to[key] = value;
    return;
  }
  const child = (typeof to[key] === 'object' && to[key] !== null ? to[key] : {}) as Record<string, unknown>;
  to[key] = child;
  copyPath(value as Record<string, unknown>, child, rest);
}
