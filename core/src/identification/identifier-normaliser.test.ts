import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';

import { normaliseHostname, normaliseMac, normaliseManufacturer, normaliseSerial, normaliseUuid } from './identifier-normaliser.js';

describe('identifier normalisation', () => {
  it('writes UUIDs upper-case without braces', () => {
    expect(normaliseUuid('{6f9619ff-8b86-d011-b42d-00c04fc964ff}')).toBe('6F9619FF-8B86-D011-B42D-00C04FC964FF');
    expect(normaliseUuid('6F9619FF8B86D011B42D00C04FC964FF')).toBe('6F9619FF-8B86-D011-B42D-00C04FC964FF');
    expect(normaliseUuid('not-a-uuid')).toBeUndefined();
  });
  it('writes MACs as 12 hex digits', () => {
    expect(normaliseMac('00:1a:2b:3c:4d:5e')).toBe('001A2B3C4D5E');
    expect(normaliseMac('00-1A-2B-3C-4D-5E')).toBe('001A2B3C4D5E');
    expect(normaliseMac('001a.2b3c.4d5e')).toBe('001A2B3C4D5E');
    expect(normaliseMac('00:1a')).toBeUndefined();
  });
  it('trims serials and compares them case-insensitively', () => {
    expect(normaliseSerial('  cz1234  ')).toBe('CZ1234');
    expect(normaliseSerial('   ')).toBeUndefined();
  });
  it('reduces manufacturers to a vendor', () => {
    expect(normaliseManufacturer('Dell Inc.')).toBe('DELL');
    expect(normaliseManufacturer('Hewlett-Packard')).toBe('HP');
    expect(normaliseManufacturer('LENOVO')).toBe('LENOVO');
    expect(normaliseManufacturer('Micro-Star International Co., Ltd.')).toBe('MICRO STAR');
  });
  it('drops the DNS suffix of hostnames', () => {
    expect(normaliseHostname('pc-01.corp.local')).toBe('PC-01');
  });
});

const hex = fc.stringMatching(/^[0-9a-fA-F]{32}$/);
test.prop([hex, fc.boolean()])('UUID normalisation is idempotent and spelling-blind', (digits, braces) => {
  const dashed = `${digits.slice(0, 8)}-${digits.slice(8, 12)}-${digits.slice(12, 16)}-${digits.slice(16, 20)}-${digits.slice(20)}`;
  const once = normaliseUuid(braces ? `{${dashed.toLowerCase()}}` : dashed);
  expect(once).toBe(normaliseUuid(digits.toUpperCase()));
  expect(normaliseUuid(once)).toBe(once);
});

test.prop([fc.stringMatching(/^[0-9a-fA-F]{12}$/), fc.constantFrom(':', '-', '')])('MAC normalisation ignores separators', (digits, sep) => {
  const spelled = (digits.match(/../g) ?? []).join(sep);
  expect(normaliseMac(spelled)).toBe(digits.toUpperCase());
});

// The general path, as it stood before common spellings got a one-scan shortcut.
const macReference = (value: string): string | undefined => {
  const digits = value.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
  return /^[0-9A-F]{12}$/.test(digits) ? digits : undefined;
};
const macChar = fc.constantFrom(...'0123456789abcdefABCDEFgGzZ:-. _é\u0000');
test.prop([fc.oneof(fc.string({ unit: macChar, minLength: 11, maxLength: 18 }), fc.string({ unit: macChar, minLength: 12, maxLength: 12 }), fc.string({ unit: macChar, minLength: 17, maxLength: 17 }))])(
  'MAC normalisation agrees with the general path on every shape',
  (value) => {
    expect(normaliseMac(value)).toBe(macReference(value));
  },
);
test.prop([fc.array(fc.string({ unit: macChar, minLength: 2, maxLength: 2 }), { minLength: 6, maxLength: 6 }), fc.array(macChar, { minLength: 5, maxLength: 5 })])(
  'MAC normalisation agrees with the general path on six pairs and any separators',
  (pairs, seps) => {
    const value = pairs.map((p, i) => p + (seps[i] ?? '')).join('');
    expect(normaliseMac(value)).toBe(macReference(value));
  },
);
