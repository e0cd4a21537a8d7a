import { describe, expect, it } from 'vitest';

import { REDACTED, SecretRedactor } from './secret-redactor.js';

/** Passwords with every character that changes between the wire forms. */
const PASSWORDS = ['Pa"ss\\word with spaces', 'Ünïcødé-pässwörd/€5', 'quote"back\\slash+plus&amp=eq%pct', "it's~(tilde)!*"];

/** True when `bytes` contains any 6-byte run of `secret`: a part long enough to matter. */
function containsPartOf(bytes: Buffer, secret: string): boolean {
  const raw = Buffer.from(secret, 'utf8');
  for (let i = 0; i + 6 <= raw.length; i++) if (bytes.includes(raw.subarray(i, i + 6))) return true;
  return false;
}

/** Decodes what is left of a base64 text after redaction, at every alignment, and looks for the secret. */
function base64StillCarries(redacted: string, secret: string, alphabet: 'base64' | 'base64url'): boolean {
  for (const piece of redacted.split(REDACTED)) {
    for (let shift = 0; shift < 4; shift++) {
      if (containsPartOf(Buffer.from(piece.slice(shift), alphabet), secret)) return true;
    }
  }
  return false;
}

describe('SecretRedactor', () => {
  it.each(PASSWORDS)('scrubs %j in every form the client sends it in', (password) => {
    const redactor = new SecretRedactor();
    redactor.add(password);
    const body = JSON.stringify({ Username: 'api-user', Password: password });
    const echoes = [
      `Bad request: ${body}`,
      `Bad request: ${JSON.stringify(body)}`,
      `Bad request: ${new URLSearchParams({ username: 'api-user', password }).toString()}`,
      `Bad request: /login?password=${encodeURIComponent(password)}`,
      `Bad request: ${body.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)}`,
      `Bad request: ${body.replace(/\//g, '\\/')}`,
    ];
    for (const echo of echoes) {
      const out = redactor.redact(echo);
      expect(out, echo).toContain(REDACTED);
      expect(out).not.toContain(password);
      expect(redactor.leaks(out)).toBe(false);
    }
  });

  it.each(PASSWORDS)('scrubs %j inside any base64 payload: an echoed body, a Basic header', (password) => {
    const redactor = new SecretRedactor();
    redactor.add(password);
    for (const prefix of ['', 'u', 'us', 'use', 'user-name']) {
      const basic = Buffer.from(`${prefix}:${password}`).toString('base64');
      const body = Buffer.from(JSON.stringify({ Username: prefix, Password: password, more: 'after' })).toString('base64');
      const url = Buffer.from(`${prefix}${password}`).toString('base64url');
      for (const [text, alphabet] of [[`Authorization: Basic ${basic}`, 'base64'], [`Bad request (base64): ${body}`, 'base64'], [url, 'base64url']] as const) {
        expect(base64StillCarries(text, password, alphabet), 'the check itself finds the unredacted secret').toBe(true);
        const out = redactor.redact(text);
        expect(base64StillCarries(out, password, alphabet), `${prefix}: ${out}`).toBe(false);
      }
    }
  });

  it('leaves ordinary base64 alone: a short secret gives no base64 fragment to match', () => {
    const redactor = new SecretRedactor();
    redactor.add('abcd');
    const unrelated = Buffer.from('a long unrelated payload without the secret').toString('base64');
    expect(redactor.redact(unrelated)).toBe(unrelated);
  });

  it('scrubs configured secrets of any accepted length, but a received token only when it is distinctive', () => {
    const redactor = new SecretRedactor();
    redactor.add('pw12');
    redactor.addReceived('string');
    expect(redactor.redact('Automate string pw12')).toBe(`Automate string ${REDACTED}`);
    const token = 'eyJhbGciOiJIUzI1NiJ9.long-enough-token';
    redactor.addReceived(token);
    expect(redactor.redact(`token ${token}`)).toBe(`token ${REDACTED}`);
  });

  it('passes every form up to the parent', () => {
    const host = new SecretRedactor();
    const integration = host.child();
    integration.add('Pa"ss\\word');
    integration.addReceived('short');
    expect(host.redact(JSON.stringify({ p: 'Pa"ss\\word' }))).toBe(`{"p":"${REDACTED}"}`);
    expect(host.redact('short')).toBe('short');
  });
});
