/**
 * N-central failures that need more than the toolkit's generic mapping: the expired API-user
 * password (a 500 "Unable to validate UI session" on every call, reference §2.1), and the
 * retry decision for list pages (a bare 500, a truncated body or an error inside a 200 may pass
 * on the next attempt; the toolkit, rightly, does not repeat those on its own).
 */
import { AuthError, ErrorCodes, isRmmError, type RmmError } from '@rmm-hub/core/plugin';

/** The text N-central answers on every call once the API user's password has expired. */
export const UI_SESSION_PATTERN = /Unable to validate UI session/i;

/** What to do about an expired API-user password. */
export const EXPIRED_PASSWORD_HINT =
  "The N-central API user's password has expired (they expire every 90 days by default): reset the API user's password in N-central, then generate a new JWT for that user and update the integration's jwt.";

/** True when an error carries the expired-password symptom. */
export function isExpiredPassword(error: unknown): boolean {
  return error instanceof Error && UI_SESSION_PATTERN.test(error.message);
}

/**
 * Rewrites the expired-password symptom (a TransientError 500 from the toolkit, or the token
 * manager's "credentials rejected") into an AuthError with the fix as its hint; other errors
 * pass through unchanged.
 */
export function translateError(error: unknown): unknown {
  if (!isExpiredPassword(error)) return error;
  const context = isRmmError(error) ? error.context : {};
  return new AuthError('N-central refused the API session: Unable to validate UI session (the API user\'s password has expired)', {
    hint: EXPIRED_PASSWORD_HINT,
    context: { ...context, reason: 'expired-password' },
    cause: error,
  });
}

/**
 * Whether a failed GET is worth another round of attempts: a 500 (not the password symptom),
 * a 2xx whose body was cut short or reported an error, or throttling that outlasted the
 * toolkit's retries (a long 429 burst during a background sync is worth waiting out).
 */
export function isRetryablePageFailure(error: unknown): boolean {
  if (!isRmmError(error) || isExpiredPassword(error)) return false;
  if (error.code === ErrorCodes.rateLimited) return true;
  const status = (error as RmmError).context['status'];
  if (error.code === ErrorCodes.transient) return status === 500;
  if (error.code === ErrorCodes.protocol) return typeof status === 'number' && status >= 200 && status < 300;
  return false;
}
