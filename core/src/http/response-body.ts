/**
 * Reading response bodies. The client asks got for text and parses JSON itself, so a body cut
 * short by a proxy, or an HTML error page served as `application/json`, becomes a clear
 * ProtocolError instead of a vague parse failure deep inside a plugin.
 */

/** True for `application/json`, `text/json` and `application/*+json` (with any parameters). */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';', 1)[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || type === 'text/json' || type.endsWith('+json');
}

/** The outcome of reading a body: the value, or the fact that it claimed JSON and was not. */
export type ReadBody = { readonly ok: true; readonly value: unknown } | { readonly ok: false };

/**
 * Parses `text` as the request asked: `json` always, `auto` when the content type says JSON,
 * `text` never. An empty body reads as undefined (204, or a 200 with nothing).
 */
export function readBody(text: string, contentType: string | undefined, mode: 'auto' | 'json' | 'text'): ReadBody {
  if (mode === 'text') return { ok: true, value: text };
  if (mode === 'auto' && !isJsonContentType(contentType)) return { ok: true, value: text === '' ? undefined : text };
  // A regex test, not trim(): trimming would copy a multi-megabyte page just to check it.
  if (!/\S/.test(text)) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}
