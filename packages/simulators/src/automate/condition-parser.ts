/**
 * Parser for Automate's `condition` grammar (reference §3.1):
 *
 * ```
 * expr       := and ( 'or' and )*
 * and        := unary ( 'and' unary )*
 * unary      := 'not' unary | '(' expr ')' | comparison
 * comparison := field op literal
 *             | field ['not'] ('like' | 'contains') literal
 *             | field ['not'] 'in' '(' literal (',' literal)* ')'
 * op         := '=' | 'eq' | '!=' | '<>' | 'ne' | '<' | 'lt' | '<=' | 'le' | '>' | 'gt' | '>=' | 'ge'
 * literal    := 'quoted' | "quoted" | number | true | false | null | ISO date (unquoted)
 * field      := Name ( '.' Name )*          (matched case-insensitively)
 * ```
 * Keywords are case-insensitive. `not` in front of a parenthesised expression is accepted too,
 * although the reference only shows it before `in`, `like` and `contains`.
 */
import { ConditionSyntaxError, tokenizeCondition, type ConditionToken } from './condition-lexer.js';

/** A literal value of a condition. Dates stay text; the evaluator compares them as instants. */
export type ConditionLiteral =
  | { type: 'string'; value: string }
  | { type: 'number'; value: number }
  | { type: 'boolean'; value: boolean }
  | { type: 'null' }
  | { type: 'date'; value: string };

/** Comparison operators after normalisation (`eq` → `=`, `<>`/`ne` → `!=`). */
export type ComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'like' | 'contains';

/** The parsed form of a condition. */
export type ConditionNode =
  | { type: 'and' | 'or'; left: ConditionNode; right: ConditionNode }
  | { type: 'not'; operand: ConditionNode }
  | { type: 'compare'; field: string; op: ComparisonOp; value: ConditionLiteral; negated: boolean }
  | { type: 'in'; field: string; values: ConditionLiteral[]; negated: boolean };

const WORD_OPS: Record<string, ComparisonOp> = {
  eq: '=',
  ne: '!=',
  lt: '<',
  le: '<=',
  gt: '>',
  ge: '>=',
};

/** Parses a condition; throws {@link ConditionSyntaxError} when it is malformed. */
export function parseCondition(input: string): ConditionNode {
  const parser = new Parser(tokenizeCondition(input));
  const node = parser.expr();
  parser.expectEnd();
  return node;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: ConditionToken[]) {}

  private peek(): ConditionToken {
    return this.tokens[this.i] as ConditionToken;
  }

  private next(): ConditionToken {
    const token = this.peek();
    if (token.kind !== 'end') this.i++;
    return token;
  }

  private isWord(word: string, token = this.peek()): boolean {
    return token.kind === 'ident' && token.text.toLowerCase() === word;
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.kind !== 'end') throw new ConditionSyntaxError('Unexpected trailing input', token.pos);
  }

  expr(): ConditionNode {
    let left = this.and();
    while (this.isWord('or')) {
      this.next();
      left = { type: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): ConditionNode {
    let left = this.unary();
    while (this.isWord('and')) {
      this.next();
      left = { type: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): ConditionNode {
    const token = this.peek();
    if (this.isWord('not')) {
      this.next();
      return { type: 'not', operand: this.unary() };
    }
    if (token.kind === 'lparen') {
      this.next();
      const inner = this.expr();
      const close = this.next();
      if (close.kind !== 'rparen') throw new ConditionSyntaxError("Expected ')'", close.pos);
      return inner;
    }
    return this.comparison();
  }

  private comparison(): ConditionNode {
    const fieldToken = this.next();
    if (fieldToken.kind !== 'ident' || ['and', 'or', 'not'].includes(fieldToken.text.toLowerCase())) {
      throw new ConditionSyntaxError('Expected a field name', fieldToken.pos);
    }
    const field = fieldToken.text;
    let negated = false;
    if (this.isWord('not')) {
      this.next();
      negated = true;
    }
    const opToken = this.next();
    if (opToken.kind === 'op' && !negated) {
      const op = opToken.text === '<>' ? '!=' : opToken.text;
      return { type: 'compare', field, op, value: this.literal(), negated: false };
    }
    if (opToken.kind === 'ident') {
      const word = opToken.text.toLowerCase();
      if (word === 'like' || word === 'contains') return { type: 'compare', field, op: word, value: this.literal(), negated };
      if (word === 'in') return { type: 'in', field, values: this.list(), negated };
      const mapped = WORD_OPS[word];
      if (mapped && !negated) return { type: 'compare', field, op: mapped, value: this.literal(), negated: false };
    }
    throw new ConditionSyntaxError(negated ? "Expected 'like', 'contains' or 'in' after 'not'" : 'Expected an operator', opToken.pos);
  }

  private list(): ConditionLiteral[] {
    const open = this.next();
    if (open.kind !== 'lparen') throw new ConditionSyntaxError("Expected '(' after 'in'", open.pos);
    const values: ConditionLiteral[] = [this.literal()];
    for (;;) {
      const token = this.next();
      if (token.kind === 'rparen') return values;
      if (token.kind !== 'comma') throw new ConditionSyntaxError("Expected ',' or ')'", token.pos);
      values.push(this.literal());
    }
  }

  private literal(): ConditionLiteral {
    const token = this.next();
    switch (token.kind) {
      case 'string':
        return { type: 'string', value: token.value };
      case 'number':
        return { type: 'number', value: token.value };
      case 'date':
        return { type: 'date', value: token.text };
      case 'ident': {
        const word = token.text.toLowerCase();
        if (word === 'true' || word === 'false') return { type: 'boolean', value: word === 'true' };
        if (word === 'null') return { type: 'null' };
        break;
      }
      default:
        break;
    }
    throw new ConditionSyntaxError('Expected a value', token.pos);
  }
}
