/**
 * Turns HTTP failures into the core error catalogue. Every error names the request by method
 * and URL *template* (never the expanded URL, whose path or query may carry ids or secrets),
 * carries a hint for a person, and is scrubbed: registered secrets, bearer credentials and
 * JWT-shaped strings never survive into a message or its context.
 *
 * The transport's own error object is never attached as `cause`: it holds the request options,
 * headers included, and loggers that print causes would leak the Authorization header.
 */
import {
  AuthError,
  CancelledError,
  ConfigError,
  NotFoundError,
  PermissionError,
  ProtocolError,
  RateLimitedError,
  TimeoutError,
  TransientError,
  type RmmError,
} from '../errors/index.js';
import { secretForms } from '../secrets/secret-forms.js';
import { MIN_SECRET_LENGTH, REDACTED, type SecretRedactor } from '../secrets/secret-redactor.js';

/** Which request failed, in secret-free terms. */
export interface RequestLabel {
  /** The client's name (usually the plugin id), e.g. `ncentral`. */
  readonly client: string;
  readonly method: string;
  readonly urlTemplate: string;
}

const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{4,}/gi;
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

/** Cleans text bound for an error, log line or event. */
export type Scrubber = (text: string) => string;

/**
 * Scrubs text bound for an error, log line or event: registered secrets first, then this
 * request's own sensitive values (`extra`), then anything shaped like a credential the server
 * may have echoed back.
 */
export function scrub(text: string, redactor: SecretRedactor | undefined, extra?: readonly string[]): string {
  let out = redactor ? redactor.redact(text) : text;
  if (extra) for (const value of extra) out = out.split(value).join(REDACTED);
  return out.replace(BEARER, `$1 ${REDACTED}`).replace(JWT, REDACTED);
}

/** A scrubber bound to a redactor and a request's own sensitive values. */
export function scrubberFor(redactor: SecretRedactor | undefined, extra?: readonly string[]): Scrubber {
  return (text) => scrub(text, redactor, extra);
}

/** Query parameter and header names whose values are treated as secret for the request. */
const SENSITIVE_NAME = /token|secret|passw|pwd|api[-_]?key|^key$|auth|signature|^sig$|session|cookie|credential|otp|passcode/i;

/**
 * The values of a request's sensitive-looking query parameters and headers, so a server that
 * echoes the request back in an error message cannot smuggle them into our errors, in any of the
 * forms a secret takes on the wire. Values shorter than 4 characters are skipped (they would scrub
 * ordinary text).
 */
export function sensitiveValues(query: Readonly<Record<string, unknown>> | undefined, headers: Readonly<Record<string, string>> | undefined): string[] {
  const out: string[] = [];
  const consider = (name: string, value: unknown): void => {
    if (!SENSITIVE_NAME.test(name)) return;
    for (const item of Array.isArray(value) ? (value as unknown[]) : [value]) {
      if (item === undefined || item === null) continue;
      const text = String(item);
      if (text.length < MIN_SECRET_LENGTH) continue;
      out.push(...secretForms(text));
      // `Bearer abc…`: the credential part alone too.
      const space = text.indexOf(' ');
      if (space > 0 && text.length - space > MIN_SECRET_LENGTH) out.push(...secretForms(text.slice(space + 1)));
    }
  };
  for (const [name, value] of Object.entries(query ?? {})) consider(name, value);
  for (const [name, value] of Object.entries(headers ?? {})) consider(name, value);
  return out.sort((a, b) => b.length - a.length);
}

/**
 * The human message an RMM put in an error body, if any: `message`/`Message` (N-central,
 * ASP.NET), `error message` (N-central's errors inside a 200), `error_description`, `errors[0]`.
 * Plain short text bodies are used as they are; HTML pages are ignored.
 */
