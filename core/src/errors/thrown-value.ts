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

/** `Name: message` for an error (e.g. `TypeError: x is undefined`), the text of anything else. */
export function describeThrown(value: unknown): string {
  try {
    if (!errorLike(value)) return `${typeof value === 'object' && value !== null ? 'a thrown object' : `a thrown ${typeof value}`} ${asText(value)}`;
    const name = typeof value.name === 'string' && value.name !== '' ? value.name : 'Error';
    return `${name}: ${value.message}`;
  } catch {
    return asText(value);
  }
}
