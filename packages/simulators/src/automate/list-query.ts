/**
 * Filtering, ordering and paging of Automate collections. Small collections (clients,
 * locations) are filtered in memory; the large ones (computers, chassis) are walked lazily by
 * the computer view, which uses {@link narrowValues} to visit only the candidate rows.
 */
import { evaluateCondition, resolveField } from './condition-evaluator.js';
import type { ConditionLiteral, ConditionNode } from './condition-parser.js';
import { project, type ListOptions } from './list-options.js';

type Row = Record<string, unknown>;

/** A comparator on a (dotted, case-insensitive) field: numbers numerically, text case-insensitively. */
export function compareByField(field: string, descending: boolean): (a: Row, b: Row) => number {
  const sign = descending ? -1 : 1;
  return (a, b) => sign * compareValues(resolveField(a, field)[0], resolveField(b, field)[0]);
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a).toLowerCase();
  const y = String(b).toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Whether a row passes the `condition` and `ids` options. */
export function matches(row: Row, options: ListOptions, idField = 'Id'): boolean {
  if (options.ids && !options.ids.includes(Number(row[idField]))) return false;
  return options.condition ? evaluateCondition(options.condition, row) : true;
}

/** Filters, orders, pages and projects an in-memory collection. An out-of-range page is `[]`. */
export function listInMemory(rows: readonly Row[], options: ListOptions, idField = 'Id'): Row[] {
  const selected = rows.filter((row) => matches(row, options, idField));
  if (options.orderBy) selected.sort(compareByField(options.orderBy.field, options.orderBy.descending));
  return pageSlice(selected, options).map((row) => project(row, options, [idField]));
}

/** The rows of `options.page` out of an ordered array. */
export function pageSlice<T>(rows: readonly T[], options: ListOptions): T[] {
  if (!Number.isFinite(options.pageSize)) return options.page === 1 ? [...rows] : [];
  const start = (options.page - 1) * options.pageSize;
  return rows.slice(start, start + options.pageSize);
}

function literalNumber(literal: ConditionLiteral): number | undefined {
  if (literal.type === 'number') return literal.value;
  if (literal.type === 'string' && /^\d+$/.test(literal.value.trim())) return Number(literal.value);
  return undefined;
}

/**
 * The only values `field` can take in rows that satisfy `node`, when the condition pins it
 * (`Client.Id = 5`, `Client.Id in (1,2)`, conjunctions and disjunctions of those); otherwise
 * undefined. A superset is fine — every row is still checked against the full condition.
 */
export function narrowValues(node: ConditionNode | undefined, field: string): Set<number> | undefined {
  if (!node) return undefined;
  const target = field.toLowerCase();
  switch (node.type) {
    case 'compare': {
      if (node.negated || node.op !== '=' || node.field.toLowerCase() !== target) return undefined;
      const n = literalNumber(node.value);
      return n === undefined ? new Set() : new Set([n]);
    }
    case 'in': {
      if (node.negated || node.field.toLowerCase() !== target) return undefined;
      return new Set(node.values.map(literalNumber).filter((n): n is number => n !== undefined));
    }
    case 'and': {
      const left = narrowValues(node.left, field);
      const right = narrowValues(node.right, field);
      if (left && right) return new Set([...left].filter((v) => right.has(v)));
      return left ?? right;
    }
    case 'or': {
      const left = narrowValues(node.left, field);
      const right = narrowValues(node.right, field);
      return left && right ? new Set([...left, ...right]) : undefined;
    }
    case 'not':
      return undefined;
  }
}
