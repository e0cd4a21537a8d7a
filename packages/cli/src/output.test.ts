import { afterEach, describe, expect, it, vi } from 'vitest';

import { TransientError } from '@rmm-hub/core';

import { createOutput, reportError, table, terminalSafe } from './output.js';

const ESC = String.fromCharCode(27);
const BEL = String.fromCharCode(7);
const CSI8 = String.fromCharCode(0x9b);
// Clear screen, an OSC 52 clipboard write, a cursor move, a carriage return and an 8-bit CSI.
const hostile = `${ESC}[2J${ESC}]52;c;ZXZpbA==${BEL}${ESC}[1A\rEvil${CSI8}2J`;

function captured(): { text: () => string } {
  let text = '';
  const write = (chunk: string | Uint8Array): boolean => {
    text += String(chunk);
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(write);
  vi.spyOn(process.stderr, 'write').mockImplementation(write);
  return { text: () => text };
}

afterEach(() => vi.restoreAllMocks());

describe('the output layer', () => {
  it('shows control characters as visible escapes, keeping newlines and tabs', () => {
    expect(terminalSafe(`${hostile}\n\tok`)).toBe('\\x1b[2J\\x1b]52;c;ZXZpbA==\\x07\\x1b[1A\\x0dEvil\\x9b2J\n\tok');
  });

  it('neutralises upstream text in errors, hints, notes and results', () => {
    const out = captured();
    reportError(new TransientError(`server said: ${hostile}`, { hint: `retry ${hostile}` }), { json: false, debug: false });
    createOutput(false).note(`note ${hostile}`);
    createOutput(false).result({}, () => `result ${hostile}`);
    expect(out.text()).not.toContain(ESC);
    expect(out.text()).not.toContain('\r');
    expect(out.text()).not.toContain(CSI8);
    expect(out.text()).toContain('server said: \\x1b[2J');
  });

  it('keeps JSON output as data: the same string, escaped by JSON', () => {
    const out = captured();
    createOutput(true).result({ name: hostile }, () => '');
    expect((JSON.parse(out.text()) as { name: string }).name).toBe(hostile);
    expect(out.text()).not.toContain(ESC);
  });

  it('sizes table columns by what is printed', () => {
    const rendered = table(['NAME', 'X'], [[`a${ESC}b`, 1]]).split('\n');
    expect(rendered[2]).toBe('a\\x1bb  1');
    expect(rendered[0]).toBe('NAME    X');
  });
});
