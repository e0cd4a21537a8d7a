/**
 * When and how long to wait before repeating a request. The client does its own retries (got's
 * are off) so that the schedule, Retry-After and the idempotency rule are ours and testable.
 *
 * Two shapes: an explicit schedule (N-central documents 2 s, 5 s, 10 s for 429) or exponential
 * backoff (`baseDelayMs · 2^attempt`, capped). Both get jitter that only ever *adds* time, so a
 * documented minimum is never undercut while a crowd of callers still spreads out.
 */
import { ConfigError } from '../errors/index.js';
import { onAbort } from './abort-fanout.js';

/** Sleeps `ms`, rejecting early when `signal` aborts. Injectable so tests never really wait. */
export type SleepFn = (ms: number, signal?: AbortSignal) => Promise<void>;

/** How the client retries. */
export interface RetryOptions {
  /** Retries after the first attempt. @default schedule.length, or 3 */
  limit?: number | undefined;
  /** Explicit delays, one per retry; the last repeats when `limit` is longer. e.g. `[2000, 5000, 10000]` */
  schedule?: readonly number[] | undefined;
  /** First exponential delay. @default 500 */
  baseDelayMs?: number | undefined;
  /** Cap on an exponential delay. @default 30_000 */
  maxDelayMs?: number | undefined;
  /** Up to this fraction is added at random to each delay. @default 0.2 */
  jitter?: number | undefined;
  /**
   * A Retry-After longer than this is not waited out: the call fails at once with a
   * RateLimitedError carrying the server's advice. @default 60_000
   */
  maxRetryAfterMs?: number | undefined;
  /** Replaces the real timer (tests, simulations). */
  sleep?: SleepFn | undefined;
  /** Replaces Math.random (deterministic tests). */
  random?: (() => number) | undefined;
}

/** Statuses worth repeating: throttled, or a gateway in front of a struggling server. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** True for a status that a retry may cure. */
export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/** Methods safe to repeat by their HTTP semantics; POST and PATCH need the caller's word. */
const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** Whether a request may be repeated: the caller's explicit say wins, else the method decides. */
export function isIdempotent(method: string, explicit: boolean | undefined): boolean {
  return explicit ?? IDEMPOTENT_METHODS.has(method);
}

/**
 * Parses a Retry-After header (delta-seconds or HTTP-date) into milliseconds from `now`.
 * Returns undefined when absent or unparseable; a date in the past yields 0.
 */
export function parseRetryAfter(header: string | readonly string[] | undefined, now: number): number | undefined {
  const value = (Array.isArray(header) ? header[0] : header) as string | undefined;
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** A resolved retry policy. */
export interface RetryPolicy {
  readonly limit: number;
  readonly maxRetryAfterMs: number;
  readonly sleep: SleepFn;
  /**
   * Delay before retry number `retry` (0-based). A server's Retry-After is honoured as a floor:
   * we never come back earlier than asked, and never earlier than our own schedule.
   */
  delayFor(retry: number, retryAfterMs?: number): number;
}

/** Validates options and builds the policy. @throws ConfigError on negative or non-finite values. */
export function createRetryPolicy(options: RetryOptions = {}, configPath = 'retry'): RetryPolicy {
  const schedule = options.schedule;
  if (schedule) {
    if (schedule.length === 0) throw new ConfigError(`${configPath}.schedule`, 'the schedule is empty', { hint: 'Give at least one delay in ms, e.g. [2000, 5000, 10000], or use limit: 0.' });
    schedule.forEach((ms, i) => checkMs(ms, `${configPath}.schedule[${i}]`));
  }
  const limit = options.limit ?? schedule?.length ?? 3;
  if (!Number.isInteger(limit) || limit < 0) throw new ConfigError(`${configPath}.limit`, 'must be a whole number ≥ 0');
  const baseDelayMs = checkMs(options.baseDelayMs ?? 500, `${configPath}.baseDelayMs`);
  const maxDelayMs = checkMs(options.maxDelayMs ?? 30_000, `${configPath}.maxDelayMs`);
  const maxRetryAfterMs = checkMs(options.maxRetryAfterMs ?? 60_000, `${configPath}.maxRetryAfterMs`);
  const jitter = options.jitter ?? 0.2;
  if (!(jitter >= 0 && jitter <= 1)) throw new ConfigError(`${configPath}.jitter`, 'must be between 0 and 1');
  const random = options.random ?? Math.random;

  return {
    limit,
    maxRetryAfterMs,
    sleep: options.sleep ?? sleep,
    delayFor(retry, retryAfterMs) {
      const planned = schedule
        ? (schedule[Math.min(retry, schedule.length - 1)] ?? 0)
        : Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(retry, 30));
      const withJitter = Math.round(planned * (1 + jitter * random()));
      return retryAfterMs === undefined ? withJitter : Math.max(retryAfterMs, withJitter);
    },
  };
}

function checkMs(value: number, path: string): number {
  if (!Number.isFinite(value) || value < 0) throw new ConfigError(path, 'must be a finite number of milliseconds ≥ 0');
  return value;
}

/** The real timer: resolves after `ms`, rejects with the signal's reason when aborted. */
export const sleep: SleepFn = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const unregister = signal
      ? onAbort(signal, () => {
          clearTimeout(timer);
          reject(signal.reason as Error);
        })
      : undefined;
    const timer = setTimeout(() => {
      unregister?.();
      resolve();
    }, ms);
  });
