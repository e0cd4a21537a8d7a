/**
 * Tokeniser for Automate's `condition` query parameter (reference §3.1). Strings may use
 * single or double quotes; inside them a backslash escapes the next character and a doubled
 * quote stands for one quote (SQL style) — real clients differ, so the simulator takes both.
 */

/** One token of a condition. */
export type ConditionToken =
  | { kind: 'ident'; text: string; pos: number }
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'number'; value: number; text: string; pos: number }
  | { kind: 'date'; text: string; pos: number }
  | { kind: 'op'; text: '=' | '!=' | '<>' | '<' | '<=' | '>' | '>='; pos: number }
  | { kind: 'lparen' | 'rparen' | 'comma' | 'end'; pos: number };

/** A malformed condition; the server answers 400 with its message. */
export class ConditionSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at position ${position}`);
    this.name = 'ConditionSyntaxError';
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?/;
const NUMBER = /^-?\d+(?:\.\d+)?/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/;

/** Splits a condition into tokens; the last token is always `end`. */
export function tokenizeCondition(input: string): ConditionToken[] {
  const tokens: ConditionToken[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i] as string;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const rest = input.slice(i);
    if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ kind: ch === '(' ? 'lparen' : ch === ')' ? 'rparen' : 'comma', pos: i });
      i++;
      continue;
    }
    if (ch === "'" || ch === '"') {
      const { value, end } = readString(input, i);
      tokens.push({ kind: 'string', value, pos: i });
      i = end;
      continue;
    }
    const op = /^(?:!=|<>|<=|>=|=|<|>)/.exec(rest);
    if (op) {
      tokens.push({ kind: 'op', text: op[0] as '=', pos: i });
      i += op[0].length;
      continue;
    }
    const date = DATE.exec(rest);
    if (date && date[0].length > 4) {
      tokens.push({ kind: 'date', text: date[0], pos: i });
      i += date[0].length;
      continue;
    }
    const num = NUMBER.exec(rest);
    if (num) {
      tokens.push({ kind: 'number', value: Number(num[0]), text: num[0], pos: i });
      i += num[0].length;
      continue;
    }
    const ident = IDENT.exec(rest);
    if (ident) {
      tokens.push({ kind: 'ident', text: ident[0], pos: i });
      i += ident[0].length;
      continue;
    }
    throw new ConditionSyntaxError(`Unexpected character '${ch}'`, i);
  }
  tokens.push({ kind: 'end', pos: input.length });
  return tokens;
}

function readString(input: string, start: number): { value: string; end: number } {
  const quote = input[start] as string;
  let value = '';
  let i = start + 1;
  while (i < input.length) {
    const ch = input[i] as string;
    if (ch === '\\' && i + 1 < input.length) {
      value += input[i + 1];
      i += 2;
      continue;
    }
    if (ch === quote) {
      // SQL style: a doubled quote inside the literal is one quote character.
      if (input[i + 1] === quote) {
        value += quote;
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += ch;
    i++;
  }
  throw new ConditionSyntaxError('Unterminated string literal', start);
}
