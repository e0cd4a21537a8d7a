import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';

import { ConditionFieldError, evaluateCondition } from './condition-evaluator.js';
import { ConditionSyntaxError } from './condition-lexer.js';
import { parseCondition, type ConditionNode } from './condition-parser.js';

const computer = {
  Id: 123,
  ComputerName: 'ACME-WS01',
  Client: { Id: 5, Name: "O'Brien & Sons" },
  Location: { Id: 7, Name: 'HQ' },
  Status: 'Online',
  Type: 'Workstation',
  IsMaster: false,
  RemoteAgentVersion: '190.58',
  RemoteAgentLastContact: '2025-05-30T10:00:00',
  OpenPortsTCP: [80, 443],
  UserAccounts: ['admin', 'jdoe'],
  LoggedInUsers: [{ LoggedInUserName: 'ACME\\bob' }, { LoggedInUserName: 'ACME\\alice' }],
  Contact: null,
};

const holds = (condition: string, row: Record<string, unknown> = computer): boolean => evaluateCondition(parseCondition(condition), row);

describe('condition grammar: cases from the reference (§3.1)', () => {
  it.each([
    ["Status = 'Online'", true],
    ["Status = 'Offline'", false],
    ["Type != 'Workstation'", false],
    ['IsMaster = true', false],
    ['IsMaster = false', true],
    ['(id >= 1 and id <= 1000)', true],
    ['Id>0', true],
    ['Id eq 123', true],
    ['Id <> 123', false],
    ["ComputerName contains 'ws' and Client.Id = 7", false],
    ["ComputerName contains 'ws' and Client.Id = 5", true],
    ["Client.Id = '5'", true],
    ["Client.Name like '%brien%'", true],
    ["Client.Name not like '%brien%'", false],
    ["Location.Name like 'H_'", true],
    ["Location.Name like 'H'", false],
    ['OpenPortsTCP contains 443', true],
    ['OpenPortsTCP contains 44', false],
    ["UserAccounts contains 'ADMIN'", true],
    ["LoggedInUsers.LoggedInUserName like '%bob%'", true],
    ['RemoteAgentLastContact <= 2025-05-30T10:00:00.000Z', true],
    ['RemoteAgentLastContact < 2025-05-30T10:00:00Z', false],
    ["RemoteAgentLastContact > '2025-05-29T00:00:00'", true],
    ["RemoteAgentVersion >= '190.58'", true],
    ['Id in (1, 2, 123)', true],
    ['Id not in (1, 2, 123)', false],
    ["Client.Name in ('x', \"O'Brien & Sons\")", true],
    ['Contact = null', true],
    ['Contact != null', false],
    ["status = 'online' OR Id = 0", true],
    ["not (Status = 'Online')", false],
    ["Type = 'Server' or Status = 'Online' and Id = 1", false],
    ["(Type = 'Server' or Status = 'Online') and Id = 123", true],
    ["computername = \"acme-ws01\"", true],
  ])('%s → %s', (condition, expected) => {
    expect(holds(condition)).toBe(expected);
  });

  it('decodes both escape styles inside quotes', () => {
    expect(holds("Client.Name = 'O''Brien & Sons'")).toBe(true);
    expect(holds("Client.Name = 'O\\'Brien & Sons'")).toBe(true);
    expect(holds('Client.Name = "O\'Brien & Sons"')).toBe(true);
    expect(holds("Client.Name = 'O'")).toBe(false);
  });

  it.each([
    ["Status = 'Online", 'Unterminated'],
    ['Status =', 'Expected a value'],
    ['= 5', 'Expected a field name'],
    ['Id 5', 'Expected an operator'],
    ["Status = 'Online' and", 'Expected a field name'],
    ['(Id = 1', "Expected ')'"],
    ['Id in 1,2', "Expected '('"],
    ['Id = 1 Id = 2', 'trailing'],
    ['Id not = 1', "after 'not'"],
    ['Id = 1 # 2', 'Unexpected character'],
  ])('rejects %s', (condition, fragment) => {
    expect(() => parseCondition(condition)).toThrow(ConditionSyntaxError);
    expect(() => parseCondition(condition)).toThrow(fragment);
  });

  it('rejects an unknown top-level field, tolerates an absent nested one', () => {
    expect(() => holds('Nonsense = 1')).toThrow(ConditionFieldError);
    expect(holds('Client.Nonsense = 1')).toBe(false);
  });
});

