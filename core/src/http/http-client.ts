/**
 * The HTTP client a plugin gets once per integration: got underneath (keep-alive agents, no got
 * retries, no redirects, text bodies), and on top of it everything an RMM API needs — the base
 * URL, per-kind timeouts, our retry rules, per-endpoint concurrency with interactive priority,
 * tokens that survive rotation under full concurrency, typed errors and secret scrubbing.
 *
 * A request goes: token (renewed if due) → endpoint slot → the token re-read as it leaves → one
 * HTTP exchange → slot released → classify. The slot is held only for the exchange itself, never
 * while waiting for a token or sleeping before a retry, so backing off never starves the
 * endpoint's other callers.
 */
import http from 'node:http';
import https from 'node:https';

import got, { type Got, type Response } from 'got';

import { CancelledError, TimeoutError, isRmmError, type RmmError } from '../errors/index.js';
import { silentLogger, type Logger } from '../logging/logger.js';
import { SecretRedactor } from '../secrets/secret-redactor.js';
import { onAbort } from './abort-fanout.js';
import { appendQuery, expandTemplate, joinUrl } from './base-url.js';
import { currentCallContext } from './call-context.js';
import { checkOptionKeys, resolveBaseUrl, resolveCa, resolveIdleSocketMs, resolveMaxResponseBytes, resolveTimeouts, type HttpClientOptions } from './client-options.js';
import { EndpointLimiter, endpointKey, type GateStats, type Priority } from './endpoint-limiter.js';
import { bodyError, errorForNetwork, errorForStatus, invalidJsonError, responseTooLargeError, scrubberFor, sensitiveValues, type NetworkFailure, type RequestLabel, type Scrubber } from './error-mapping.js';
import type { HttpEvent, HttpRequestOptions, HttpRequester, HttpResponse, RequestKind } from './http-types.js';
import { readBody } from './response-body.js';
import { createRetryPolicy, isIdempotent, isRetryableStatus, parseRetryAfter, type RetryPolicy } from './retry-policy.js';
import type { CurrentToken, TokenManager } from './token-manager.js';

/** One integration's HTTP client. */
export interface HttpClient extends HttpRequester {
  /** The client's name, as given. */
  readonly name: string;
  /** The normalised base URL. */
  readonly baseUrl: string;
  /** In-flight and waiting counts per endpoint seen so far. */
  concurrency(): GateStats[];
  /** Closes the keep-alive connections. Call from the plugin's `onDispose`. */
  close(): void;
}

/**
 * Creates the client. Validates the options eagerly, so a bad base URL or CA fails at start-up
 * with a ConfigError rather than on the first sync.
 * @example
 * const http = createHttpClient({ name: 'ncentral', baseUrl: config.serverUrl, redactor: ctx.redactor, logger: ctx.logger, tokens });
 * ctx.onDispose(() => http.close());
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  return new DefaultHttpClient(options);
}

const BODYLESS_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD']);
/** 401s one request goes through before the last is final, whatever their cause (a safety bound). */
const MAX_TOKEN_REFUSALS = 10;

/** Delays before trying again a server nothing answers at: a restart is covered, an outage is reported within seconds. */
export const UNREACHABLE_RETRY_DELAYS_MS: readonly number[] = [200, 600];

