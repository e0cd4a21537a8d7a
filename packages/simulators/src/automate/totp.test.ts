import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';

import { base32Decode, base32Encode, hotp, totpCode, totpStep, verifyTotp } from './totp.js';

describe('TOTP (RFC 6238 / RFC 4226)', () => {
  // RFC 6238 appendix B, SHA-1 seed "12345678901234567890"; the 6-digit code is the last 6 digits.
  const seed = base32Encode(Buffer.from('12345678901234567890'));
  it.each([
    [59, '287082'],
    [1111111109, '081804'],
    [1111111111, '050471'],
    [1234567890, '005924'],
    [2000000000, '279037'],
    [20000000000, '353130'],
  ])('matches the RFC 6238 vector at T=%i', (seconds, code) => {
    expect(totpCode(seed, seconds * 1000)).toBe(code);
  });

  it('matches the RFC 4226 HOTP vectors', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expected.forEach((code, counter) => expect(hotp(Buffer.from('12345678901234567890'), counter)).toBe(code));
  });

  it('accepts lower case, spaces and padding in the secret', () => {
    expect(totpCode(seed.toLowerCase().replace(/(.{4})/g, '$1 '), 59_000)).toBe('287082');
    expect(totpCode(`${seed}====`, 59_000)).toBe('287082');
  });

  it('verifies within one step of drift, not beyond', () => {
    const now = 1_700_000_000_000;
    expect(verifyTotp(seed, totpCode(seed, now - 30_000), now)).toBe(totpStep(now) - 1);
    expect(verifyTotp(seed, totpCode(seed, now + 30_000), now)).toBe(totpStep(now) + 1);
    expect(verifyTotp(seed, totpCode(seed, now - 90_000), now)).toBeUndefined();
    expect(verifyTotp(seed, 'abcdef', now)).toBeUndefined();
  });

  test.prop([fc.uint8Array({ minLength: 1, maxLength: 40 })])('Base32 round-trips', (bytes) => {
    expect([...base32Decode(base32Encode(bytes))]).toEqual([...bytes]);
  });
});