export function upstreamMessage(body: unknown): string | undefined {
  if (typeof body === 'string') {
    const text = body.trim();
    if (text === '') return undefined;
    if (text.startsWith('{') || text.startsWith('[')) {
      try {
        return upstreamMessage(JSON.parse(text) as unknown);
      } catch {
        return clip(text);
      }
    }
    if (text.startsWith('<')) return undefined;
    return clip(text);
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  for (const key of ['message', 'Message', 'error message', 'errorMessage', 'error_description', 'detail', 'title', 'error', 'Error']) {
    const value = record[key];
    if (typeof value === 'string' && value.trim() !== '') return clip(value.trim());
    if (typeof value === 'object' && value !== null) {
      const inner = upstreamMessage(value);
      if (inner) return inner;
    }
  }
  const errors = record['errors'];
  if (Array.isArray(errors) && errors.length > 0) return upstreamMessage(errors[0]);
  return undefined;
}

/** Facts about an HTTP response that failed. */
export interface StatusFailure {
  readonly status: number;
  /** The raw or parsed body, for the upstream message. */
  readonly body: unknown;
  readonly retryAfterMs?: number | undefined;
  /** How many attempts were made in total. */
  readonly attempts: number;
}

/** Maps a non-2xx response to the catalogue. */
export function errorForStatus(label: RequestLabel, failure: StatusFailure, clean: Scrubber = scrubberFor(undefined)): RmmError {
  const { status } = failure;
  const said = upstreamMessage(failure.body);
  const what = `${label.client}: ${label.method} ${label.urlTemplate} failed with HTTP ${status}`;
  const message = clean(said ? `${what}: ${said}` : what);
  const context = { client: label.client, method: label.method, urlTemplate: label.urlTemplate, status, attempts: failure.attempts };
  const name = label.client;
  if (status === 401) {
    return new AuthError(message, { context, hint: `Check the ${name} credentials (user, API token, password expiry); a fresh token was already tried.` });
  }
  if (status === 403) {
    return new PermissionError(message, { context, hint: `The ${name} API user is not allowed to call ${label.method} ${label.urlTemplate}; check its role and access groups.` });
  }
  if (status === 404) {
    return new NotFoundError(message, { context, hint: `The item does not exist on ${name} (any more), or the API user cannot see it.` });
  }
  if (status === 429) {
    return new RateLimitedError(message, {
      context: failure.retryAfterMs === undefined ? context : { ...context, retryAfterMs: failure.retryAfterMs },
      retryAfterMs: failure.retryAfterMs,
      hint: `${name} is throttling requests; lower this endpoint's concurrency or try again later.`,
    });
  }
  if (status === 408 || status >= 500) {
    return new TransientError(message, { context, hint: `${name} had a server-side problem; try again later, and check the server's health if it persists.` });
  }
  if (status >= 300 && status < 400) {
    return new ProtocolError(message, { context, hint: `${name} redirected the request; check that the server URL (scheme, host and path) is the API's address.` });
  }
  return new ProtocolError(message, {
    context,
    hint: `${name} refused the request as invalid; this is likely a plugin bug or an unsupported server version — report it with the log.`,
  });
}

/** A 2xx whose body is not the JSON it claims to be (cut off, HTML from a proxy, garbage). */
export function invalidJsonError(label: RequestLabel, status: number, bytes: number, clean: Scrubber = scrubberFor(undefined)): ProtocolError {
  return new ProtocolError(clean(`${label.client}: ${label.method} ${label.urlTemplate} returned invalid or truncated JSON (${bytes} bytes)`), {
    context: { client: label.client, method: label.method, urlTemplate: label.urlTemplate, status, bytes },
    hint: `A proxy or load balancer may be cutting responses short, or ${label.client} answered with an error page; check the server and retry.`,
  });
}

/** A response body that grew past the client's size limit and was aborted there. */
export function responseTooLargeError(label: RequestLabel, facts: { limitBytes: number; receivedBytes: number; declaredBytes?: number | undefined }): ProtocolError {
  const what = facts.declaredBytes !== undefined && facts.declaredBytes > facts.limitBytes ? `announced a ${facts.declaredBytes}-byte body` : `sent more than ${facts.limitBytes} bytes`;
  return new ProtocolError(`${label.client}: ${label.method} ${label.urlTemplate} ${what}; the response was aborted at ${facts.receivedBytes} bytes (limit ${facts.limitBytes})`, {
    context: { client: label.client, method: label.method, urlTemplate: label.urlTemplate, reason: 'response-too-large', ...facts },
    hint: `${label.client} answered with far more data than this request can return; check the server URL and the server's health. If the API legitimately returns this much, raise the plugin's maxResponseBytes.`,
  });
}

/** An error the RMM reported inside a successful response, as the plugin's detector found it. */
export function bodyError(label: RequestLabel, status: number, reported: string, clean: Scrubber = scrubberFor(undefined)): ProtocolError {
  return new ProtocolError(clean(`${label.client}: ${label.method} ${label.urlTemplate} reported an error in a ${status} response: ${clip(reported)}`), {
    context: { client: label.client, method: label.method, urlTemplate: label.urlTemplate, status },
    hint: `${label.client} accepted the request but reported a failure; read its message, and check the server's own logs if it is unclear.`,
  });
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Network-level failures a second attempt may cure. */
const RETRYABLE_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'ETIMEDOUT',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
]);

