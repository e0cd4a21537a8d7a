/**
 * The server's error catalogue and how every failure becomes an HTTP answer: a JSON problem
 * with the stable `code`, what was wrong and, where a person can act, how to fix it. Never a
 * stack trace, never a cause's text, and every string through the hub's redactor so no
 * configured secret leaves in an error.
 */
import { ErrorCodes, IntegrationError, RmmError, isRmmError, type RmmErrorOptions, type SecretRedactor } from '@rmm-hub/core';

/** Codes only the HTTP API raises; the rest come from core's catalogue. */
export const ServerErrorCodes = {
  /** A state-changing request from a browser session without its CSRF token. */
  csrf: 'RMM_ERR_HTTP_CSRF',
  /** An apply names a step the plan, made again now, no longer holds: the person must preview again. */
  planChanged: 'RMM_ERR_HTTP_PLAN_CHANGED',
  /** A failure the server did not expect; the details are in its log, not in the answer. */
  internal: 'RMM_ERR_HTTP_INTERNAL',
} as const;

/** A request the server refuses for a reason of its own (CSRF, an unexpected failure). */
export class ServerError extends RmmError {
  constructor(code: (typeof ServerErrorCodes)[keyof typeof ServerErrorCodes], message: string, options: RmmErrorOptions = {}) {
    super(code, message, options);
  }
}

/** The body of every error answer. */
export interface Problem {
  code: string;
  message: string;
  hint?: string;
  /** Where in the request the mistake is, for a request that does not match its schema. */
  issues?: { path: string; message: string }[];
}

const STATUS: Record<string, number> = {
  [ErrorCodes.usage]: 400,
  [ErrorCodes.config]: 400,
  [ErrorCodes.auth]: 401,
  [ErrorCodes.permission]: 403,
  [ServerErrorCodes.csrf]: 403,
  [ErrorCodes.notFound]: 404,
  [ErrorCodes.rateLimited]: 429,
  [ErrorCodes.unsupported]: 501,
  [ErrorCodes.transient]: 502,
  [ErrorCodes.protocol]: 502,
  [ErrorCodes.pluginCrash]: 502,
  [ErrorCodes.timeout]: 504,
  [ErrorCodes.storeBusy]: 503,
  [ErrorCodes.syncInProgress]: 409,
  [ServerErrorCodes.internal]: 500,
};

/**
 * The status and body for `error`. A catalogued error keeps its code, message and hint (the
 * engines' refusals — already revoked, not linked — are conflicts with the state: 409), except
 * that what an RMM answered is the RMM's failure, not the caller's: 502, its code kept (an RMM
 * refusing our credentials must not read as the caller's token refused). Anything else is an
 * internal error whose text stays in the log.
 */
export function problemOf(error: unknown, redactor: SecretRedactor): { status: number; problem: Problem } {
  if (!isRmmError(error)) {
    return { status: 500, problem: { code: ServerErrorCodes.internal, message: 'The server failed to answer this request.', hint: 'The server log has the details; try again, and report it if it persists.' } };
  }
  const issues = (error.context as { issues?: Problem['issues'] }).issues;
  const problem: Problem = {
    code: error.code,
    message: redactor.redact(error.message),
    ...(error.hint === undefined ? {} : { hint: redactor.redact(error.hint) }),
    ...(issues === undefined ? {} : { issues: redactor.redactDeep(issues) }),
  };
  const fromRmm = error instanceof IntegrationError && error.code !== ErrorCodes.unsupported;
  return { status: fromRmm ? 502 : (STATUS[error.code] ?? 409), problem };
}
