/**
 * Text for whatever a plugin threw. JavaScript lets code throw anything: an Error, an Error from
 * another realm or another copy of a library (where `instanceof Error` is false), a string, or
 * an object without `toString` (a null-prototype record), on which `String()` itself throws
 * "Cannot convert object to primitive value". These never throw, so the code reporting a
 * plugin's mistake cannot crash on it.
 */

/** Anything with a string `message` reads as an error, whatever its prototype. */
function errorLike(value: unknown): value is { name?: unknown; message: string } {
  return typeof value === 'object' && value !== null && typeof (value as { message?: unknown }).message === 'string';
}

/** `String(value)`, or its JSON, or its tag (`[object Object]`) when neither works. */
function asText(value: unknown): string {
  try {
    return String(value);
  } catch {
    try {
      return JSON.stringify(value) ?? Object.prototype.toString.call(value);
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
}

/** The message of a thrown value: an error's `message`, anything else as text. */
export function thrownMessage(value: unknown): string {
  try {
    return errorLike(value) ? value.message : asText(value);
  } catch {
    return asText(value);
  }
}

/**
 * `Name: message` for an error (`TypeError: x is undefined`); for anything else what it is and
 * its text (`an object {"status":401}`, `the string "failed"`), so "the plugin threw …" reads.
 */
export function describeThrown(value: unknown): string {
  try {
    if (errorLike(value)) return `${typeof value.name === 'string' && value.name !== '' ? value.name : 'Error'}: ${value.message}`;
    if (value === null || value === undefined) return String(value);
    if (typeof value === 'object') return `an object ${asText(value)}`;
    if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
    return `the ${typeof value} ${asText(value)}`;
  } catch {
    return asText(value);
  }
}
