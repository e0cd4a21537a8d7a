/**
 * The error catalogue's base. Every error rmm-hub raises on purpose is an `RmmError` with a
 * stable `code` (`RMM_ERR_<AREA>_<WHAT>`) that callers and tests branch on, an optional
 * `hint` telling a person what to do about it, and structured `context` for logs.
 *
 * Messages are for people and may change; codes are the contract.
 */

/** Brand used by {@link isRmmError}; survives duplicate copies of this module. */
const RMM_ERROR_BRAND = Symbol.for('rmm-hub.error');

/** Options of every catalogued error: its cause, a hint for a person, and structured context. */
export interface RmmErrorOptions {
  /** The underlying failure, kept for logs and debugging. */
  cause?: unknown;
  /** What a person should do about it, in one sentence. */
  hint?: string | undefined;
  /** Structured, secret-free facts about the failure (ids, URL templates, paths). */
  context?: Record<string, unknown>;
}

/** The base of every deliberate rmm-hub error: a stable `code` to branch on, a `hint`, structured `context` and a `cause`. */
export class RmmError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(code: string, message: string, options: RmmErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
    this.context = Object.freeze({ ...(options.context ?? {}) });
    Object.defineProperty(this, RMM_ERROR_BRAND, { value: true });
  }

  /** A plain, serialisable view (for `--json` output, events and the audit log). */
  toJSON(): { code: string; message: string; hint?: string; context: Record<string, unknown> } {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      context: { ...this.context },
    };
  }
}

/** True for any rmm-hub catalogue error, even one created by another copy of core. */
export function isRmmError(value: unknown): value is RmmError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[RMM_ERROR_BRAND] === true;
}
