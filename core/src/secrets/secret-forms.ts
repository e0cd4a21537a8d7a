/**
 * The shapes a secret takes on the wire. The client sends a password inside a JSON string (where
 * `"` and `\` are escaped), in a form or URL-encoded body, in a query string, in a Basic
 * `Authorization` header (base64 of `user:password`); a server that echoes a request back in an
 * error may hand any of these forms — or the whole body base64-encoded — back to us. Scrubbing
 * only the raw value would let every one of them through.
 */

/**
 * Base64 fragments shorter than this would match unrelated base64 text (any 4 or 6 characters of
 * a certificate or token); a secret short enough to give only such fragments is still scrubbed in
 * every other form.
 */
export const MIN_BASE64_FRAGMENT = 8;

/**
 * Every form of `value` worth scrubbing: itself; URL- and form-encoded; JSON-string-escaped as
 * JavaScript writes it, with non-ASCII as `\u` escapes or `/` escaped (as .NET and PHP servers
 * echo it), and twice (an echoed body inside a JSON error); and the base64 (and base64url) text
 * each of these becomes inside any longer base64 payload. No duplicates; order is unspecified.
 */
export function secretForms(value: string): string[] {
  const json = JSON.stringify(value).slice(1, -1);
  const asciiJson = (hex: (code: string) => string): string => json.replace(/[\u007f-\uffff]/g, (c) => `\\u${hex(c.charCodeAt(0).toString(16).padStart(4, '0'))}`);
  const texts = new Set([
    value,
    encodeURIComponent(value),
    new URLSearchParams([['', value]]).toString().slice(1),
    json,
    // An echoed JSON body inside a JSON error message is escaped twice.
    JSON.stringify(json).slice(1, -1),
    json.replace(/\//g, '\\/'),
    asciiJson((h) => h),
    asciiJson((h) => h.toUpperCase()),
  ]);
  // A base64-echoed body carries the form that was in the body (JSON-escaped, form-encoded…).
  return [...new Set([...texts, ...[...texts].flatMap(base64Fragments)])];
}

/**
 * The base64 text that encodes `value` wherever it sits in a longer payload. Base64 turns each
 * 3 bytes into 4 characters, so the encoding of a value depends on its offset modulo 3; for each
 * offset, the characters that come only from the value's own bytes are the same whatever
 * surrounds it (the groups shared with neighbouring bytes are left out).
 */
export function base64Fragments(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const out: string[] = [];
  for (const offset of [0, 1, 2]) {
    const padded = Buffer.concat([Buffer.alloc(offset), bytes]);
    const start = offset === 0 ? 0 : 4;
    const end = Math.floor(padded.length / 3) * 4;
    const fragment = padded.toString('base64').slice(start, end);
    if (fragment.length >= MIN_BASE64_FRAGMENT) out.push(fragment, fragment.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return out;
}
