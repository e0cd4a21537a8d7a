/**
 * The request/response shapes of the HTTP toolkit, shared by the client, the token manager
 * (which authenticates through the client) and plugins.
 */
import type { PathParams, QueryValue } from './base-url.js';
import type { Priority } from './endpoint-limiter.js';

/** Methods the client sends. Upper case, as they appear in endpoint keys. */
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

/** What kind of request this is; picks the timeout. */
export type RequestKind = 'auth' | 'list' | 'long';

/** One request. */
export interface HttpRequestOptions {
  method: HttpMethod;
  /**
   * The URL template relative to the base URL, e.g. `/api/org-units/{orgUnitId}/devices`. The
   * template (not the filled-in path) names the endpoint in limits, errors, logs and events.
   */
  path: string;
  /** Values for the template's `{placeholders}`; each is encoded as one path segment. */
  params?: PathParams | undefined;
  /** Query parameters; `undefined` drops one, arrays repeat it. Never logged. */
  query?: Readonly<Record<string, QueryValue>> | undefined;
  /** A JSON body (serialised, `content-type: application/json`). */
  json?: unknown | undefined;
  /** A raw body, e.g. N-central's `text/plain` refresh token. Set the content type in `headers`. */
  body?: string | undefined;
  /** Extra headers for this request; they override the client's static headers. */
  headers?: Readonly<Record<string, string>> | undefined;
  /** Picks the timeout. @default 'list' */
  kind?: RequestKind | undefined;
  /** Overrides the kind's timeout for this one request. */
  timeoutMs?: number | undefined;
  /** Overrides the client's response size limit for this one request, in bytes (decoded). */
  maxResponseBytes?: number | undefined;
  /**
   * Whether repeating the request is safe. @default true for GET/HEAD/OPTIONS/PUT/DELETE,
   * false for POST/PATCH — which are then never retried after 429/5xx/network failures.
   */
  idempotent?: boolean | undefined;
  /** `false` skips the token manager (for the authentication endpoints themselves). @default true */
  auth?: boolean | undefined;
  /** Cancels the request, including any wait for a slot or a retry. */
  signal?: AbortSignal | undefined;
  /**
   * How to read the body: `auto` parses JSON when the content type says JSON, `json` always
   * parses, `text` never does. @default 'auto'
   */
  responseType?: 'auto' | 'json' | 'text' | undefined;
  /** Overrides the priority taken from the call context (interactive calls go first). */
  priority?: Priority | undefined;
}

/** A successful (2xx) response. */
export interface HttpResponse<T = unknown> {
  readonly status: number;
  /** Response headers, lower-cased names. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Parsed JSON when the response is JSON, otherwise the text (empty body: undefined). */
  readonly body: T;
}

/** Anything that can send a request: the client, or the auth view the token manager gets. */
export interface HttpRequester {
  /** Sends one request through the client's limits, retries and auth; rejects with a catalogued error. */
  request<T = unknown>(options: HttpRequestOptions): Promise<HttpResponse<T>>;
}

/** Events the client emits (already scrubbed of secrets), for metrics and the host's event bus. */
export type HttpEvent =
  | {
      readonly type: 'http:response';
      readonly client: string;
      readonly method: string;
      readonly urlTemplate: string;
      readonly status: number;
      readonly durationMs: number;
      readonly attempt: number;
      readonly priority: Priority;
    }
  | {
      readonly type: 'http:retry';
      readonly client: string;
      readonly method: string;
      readonly urlTemplate: string;
      readonly reason: string;
      readonly attempt: number;
      readonly delayMs: number;
    }
  | {
      readonly type: 'http:reauth';
      readonly client: string;
      readonly method: string;
      readonly urlTemplate: string;
    }
  | {
      readonly type: 'http:error';
      readonly client: string;
      readonly method: string;
      readonly urlTemplate: string;
      readonly code: string;
      readonly message: string;
    };
