/**
 * Evaluates a parsed `condition` against one JSON record, with the semantics a MySQL-backed
 * Automate shows: case-insensitive field names and string comparisons, `%`/`_` wildcards in
 * `like`, numeric comparison when both sides are numbers (Ids are quoted by some clients:
 * `Client.Id = '5'`), instants for dates with or without a zone (no zone = UTC), and a dotted
 * path through an array matching when any element matches.
 */
import type { ComparisonOp, ConditionLiteral, ConditionNode } from './condition-parser.js';

/** The condition names a field the resource does not have; the server answers 400. */
export class ConditionFieldError extends Error {
  constructor(readonly field: string) {
    super(`Unknown field '${field}' in condition`);
    this.name = 'ConditionFieldError';
  }
}

type Json = unknown;

/** True when `record` satisfies `node`. Throws {@link ConditionFieldError} for an unknown field. */
export function evaluateCondition(node: ConditionNode, record: Record<string, Json>): boolean {
  switch (node.type) {
    case 'and':
      return evaluateCondition(node.left, record) && evaluateCondition(node.right, record);
    case 'or':
      return evaluateCondition(node.left, record) || evaluateCondition(node.right, record);
    case 'not':
      return !evaluateCondition(node.operand, record);
    case 'in': {
      const values = resolveField(record, node.field);
      const hit = values.some((v) => node.values.some((lit) => compare(v, '=', lit)));
      return node.negated ? !hit : hit;
    }
    case 'compare': {
      const values = resolveField(record, node.field);
      const hit = values.some((v) => compare(v, node.op, node.value));
      return node.negated ? !hit : hit;
    }
  }
}

/** Field values along a dotted path (case-insensitive keys); arrays on the way fan out. */
export function resolveField(record: Record<string, Json>, path: string): Json[] {
  const parts = path.split('.');
  const first = parts[0] as string;
  if (findKey(record, first) === undefined) throw new ConditionFieldError(path);
  let current: Json[] = [record];
  for (const part of parts) {
    const next: Json[] = [];
    for (const item of current) {
      for (const element of Array.isArray(item) ? item : [item]) {
        if (element === null || typeof element !== 'object') continue;
        const key = findKey(element as Record<string, Json>, part);
        if (key !== undefined) next.push((element as Record<string, Json>)[key]);
      }
    }
    current = next;
  }
  // A leaf that is an array (OpenPortsTCP, UserAccounts) is compared element by element.
  const leaves = current.flatMap((v) => (Array.isArray(v) ? v : [v]));
  return leaves.length > 0 ? leaves : [undefined];
}

function findKey(object: Record<string, Json>, name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(object, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(object).find((k) => k.toLowerCase() === lower);
}

const DATE_LIKE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Parses an ISO-ish instant; a value without a zone is read as UTC. */
export function parseInstant(text: string): number {
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(text) && text.length > 10;
  const iso = text.replace(' ', 'T');
  return Date.parse(hasZone ? iso : iso.length === 10 ? `${iso}T00:00:00Z` : `${iso}Z`);
}

function compare(value: Json, op: ComparisonOp, literal: ConditionLiteral): boolean {
  if (literal.type === 'null') {
    const isNull = value === null || value === undefined;
    if (op === '=') return isNull;
    if (op === '!=') return !isNull;
    return false;
  }
  if (value === null || value === undefined) return op === '!=';
  if (op === 'like') return likeToRegExp(literalText(literal)).test(String(value));
  if (op === 'contains') {
    // Numbers (OpenPortsTCP elements) match whole; text matches as a substring.
    if (typeof value === 'number') return equal(value, literal);
    return String(value).toLowerCase().includes(literalText(literal).toLowerCase());
  }
  const order = ordering(value, literal);
  if (order === undefined) return op === '!=';
  switch (op) {
    case '=':
      return order === 0;
    case '!=':
      return order !== 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
  }
}

function equal(value: Json, literal: Exclude<ConditionLiteral, { type: 'null' }>): boolean {
  return ordering(value, literal) === 0;
}

function literalText(literal: Exclude<ConditionLiteral, { type: 'null' }>): string {
  return String(literal.value);
}

/** Sign of (value − literal), or undefined when they cannot be compared. */
function ordering(value: Json, literal: Exclude<ConditionLiteral, { type: 'null' }>): number | undefined {
  if (literal.type === 'boolean') {
    const b = typeof value === 'boolean' ? value : value === 1 || String(value).toLowerCase() === 'true' ? true : value === 0 || String(value).toLowerCase() === 'false' ? false : undefined;
    return b === undefined ? undefined : Number(b) - Number(literal.value);
  }
  const text = String(value);
  if (literal.type === 'date' || (literal.type === 'string' && DATE_LIKE.test(literal.value) && DATE_LIKE.test(text))) {
    const a = parseInstant(text);
    const b = parseInstant(literal.value);
    return Number.isNaN(a) || Number.isNaN(b) ? undefined : Math.sign(a - b);
  }
  const literalNumber = literal.type === 'number' ? literal.value : numeric(literal.value);
  const valueNumber = typeof value === 'number' ? value : numeric(text);
  if (literalNumber !== undefined && valueNumber !== undefined && (typeof value === 'number' || literal.type === 'number')) {
    return Math.sign(valueNumber - literalNumber);
  }
  const a = text.toLowerCase();
  const b = String(literal.value).toLowerCase();
  return a === b ? 0 : a < b ? -1 : 1;
}

function numeric(text: string): number | undefined {
  return /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : undefined;
}

/** SQL LIKE (`%` any run, `_` one character), case-insensitive, whole value. */
export function likeToRegExp(pattern: string): RegExp {
  let source = '';
  for (const ch of pattern) {
    if (ch === '%') source += '[\\s\\S]*';
    else if (ch === '_') source += '[\\s\\S]';
    else source += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'iu');
}