/** `host:port` of a URL (no path or query: those may carry ids or secrets). */
function hostOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || (parsed.protocol === 'https:' ? '443' : '80')}`;
  } catch {
    return undefined;
  }
}

class DefaultHttpClient implements HttpClient {
  readonly name: string;
  readonly baseUrl: string;
  readonly #options: HttpClientOptions;
  readonly #redactor: SecretRedactor;
  readonly #logger: Logger;
  readonly #timeouts: Record<RequestKind, number>;
  readonly #maxResponseBytes: number;
  readonly #retry: RetryPolicy;
  readonly #limiter: EndpointLimiter;
  readonly #tokens: TokenManager | undefined;
  readonly #authHeader: (token: string) => Record<string, string>;
  readonly #now: () => number;
  readonly #agents: { http: http.Agent; https: https.Agent };
  readonly #got: Got;
  /** Values of sensitive static headers (API keys), scrubbed from this client's errors. */
  readonly #staticSensitive: readonly string[];

  constructor(options: HttpClientOptions) {
    const path = options.name || 'http';
    checkOptionKeys(options, path);
    this.#options = options;
    this.name = options.name;
    this.baseUrl = resolveBaseUrl(options);
    this.#timeouts = resolveTimeouts(options.timeouts, path);
    this.#maxResponseBytes = resolveMaxResponseBytes(options.maxResponseBytes, path);
    this.#retry = createRetryPolicy(options.retry, `${path}.retry`);
    this.#limiter = new EndpointLimiter(options.concurrency, `${path}.concurrency`);
    this.#redactor = options.redactor ?? new SecretRedactor();
    for (const value of options.secrets ?? []) this.#redactor.add(value);
    this.#logger = (options.logger ?? silentLogger).child({ http: options.name });
    this.#tokens = options.tokens;
    this.#authHeader = options.authHeader ?? ((token) => ({ authorization: `Bearer ${token}` }));
    this.#now = options.now ?? Date.now;
    this.#staticSensitive = sensitiveValues(undefined, options.headers);
    const ca = resolveCa(options.ca, path);
    // Keep-alive matters: a TLS handshake per request would dominate the cost of small calls.
    // `rejectUnauthorized: true` is explicit so NODE_TLS_REJECT_UNAUTHORIZED=0 cannot weaken it.
    // The agent's `timeout` closes a connection once it has sat idle that long in the pool (Node
    // ignores the server's Keep-Alive hint); a request in flight is bounded by its own timer below.
    const idle = { keepAlive: true, scheduling: 'lifo', timeout: resolveIdleSocketMs(options.idleSocketMs, path) } as const;
    this.#agents = {
      http: new http.Agent(idle),
      https: new https.Agent({ ...idle, rejectUnauthorized: true, ...(ca ? { ca } : {}) }),
    };
    this.#got = got.extend({
      agent: this.#agents,
      https: { rejectUnauthorized: true },
      retry: { limit: 0 },
      throwHttpErrors: false,
      followRedirect: false,
      responseType: 'text',
      headers: { 'user-agent': `rmm-hub (${options.name})`, accept: 'application/json', ...options.headers },
    });
    // The token manager authenticates through this client, with auth off so it never waits on itself.
    this.#tokens?.bind({
      request: <T>(request: HttpRequestOptions) => this.request<T>({ kind: 'auth', ...request, auth: false }),
    });
  }

  concurrency(): GateStats[] {
    return this.#limiter.stats();
  }

  close(): void {
    this.#agents.http.destroy();
    this.#agents.https.destroy();
  }

  async request<T = unknown>(request: HttpRequestOptions): Promise<HttpResponse<T>> {
    const method = request.method.toUpperCase();
    const label: RequestLabel = { client: this.name, method, urlTemplate: request.path };
    try {
      return await this.#send<T>(request, label);
    } catch (error) {
      throw this.#fail(label, this.#asCatalogued(error, label, request.signal));
    }
  }

  async #send<T>(request: HttpRequestOptions, label: RequestLabel): Promise<HttpResponse<T>> {
    const { method, urlTemplate } = label;
    const { signal } = request;
    const key = endpointKey(method, urlTemplate);
    const url = appendQuery(joinUrl(this.baseUrl, expandTemplate(urlTemplate, request.params)), request.query);
    const timeoutMs = request.timeoutMs ?? this.#timeouts[request.kind ?? 'list'];
    const maxResponseBytes = request.maxResponseBytes ?? this.#maxResponseBytes;
    const idempotent = isIdempotent(method, request.idempotent);
    const priority: Priority = request.priority ?? (currentCallContext()?.interactive ? 'interactive' : 'background');
    const tokens = request.auth === false ? undefined : this.#tokens;
    let body = request.body;
    let headers: Record<string, string> | undefined = request.headers ? { ...request.headers } : undefined;
    if (request.json !== undefined) {
      body = JSON.stringify(request.json);
      headers = { 'content-type': 'application/json', ...headers };
    }
    if (body !== undefined && BODYLESS_METHODS.has(method)) throw new TypeError(`${method} ${urlTemplate}: a ${method} request cannot carry a body`);
    // Built only when something fails: the happy path never pays for scrubbing.
    let extra: string[] | undefined;
    const clean: Scrubber = (text) => {
      extra ??= [...this.#staticSensitive, ...sensitiveValues(request.query, request.headers)];
      return scrubberFor(this.#redactor, extra)(text);
    };

    let retries = 0;
    // Nothing was sent when nothing answers, so even a POST may be tried again.
    let unreachableRetries = 0;
    let tokenRefusals = 0;
    let renewed = false;
    for (let attempt = 1; ; attempt++) {
      const sent = await this.#slotAndToken(key, priority, tokens, signal);
      const outgoing = sent === undefined ? headers : { ...headers, ...this.#authHeader(sent.accessToken) };
      // No `signal` for got: cancellation goes through cancel() below, so a shared signal keeps
      // one listener instead of one per in-flight request.
      const gotOptions = { method: method as 'GET', ...(outgoing ? { headers: outgoing } : {}), ...(body === undefined ? {} : { body }) };

      const started = performance.now();
      let outcome: { response: Response<string> } | { failure: NetworkFailure };
      // One plain timer per request instead of got's `timeout` option: got's version hooks a
      // set of socket and request events per call, which showed up as ~10 % of the client's CPU.
      let timedOut = false;
      const pending = this.#got(url, gotOptions);
      const timer = setTimeout(() => {
        timedOut = true;
        pending.cancel();
      }, timeoutMs);
      const unregister = signal ? onAbort(signal, () => pending.cancel()) : undefined;
      // got buffers the whole body; cutting it off as it arrives keeps memory bounded by the limit.
      // `total` is the announced Content-Length, so an oversized body is refused at its first chunk.
      let tooLarge: { receivedBytes: number; declaredBytes: number | undefined } | undefined;
      pending.on('downloadProgress', ({ transferred, total }: { transferred: number; total?: number | undefined }) => {
        if (tooLarge === undefined && (transferred > maxResponseBytes || (total ?? 0) > maxResponseBytes)) {
          tooLarge = { receivedBytes: transferred, declaredBytes: total };
          pending.cancel();
        }
      });
      try {
        outcome = { response: await pending };
      } catch (error) {
        if (tooLarge) {
          outcome = { failure: { retryable: false, error: responseTooLargeError(label, { limitBytes: maxResponseBytes, ...tooLarge }) } };
        } else {
          const cause = timedOut ? { name: 'TimeoutError', code: 'ETIMEDOUT', message: `no response within ${timeoutMs} ms` } : error;
          outcome = { failure: errorForNetwork(label, cause, { attempts: attempt, timeoutMs, aborted: signal?.aborted ?? false, host: hostOf(url) }, clean) };
        }
      } finally {
        clearTimeout(timer);
        unregister?.();
        this.#limiter.release(key);
      }

      if ('failure' in outcome) {
        const { failure } = outcome;
        if (failure.unreachable) {
          if (failure.retryable && unreachableRetries < Math.min(this.#retry.limit, UNREACHABLE_RETRY_DELAYS_MS.length)) {
            const delayMs = UNREACHABLE_RETRY_DELAYS_MS[unreachableRetries++]!;
            this.#log('info', 'retrying request', { method: label.method, urlTemplate: label.urlTemplate, reason: failure.error.context['networkCode'], attempt, delayMs });
            await this.#retry.sleep(delayMs, signal);
            continue;
          }
          throw failure.error;
        }
        if (failure.retryable && idempotent && retries < this.#retry.limit) {
          // The slot is already released: backing off must not starve the endpoint.
          await this.#backoff(label, retries++, attempt, (failure.error.context['networkCode'] as string | undefined) ?? 'network error', undefined, signal);
          continue;
        }
        throw failure.error;
      }
      const { response } = outcome;
      const status = response.statusCode;
      if (this.#options.onEvent) {
        this.#emit({ type: 'http:response', client: this.name, method, urlTemplate, status, durationMs: Math.round(performance.now() - started), attempt, priority });
      }
      if (status >= 200 && status < 300) {
        if (sent) tokens?.confirm(sent.accessToken);
        return this.#accept<T>(label, response, request.responseType ?? 'auto', clean);
      }

      if (status === 401 && tokens && sent && tokenRefusals < MAX_TOKEN_REFUSALS) {
        // The request was refused before it did anything, so repeating it is safe even for POST.
        tokenRefusals++;
        const now = tokens.current();
        // Replaced (or being replaced) while this request was out: the 401 says nothing about
        // the new token, so the request simply goes again with it.
        if (now?.accessToken !== sent.accessToken) continue;
        // A token that had worked died in service (expired early, rotated, revoked, server
        // restarted): renew — one renewal however many requests report it — and repeat. The
        // token this request's own renewal brought, refused before it ever worked, is final.
        if (now.confirmed || !renewed) {
          renewed = true;
          this.#emit({ type: 'http:reauth', client: this.name, method, urlTemplate });
          await tokens.renewAfterRejection(sent.accessToken, signal);
          continue;
        }
      }
      const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(response.headers['retry-after'], this.#now()) : undefined;
      const waitable = retryAfterMs === undefined || retryAfterMs <= this.#retry.maxRetryAfterMs;
      if (isRetryableStatus(status) && idempotent && waitable && retries < this.#retry.limit) {
        await this.#backoff(label, retries++, attempt, `HTTP ${status}`, retryAfterMs, signal);
        continue;
      }
      throw errorForStatus(label, { status, body: response.body, retryAfterMs, attempts: attempt }, clean);
    }
  }

  /**
   * Waits for the endpoint's slot and returns with it held, together with the token to send,
   * read when the request leaves: a request that queued behind others must not carry a token
   * renewed while it waited. Renewal itself happens outside the slot, so waiting for a token
   * never holds the endpoint.
   */
  async #slotAndToken(key: string, priority: Priority, tokens: TokenManager | undefined, signal: AbortSignal | undefined): Promise<CurrentToken | undefined> {
    for (;;) {
      if (tokens) await tokens.accessToken(signal);
      const wait = this.#limiter.acquire(key, priority, signal);
      if (wait) await wait;
      if (signal?.aborted) {
        this.#limiter.release(key);
        throw signal.reason;
      }
      if (!tokens) return undefined;
      const current = tokens.current();
      if (current) return current;
      // Renewed, refused or expired while waiting for the slot: fetch the new one first.
      this.#limiter.release(key);
    }
  }

  #accept<T>(label: RequestLabel, response: Response<string>, mode: 'auto' | 'json' | 'text', clean: Scrubber): HttpResponse<T> {
    const status = response.statusCode;
    const read = readBody(response.body, response.headers['content-type'], mode);
    if (!read.ok) throw invalidJsonError(label, status, Buffer.byteLength(response.body), clean);
    const result: HttpResponse<T> = { status, headers: response.headers, body: read.value as T };
    const reported = this.#options.detectBodyError?.(read.value, result);
    if (reported !== undefined) throw bodyError(label, status, reported, clean);
    return result;
  }

  async #backoff(label: RequestLabel, retry: number, attempt: number, reason: string, retryAfterMs: number | undefined, signal: AbortSignal | undefined): Promise<void> {
    const delayMs = this.#retry.delayFor(retry, retryAfterMs);
    this.#log('info', 'retrying request', { method: label.method, urlTemplate: label.urlTemplate, reason, attempt, delayMs });
    this.#emit({ type: 'http:retry', client: this.name, method: label.method, urlTemplate: label.urlTemplate, reason, attempt, delayMs });
    await this.#retry.sleep(delayMs, signal);
  }

  /** Anything that is not yet a catalogue error: an abort while waiting, or a plugin bug. */
  #asCatalogued(error: unknown, label: RequestLabel, signal: AbortSignal | undefined): unknown {
    if (isRmmError(error)) return error;
    const context = { client: label.client, method: label.method, urlTemplate: label.urlTemplate };
    if (signal?.aborted) {
      const reason = signal.reason as { name?: string } | undefined;
      if (reason?.name === 'TimeoutError') {
        return new TimeoutError(`${label.client}: ${label.method} ${label.urlTemplate} timed out (caller's deadline)`, { context });
      }
      return new CancelledError(`${label.client}: ${label.method} ${label.urlTemplate} was cancelled`, { context });
    }
    return error;
  }

  #fail(label: RequestLabel, error: unknown): unknown {
    if (isRmmError(error)) {
      const rmm = error as RmmError;
      this.#log('debug', 'request failed', { method: label.method, urlTemplate: label.urlTemplate, code: rmm.code, error: rmm.message });
      this.#emit({ type: 'http:error', client: this.name, method: label.method, urlTemplate: label.urlTemplate, code: rmm.code, message: rmm.message });
    }
    return error;
  }

  /**
   * Logs through the plugin's logger after scrubbing with this client's redactor too: the
   * logger may belong to a different redactor (the host's) that has not seen our tokens yet.
   */
  #log(level: 'debug' | 'info' | 'warn', msg: string, fields: Record<string, unknown>): void {
    this.#logger[level](msg, this.#redactor.redactDeep(fields));
  }

  #emit(event: HttpEvent): void {
    const listener = this.#options.onEvent;
    if (!listener) return;
    try {
      listener(this.#redactor.redactDeep(event));
    } catch (error) {
      // A broken listener must not fail the request it is observing.
      this.#log('warn', 'HTTP event listener threw', { error: error instanceof Error ? error.message : String(error) });
    }
  }
}
