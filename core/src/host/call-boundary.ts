/**
 * The error boundary around every capability call: a timeout (the plugin's own work is
 * aborted through its signal, and the caller is released even if the plugin ignores it),
 * wrapping of whatever escapes into an IntegrationError that names the integration, plugin and
 * capability, and redaction of secrets from the message. Streams get the same per page, plus
 * validation of every record: a bad record is reported with its path and skipped.
 */
import type { z } from 'zod';

import { IntegrationError, InvalidRecordError, TimeoutError, type CallSite } from '../errors/catalogue.js';
import { isRmmError, RmmError } from '../errors/rmm-error.js';
import { thrownMessage } from '../errors/thrown-value.js';
import { runInCallContext } from '../http/call-context.js';
import type { SecretRedactor } from '../secrets/secret-redactor.js';

export interface BoundaryOptions {
  site: CallSite;
  timeoutMs: number;
  interactive: boolean;
  redactor: SecretRedactor;
  signal?: AbortSignal | undefined;
}

/** Runs one promise-returning call inside the boundary. */
export async function callInBoundary<T>(options: BoundaryOptions, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const outer = options.signal;
  const onOuterAbort = (): void => controller.abort(outer?.reason);
  if (outer?.aborted) controller.abort(outer.reason);
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new TimeoutError(`did not finish within ${options.timeoutMs} ms`, {
        timeoutMs: options.timeoutMs,
        hint: 'The RMM may be slow or unreachable; check its HealthCheck, or raise callTimeoutSeconds for this integration.',
      });
      controller.abort(error);
      reject(error);
    }, options.timeoutMs);
    timer.unref?.();
  });
  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
  });
  try {
    const context = { capability: options.site.capability, interactive: options.interactive, integrationId: options.site.integrationId };
    const call = runInCallContext(context, () => Promise.resolve().then(() => work(controller.signal)));
    return await Promise.race([call, timedOut, aborted]);
  } catch (error) {
    throw wrapError(options, error);
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}

/**
 * Wraps a plugin's stream: each `next()` is bounded by the timeout, each record is validated
 * against `schema`; invalid ones go to `onInvalid` and are skipped. Breaking out of the loop
 * closes the plugin's iterator, so its pagination stops too.
 *
 * A listing is hundreds of thousands of `next()` calls, so a step costs no more than it must:
 * one timer and one abort controller for the whole stream (the timer is re-armed at each step
 * and ignored between steps) instead of {@link callInBoundary}'s timer, controller and promise
 * race per call.
 */
export async function* streamInBoundary<S extends z.ZodType>(
  options: BoundaryOptions,
  schema: S,
  open: (signal: AbortSignal) => AsyncIterable<unknown>,
  onInvalid: (error: InvalidRecordError) => void,
): AsyncGenerator<z.infer<S>> {
  const controller = new AbortController();
  const outer = options.signal;
  const onOuterAbort = (): void => controller.abort(outer?.reason);
  if (outer?.aborted) controller.abort(outer.reason);
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  const context = { capability: options.site.capability, interactive: options.interactive, integrationId: options.site.integrationId };
  let iterator: AsyncIterator<unknown>;
  try {
    iterator = runInCallContext(context, () => open(controller.signal)[Symbol.asyncIterator]());
  } catch (error) {
    outer?.removeEventListener('abort', onOuterAbort);
    throw wrapError(options, error);
  }
  let index = 0;
  let finished = false;
  // True while the plugin is inside next(): a step that timed out may never settle.
  let stepPending = false;
  // Rejects the step in progress: set for the duration of each step.
  let failStep: ((reason: unknown) => void) | undefined;
  controller.signal.addEventListener('abort', () => failStep?.(controller.signal.reason), { once: true });
  // Fires timeoutMs after the start of the latest step (refresh() re-arms it, even once fired);
  // firing between steps means the consumer, not the plugin, took the time: nothing to bound.
  const timer = setTimeout(() => {
    if (!stepPending) return;
    controller.abort(
      new TimeoutError(`did not finish within ${options.timeoutMs} ms`, {
        timeoutMs: options.timeoutMs,
        hint: 'The RMM may be slow or unreachable; check its HealthCheck, or raise callTimeoutSeconds for this integration.',
      }),
    );
  }, options.timeoutMs);
  timer.unref?.();
  const runStep = (resolve: (step: IteratorResult<unknown>) => void, reject: (reason: unknown) => void): void => {
    if (controller.signal.aborted) return reject(controller.signal.reason);
    failStep = reject;
    // A plugin that throws synchronously rejects the step (the executor catches it).
    runInCallContext(context, () => iterator.next()).then(resolve, reject);
  };
  try {
    for (;;) {
      stepPending = true;
      timer.refresh();
      let step: IteratorResult<unknown>;
      try {
        step = await new Promise(runStep);
      } catch (error) {
        throw wrapError(options, error);
      }
      stepPending = false;
      failStep = undefined;
      if (step.done) {
        finished = true;
        return;
      }
      const parsed = schema.safeParse(step.value);
      if (parsed.success) yield parsed.data;
      else {
        const issue = parsed.error.issues[0];
        const path = issue ? issue.path.map(String).join('.') : '';
        onInvalid(
          new InvalidRecordError(options.redactor.redact(`record #${index} from ${options.site.capability} is invalid at "${path || '<root>'}": ${issue?.message ?? 'invalid'}`), {
            context: { ...options.site, index, path, issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) },
            hint: 'The record was skipped. If this repeats, the plugin or the RMM data needs fixing.',
          }),
        );
      }
      index++;
    }
  } finally {
    clearTimeout(timer);
    failStep = undefined;
    outer?.removeEventListener('abort', onOuterAbort);
    if (!finished) {
      controller.abort();
      const closing = Promise.resolve()
        .then(() => iterator.return?.())
        .catch(() => undefined);
      // A generator's return() waits for its current step; when that step is the one that timed
      // out (a plugin ignoring its signal), waiting would hang the caller the timeout released.
      if (!stepPending) await closing;
    }
  }
}

function wrapError(options: BoundaryOptions, error: unknown): IntegrationError {
  const wrapped = IntegrationError.wrap(options.site, error);
  const redactor = options.redactor;
  const leaks = [wrapped.message, wrapped.hint ?? '', JSON.stringify(wrapped.context), error instanceof Error ? String(error.stack) : ''].some((text) =>
    redactor.leaks(text),
  );
  return leaks ? IntegrationError.wrap(options.site, scrubbed(error, redactor)) : wrapped;
}

/** A copy of an error with every secret removed; the original (and its stack) is dropped. */
function scrubbed(error: unknown, redactor: SecretRedactor): Error {
  if (isRmmError(error)) {
    return new RmmError(error.code, redactor.redact(error.message), {
      hint: error.hint === undefined ? undefined : redactor.redact(error.hint),
      context: redactor.redactDeep({ ...error.context }),
    });
  }
  return new Error(redactor.redact(thrownMessage(error)));
}
