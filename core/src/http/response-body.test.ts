import { describe, expect, it } from 'vitest';

import { isJsonContentType, readBody } from './response-body.js';

describe('response bodies', () => {
  it('recognises JSON content types', () => {
    expect(['application/json', 'application/json; charset=utf-8', 'text/json', 'application/problem+json'].every(isJsonContentType)).toBe(true);
    expect(['text/plain', 'text/html', undefined].some(isJsonContentType)).toBe(false);
  });

  it('parses by mode and flags invalid JSON', () => {
    expect(readBody('{"a":1}', 'application/json', 'auto')).toEqual({ ok: true, value: { a: 1 } });
    expect(readBody('{"a":1}', 'text/plain', 'auto')).toEqual({ ok: true, value: '{"a":1}' });
    expect(readBody('{"a":1}', 'text/plain', 'json')).toEqual({ ok: true, value: { a: 1 } });
    expect(readBody('{"a":1}', 'application/json', 'text')).toEqual({ ok: true, value: '{"a":1}' });
    expect(readBody('  \n', 'application/json', 'auto')).toEqual({ ok: true, value: undefined });
    expect(readBody('{"a":', 'application/json', 'auto')).toEqual({ ok: false });
  });
});
