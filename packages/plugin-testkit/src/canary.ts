/**
 * Canary secrets: values a test registers as secret, then looks for in everything the plugin
 * and the host let out (errors with their whole cause chain, events, log lines, results).
 *
 * The host's own redactor scrubs a secret's literal and URL-encoded forms from messages, but a
 * plugin can leak one in shapes a literal match misses: inside a `Basic` header (base64), as
 * JSON-escaped text, hex, or in an error's nested `cause` that the host never looks into. The
 * scan therefore checks each of those forms, and walks non-enumerable error fields too.
 */

/** A value that must never come out, with a name to report it by. */
export interface Canary {
  /** Where the value came from, e.g. `config.apiKey`; never the value itself. */
  readonly label: string;
  readonly value: string;
}

/** One place a canary was found. */
export interface Leak {
  readonly canary: string;
  /** How it was encoded: `literal`, `url-encoded`, `json-escaped`, `base64`, `base64url` or `hex`. */
  readonly form: string;
  /** Where in the inspected value, e.g. `cause.cause.message`. */
  readonly path: string;
}

/** Shortest fragment worth searching for: shorter base64 cores would match ordinary text. */
const MIN_FORM_LENGTH = 6;

/** The encoded forms a canary is searched in. */
export function canaryForms(value: string): { form: string; text: string }[] {
  const forms = new Map<string, string>();
  const add = (form: string, text: string): void => {
    if (text.length >= MIN_FORM_LENGTH && !forms.has(text)) forms.set(text, form);
  };
  add('literal', value);
  add('url-encoded', encodeURIComponent(value));
  add('json-escaped', JSON.stringify(value).slice(1, -1));
  add('hex', Buffer.from(value, 'utf8').toString('hex'));
  // Base64 of a text that contains the secret at any offset: for each of the three alignments,
  // the characters computed from the secret's bytes alone are the same whatever surrounds it.
  // For secrets of 8 bytes or more every alignment leaves at least 8 such characters.
  const length = Buffer.byteLength(value, 'utf8');
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift, 0x78), Buffer.from(value, 'utf8')]).toString('base64');
    const core = encoded.slice(4 * Math.ceil(shift / 3), 4 * Math.floor((shift + length) / 3));
    add('base64', core);
    add('base64url', core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...forms].map(([text, form]) => ({ form, text }));
}

/**
 * Every place in `value` where a canary appears. Strings, arrays, plain objects, Maps, Errors
 * (message, stack, hint, code, context, `cause` chains, AggregateError members) and their own
 * non-enumerable fields are visited; cycles are cut.
 */
export function findLeaks(value: unknown, canaries: readonly Canary[], root = '$'): Leak[] {
  const searches = canaries.flatMap((canary) => canaryForms(canary.value).map((form) => ({ canary: canary.label, ...form })));
  if (searches.length === 0) return [];
  const leaks: Leak[] = [];
  for (const { path, text } of strings(value, root)) {
    for (const search of searches) {
      if (text.includes(search.text)) leaks.push({ canary: search.canary, form: search.form, path });
    }
  }
  return leaks;
}

/** Every string reachable from `value`, with its path. */
export function* strings(value: unknown, root = '$'): Generator<{ path: string; text: string }> {
  const seen = new WeakSet<object>();
  const stack: { path: string; value: unknown; depth: number }[] = [{ path: root, value, depth: 0 }];
  while (stack.length > 0) {
    const { path, value: node, depth } = stack.pop()!;
    if (typeof node === 'string') {
      yield { path, text: node };
      continue;
    }
    if (typeof node === 'bigint' || typeof node === 'number') continue;
    if ((typeof node !== 'object' && typeof node !== 'function') || node === null) continue;
    if (seen.has(node) || depth > 12) continue;
    seen.add(node);
    if (Buffer.isBuffer(node)) {
      yield { path, text: node.toString('utf8') };
      continue;
    }
    if (node instanceof Map) {
      for (const [key, item] of node) stack.push({ path: `${path}.get(${String(key)})`, value: item, depth: depth + 1 });
      continue;
    }
    if (node instanceof Set) {
      let index = 0;
      for (const item of node) stack.push({ path: `${path}[${index++}]`, value: item, depth: depth + 1 });
      continue;
    }
    // Own keys include the non-enumerable ones an Error keeps its message, stack and cause in.
    const keys = new Set<string>(Object.getOwnPropertyNames(node));
    if (node instanceof Error) for (const key of ['message', 'stack', 'cause', 'errors']) keys.add(key);
    for (const key of keys) {
      let item: unknown;
      try {
        item = (node as Record<string, unknown>)[key];
      } catch {
        continue; // a getter that throws is not a leak
      }
      if (typeof item === 'function') continue;
      stack.push({ path: Array.isArray(node) ? `${path}[${key}]` : `${path}.${key}`, value: item, depth: depth + 1 });
    }
  }
}

/** A one-line description of leaks for a failure message; never includes the secret. */
export function describeLeaks(leaks: readonly Leak[], limit = 5): string {
  const shown = leaks.slice(0, limit).map((leak) => `${leak.canary} (${leak.form}) at ${leak.path}`);
  return leaks.length > limit ? `${shown.join('; ')}; and ${leaks.length - limit} more` : shown.join('; ');
}
