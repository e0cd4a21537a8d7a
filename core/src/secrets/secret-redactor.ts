/**
 * Scrubs registered secret values out of text and structured data before it leaves the process
 * (logs, events, errors, CLI output, the audit log). Each integration owns one redactor holding
 * its resolved secrets plus every token the HTTP toolkit obtains at run time; the host's
 * redactor sees all of them. A secret is scrubbed in every form the client can send it in
 * (see {@link secretForms}), since servers echo requests back in their errors.
 */
import { secretForms } from './secret-forms.js';


/** What a redacted value is replaced with. */
export const REDACTED = '[REDACTED]';

/** Shorter values would scrub ordinary words; such secrets are refused at config time instead. */
export const MIN_SECRET_LENGTH = 4;

/**
 * Tokens a server hands out are scrubbed only from this length on. A server that returns a short
 * placeholder (`"string"` from a mock built from an OpenAPI example) would otherwise turn every
 * occurrence of an ordinary word into [REDACTED]; real access tokens are far longer.
 */
export const MIN_RECEIVED_TOKEN_LENGTH = 16;

/** Scrubs registered secrets, in every form a client sends them, from logs, events, errors and output. */
export class SecretRedactor {
  readonly #secrets = new Set<string>();
  readonly #parents: SecretRedactor[] = [];
  #pattern: RegExp | undefined;

  /** A redactor whose secrets also flow up to `parent` (an integration's, feeding the host's). */
  child(): SecretRedactor {
    const child = new SecretRedactor();
    child.#parents.push(this);
    return child;
  }

  /**
   * Registers a configured secret, in every form the client can send it in. Values shorter than
   * `MIN_SECRET_LENGTH` (refused at config time) and empty values are ignored.
   */
  add(value: string | undefined | null): void {
    if (!value || value.length < MIN_SECRET_LENGTH) return;
    for (const form of secretForms(value)) this.#secrets.add(form);
    this.#pattern = undefined;
    for (const parent of this.#parents) parent.add(value);
  }

  /**
   * Registers a token received from a server (access or refresh token). Unlike a configured
   * secret, a token shorter than `MIN_RECEIVED_TOKEN_LENGTH` is not distinctive enough to
   * scrub and is ignored.
   */
  addReceived(token: string | undefined | null): void {
    if (!token || token.length < MIN_RECEIVED_TOKEN_LENGTH) return;
    this.add(token);
  }

  get size(): number {
    return this.#secrets.size;
  }

  /** True when `text` contains any registered secret. */
  leaks(text: string): boolean {
    return this.#regex()?.test(text) ?? false;
  }

  /** `text` with every registered secret replaced by {@link REDACTED}. */
  redact(text: string): string {
    const pattern = this.#regex();
    return pattern ? text.replace(pattern, REDACTED) : text;
  }

  /** A deep copy of `value` with every secret-bearing string scrubbed. Handles cycles and errors. */
  redactDeep<T>(value: T): T {
    return this.#deep(value, new WeakMap()) as T;
  }

  #deep(value: unknown, seen: WeakMap<object, unknown>): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (typeof value !== 'object' || value === null) return value;
    if (seen.has(value)) return seen.get(value);
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      seen.set(value, out);
      for (const item of value) out.push(this.#deep(item, seen));
      return out;
    }
    if (value instanceof Date) return value;
    const out: Record<string, unknown> = {};
    seen.set(value, out);
    if (value instanceof Error) {
      out['name'] = value.name;
      out['message'] = this.redact(value.message);
    }
    for (const [key, item] of Object.entries(value)) out[key] = this.#deep(item, seen);
    return out;
  }

  #regex(): RegExp | undefined {
    const all = new Set(this.#secrets);
    if (all.size === 0) return undefined;
    if (!this.#pattern) {
      // Longest first, so a secret that contains another is scrubbed whole.
      const alternatives = [...all].sort((a, b) => b.length - a.length).map(escapeRegExp);
      this.#pattern = new RegExp(alternatives.join('|'), 'g');
    }
    this.#pattern.lastIndex = 0;
    return this.#pattern;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
