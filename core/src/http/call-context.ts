/**
 * The capability call a request belongs to. The host wraps each capability call in
 * {@link runInCallContext}; the HTTP client reads it through AsyncLocalStorage, so plugins never
 * thread a priority flag through their code and still get interactive requests served first.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** What the host knows about the capability call in progress. */
export interface CallContext {
  /** The capability being called, e.g. `RunScript`. */
  readonly capability: string;
  /** True for calls a person is waiting on (RunScript, HealthCheck); they jump the queue. */
  readonly interactive: boolean;
  /** The integration the call goes to, when the host knows it (for logs). */
  readonly integrationId?: string;
}

const storage = new AsyncLocalStorage<CallContext>();

/**
 * Runs `fn` with `context` as the current call context; everything it awaits inherits it.
 * @example
 * await runInCallContext({ capability: 'RunScript', interactive: true }, () => runScript.runScript(req));
 */
export function runInCallContext<T>(context: CallContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The call context of the current async flow, or undefined outside any capability call. */
export function currentCallContext(): CallContext | undefined {
  return storage.getStore();
}
