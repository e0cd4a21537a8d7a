/**
 * RFC 6238 TOTP (HMAC-SHA1, 30-second step, 6 digits — Google Authenticator's defaults),
 * written with node:crypto alone so that it cross-checks the plugin's TOTP library rather than
 * sharing its bugs. Secrets are Base32 (RFC 4648); lower case, spaces and padding are accepted.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** Decodes RFC 4648 Base32, ignoring case, whitespace, dashes and `=` padding. */
export function base32Decode(text: string): Buffer {
  const clean = text.toUpperCase().replace(/[\s=-]/g, '');
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const index = ALPHABET.indexOf(ch);
    if (index < 0) throw new Error(`Invalid Base32 character '${ch}'`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** Encodes bytes as unpadded RFC 4648 Base32. */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

/** A fresh random 160-bit secret in Base32 (32 characters), as Google Authenticator enrolment gives. */
export function generateTotpSecret(): string {
  return base32Encode(randomBytes(20));
}

/** The RFC 4226 HOTP value of `counter` (RFC 6238 feeds it the time step). */
export function hotp(secret: Buffer, counter: number, digits = 6): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', secret).update(message).digest();
  const offset = (mac[mac.length - 1] as number) & 0x0f;
  const binary = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits;
  return String(binary).padStart(digits, '0');
}

/** The 30-second time step of an instant (epoch ms). */
export function totpStep(epochMs: number, periodSeconds = 30): number {
  return Math.floor(epochMs / 1000 / periodSeconds);
}

/** The TOTP code of `secretBase32` at `epochMs`. */
export function totpCode(secretBase32: string, epochMs: number): string {
  return hotp(base32Decode(secretBase32), totpStep(epochMs));
}

/**
 * Checks a code against the steps within ±`window` of `epochMs` (clock drift). Returns the
 * matching step — the server keeps it to refuse a replay — or undefined.
 */
export function verifyTotp(secretBase32: string, code: string, epochMs: number, window = 1): number | undefined {
  const candidate = code.replace(/\s/g, '');
  if (!/^\d{6}$/.test(candidate)) return undefined;
  const secret = base32Decode(secretBase32);
  const now = totpStep(epochMs);
  for (let step = now - window; step <= now + window; step++) {
    if (timingSafeEqual(Buffer.from(hotp(secret, step)), Buffer.from(candidate))) return step;
  }
  return undefined;
}
