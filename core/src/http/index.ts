/**
 * The HTTP toolkit for plugins (`@rmm-hub/core/plugin`): a got-based client with retries,
 * per-endpoint concurrency, interactive priority, a token manager, pagination iterators,
 * catalogue errors and secret scrubbing. See each module for the reasoning behind it.
 */
export { createHttpClient, type HttpClient } from './http-client.js';
export { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUTS, type HttpClientOptions, type Timeouts } from './client-options.js';
export type { HttpEvent, HttpMethod, HttpRequestOptions, HttpRequester, HttpResponse, RequestKind } from './http-types.js';
export { createTokenManager, type CurrentToken, type TokenManager, type TokenManagerOptions, type TokenSet, type TokenStatus } from './token-manager.js';
export { paginate, type EnvelopeOptions, type OffsetOptions, type Page, type PageEnvelope, type PageNumberOptions } from './paginate.js';
export { mergeStreams } from './merge-streams.js';
export { currentCallContext, runInCallContext, type CallContext } from './call-context.js';
export { EndpointLimiter, endpointKey, type ConcurrencyOptions, type GateStats, type Priority } from './endpoint-limiter.js';
export { createRetryPolicy, isRetryableStatus, parseRetryAfter, type RetryOptions, type RetryPolicy, type SleepFn } from './retry-policy.js';
export { normaliseBaseUrl, type PathParams, type QueryValue } from './base-url.js';
export { upstreamMessage } from './error-mapping.js';
