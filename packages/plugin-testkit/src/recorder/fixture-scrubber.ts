/**
 * Scrubbing a recording before it touches the disk. Three nets, because a fixture file ends up
 * committed to a repository:
 * 1. the secrets the author names (and their URL-encoded, JSON-escaped and base64 forms);
 * 2. values under sensitive-looking names — JSON fields and query parameters such as `token`,
 *    `password`, `apiKey`, `refresh_token` — whatever their value;
 * 3. anything shaped like a bearer credential or a JWT.
 */
import { canaryForms } from '../canary.js';

/** What a scrubbed value is replaced with. */
export const SCRUBBED = '[REDACTED]';

const SENSITIVE_NAME = /token|secret|passw|pwd|api[-_]?key|^key$|^auth|authori[sz]ation|signature|^sig$|session|cookie|credential|otp|passcode/i;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{4,}/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

/** True for a parameter or field name whose value is treated as secret. */
export function isSensitiveName(name: string): boolean {
  return SENSITIVE_NAME.test(name);
}

/** Scrubs recordings with a fixed set of secrets. */
export class FixtureScrubber {
  readonly #forms: string[];

  constructor(secrets: readonly string[] = []) {
    // Longest first, so a secret that contains another is replaced whole.
    this.#forms = [...new Set(secrets.filter((s) => s.length >= 4).flatMap((s) => canaryForms(s).map((f) => f.text)))].sort((a, b) => b.length - a.length);
  }

  /** Scrubs free text: named secrets, bearer credentials, JWTs. */
  text(value: string): string {
    let out = value;
    for (const form of this.#forms) out = out.split(form).join(SCRUBBED);
    return out.replace(BEARER, `$1 ${SCRUBBED}`).replace(JWT, SCRUBBED);
  }

  /** Scrubs query parameters: sensitive names lose their value, the rest is scrubbed as text. */
  query(pairs: readonly (readonly [string, string])[]): [string, string][] {
    return pairs.map(([name, value]) => [name, isSensitiveName(name) ? SCRUBBED : this.text(value)]);
  }

  /** Scrubs a body: JSON is walked (sensitive fields blanked), anything else scrubbed as text. */
  body(text: string): string {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return this.text(text);
    }
    return this.text(JSON.stringify(this.#json(parsed)));
  }

  #json(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.#json(item));
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, isSensitiveName(key) && (typeof item === 'string' || typeof item === 'number') ? SCRUBBED : this.#json(item)]),
    );
  }
}