// --- properties

/**
 * Renders a string literal the way a careful client may: either quote, the quote doubled
 * (SQL) or backslash-escaped. A backslash is always an escape (as in MySQL), so it is doubled.
 */
const quoted = (value: string, style: number): string => {
  const v = value.replace(/\\/g, '\\\\');
  if (style === 0) return `'${v.replace(/'/g, "''")}'`;
  if (style === 1) return `'${v.replace(/'/g, "\\'")}'`;
  if (style === 2) return `"${v.replace(/"/g, '""')}"`;
  return `"${v.replace(/"/g, '\\"')}"`;
};

const leaf = fc.record({
  field: fc.constantFrom('Id', 'Client.Id', 'Client.Name', 'Status', 'OpenPortsTCP'),
  op: fc.constantFrom('=', '!=', '<', '>', '<=', '>=', 'like', 'contains'),
  value: fc.oneof(fc.integer({ min: -5, max: 600 }), fc.string({ maxLength: 8 })),
  style: fc.integer({ min: 0, max: 3 }),
});
type Leaf = { field: string; op: string; value: number | string; style: number };
type Tree = Leaf | { kind: 'and' | 'or'; left: Tree; right: Tree } | { kind: 'not'; operand: Tree };
const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), left: tie('tree'), right: tie('tree') }),
    fc.record({ kind: fc.constant('not' as const), operand: tie('tree') }),
  ),
}));

const render = (t: Tree): string => {
  if ('field' in t) return `${t.field} ${t.op} ${typeof t.value === 'number' ? t.value : quoted(t.value, t.style)}`;
  if (t.kind === 'not') return `not (${render(t.operand)})`;
  return `(${render(t.left)}) ${t.kind} (${render(t.right)})`;
};
const semantics = (t: Tree, row: Record<string, unknown>): boolean => {
  if ('field' in t) return evaluateCondition(parseCondition(`${t.field} ${t.op} ${typeof t.value === 'number' ? t.value : quoted(t.value, 0)}`), row);
  if (t.kind === 'not') return !semantics(t.operand, row);
  return t.kind === 'and' ? semantics(t.left, row) && semantics(t.right, row) : semantics(t.left, row) || semantics(t.right, row);
};

describe('condition grammar: properties', () => {
  test.prop([fc.string({ maxLength: 40 }), fc.integer({ min: 0, max: 3 })])('any string survives quoting and escaping', (value, style) => {
    const row = { ...computer, Client: { Id: 5, Name: value } };
    expect(holds(`Client.Name = ${quoted(value, style)}`, row)).toBe(true);
    expect(holds(`Client.Name != ${quoted(value, style)}`, row)).toBe(false);
    const node = parseCondition(`Client.Name = ${quoted(value, style)}`) as Extract<ConditionNode, { type: 'compare' }>;
    expect(node.value).toEqual({ type: 'string', value });
  });

  test.prop([tree, fc.integer({ min: 0, max: 500 }), fc.string({ maxLength: 6 })])(
    'and / or / not compose as boolean algebra, whatever the quoting',
    (t, id, name) => {
      const row = { ...computer, Id: id, Client: { Id: id % 7, Name: name } };
      expect(holds(render(t), row)).toBe(semantics(t, row));
    },
  );

  test.prop([fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 })])('like with %…% is a case-insensitive substring test', (needle, hay) => {
    const pattern = needle.replace(/[%_]/g, '');
    expect(holds(`Client.Name like ${quoted(`%${pattern}%`, 0)}`, { ...computer, Client: { Id: 1, Name: hay } })).toBe(
      hay.toLowerCase().includes(pattern.toLowerCase()),
    );
  });

  test.prop([fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 50 })])(
    'in equals a disjunction of =',
    (values, id) => {
      const row = { ...computer, Id: id };
      expect(holds(`Id in (${values.join(', ')})`, row)).toBe(values.includes(id));
      expect(holds(`Id not in (${values.join(',')})`, row)).toBe(!values.includes(id));
    },
  );
});