/**
 * Nothing answers at the address (refused, no route) or the name does not resolve: the server is
 * down or the URL is wrong. A quick second try covers a restart; waiting out the throttling
 * schedule (up to a minute per request) only delays telling the person.
 */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EHOSTDOWN']);

/** The outcome of classifying a transport error. */
export interface NetworkFailure {
  readonly error: RmmError;
  readonly retryable: boolean;
  /** Nothing answers at the address: retry briefly (see UNREACHABLE_RETRY_DELAYS_MS), not on the slow schedule. */
  readonly unreachable?: boolean;
}

/**
 * Maps a transport error (no HTTP status) to the catalogue: timeouts, cancellation, untrusted
 * certificates (a config problem, never retried) and connection failures (transient).
 */
export function errorForNetwork(
  label: RequestLabel,
  cause: unknown,
  facts: { attempts: number; timeoutMs: number; aborted: boolean; /** `host:port` of the request, for messages. */ host?: string | undefined },
  clean: Scrubber = scrubberFor(undefined),
): NetworkFailure {
  const raw = cause as { code?: unknown; name?: unknown; message?: unknown } | null;
  const code = typeof raw?.code === 'string' ? raw.code : undefined;
  const name = typeof raw?.name === 'string' ? raw.name : 'Error';
  const detail = typeof raw?.message === 'string' ? raw.message : String(cause);
  const what = `${label.client}: ${label.method} ${label.urlTemplate}`;
  const context = { client: label.client, method: label.method, urlTemplate: label.urlTemplate, attempts: facts.attempts, ...(code ? { networkCode: code } : {}) };
  // A sanitised stand-in for the transport error, so the chain keeps the facts but not the headers.
  const safeCause = Object.assign(new Error(clean(detail)), { name, code });

  if (facts.aborted || name === 'AbortError' || code === 'ERR_ABORTED') {
    return { retryable: false, error: new CancelledError(`${what} was cancelled`, { context, cause: safeCause }) };
  }
  if (name === 'TimeoutError') {
    return {
      retryable: false,
      error: new TimeoutError(`${what} timed out after ${facts.timeoutMs} ms`, {
        context: { ...context, timeoutMs: facts.timeoutMs },
        timeoutMs: facts.timeoutMs,
        cause: safeCause,
        hint: `${label.client} did not answer in time; the server may be overloaded — try again later or raise this request kind's timeout.`,
      }),
    };
  }
  if (code && TLS_CODES.has(code)) {
    return {
      retryable: false,
      error: new ConfigError('', `${what}: the server's TLS certificate is not trusted (${code})`, {
        context,
        cause: safeCause,
        hint: `If ${label.client} uses an internal or self-signed certificate, add its CA certificate (PEM) to the integration's config; verification cannot be turned off.`,
      }),
    };
  }
  if (code === 'EPROTO' || code === 'ERR_SSL_WRONG_VERSION_NUMBER') {
    return {
      retryable: false,
      error: new ConfigError('', `${what}: TLS handshake failed (${code})`, { context, cause: safeCause, hint: 'Check that the URL scheme and port match the server (https on an https port).' }),
    };
  }
  if (code && UNREACHABLE_CODES.has(code)) {
    const where = facts.host ?? 'the server address';
    const dns = code === 'ENOTFOUND' || code === 'EAI_AGAIN';
    return {
      retryable: code !== 'ENOTFOUND',
      unreachable: true,
      error: new TransientError(clean(dns ? `${what}: the host name of ${where} does not resolve (${code})` : `${what}: nothing answers at ${where} (${code})`), {
        context: { ...context, ...(facts.host ? { host: facts.host } : {}) },
        cause: safeCause,
        hint: dns
          ? `Check the host name in ${label.client}'s server URL, and this machine's DNS.`
          : `Check the host and port in ${label.client}'s server URL, that the server is up, and that no firewall or VPN is in the way.`,
      }),
    };
  }
  const retryable = code !== undefined ? RETRYABLE_NETWORK_CODES.has(code) : name === 'ReadError';
  return {
    retryable: retryable || name === 'ReadError',
    error: new TransientError(clean(`${what} failed: ${detail}`), {
      context,
      cause: safeCause,
      hint:
        code === 'ENOTFOUND'
          ? `The host name of ${label.client} does not resolve; check the server URL.`
          : `Could not reach ${label.client}; check the network path to the server and try again.`,
    }),
  };
}

function clip(text: string): string {
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}
