/**
 * The plugin's one HTTP client: the toolkit's client (timeouts, per-endpoint caps, 429/5xx
 * backoff, one token renewal per 401, scrubbing) plus what is N-central-specific — errors
 * reported inside a 200, the expired-password symptom, a second line of retries for list pages
 * (bare 500s, truncated JSON), and the page loop over QueryResponse/ListResponse envelopes.
 */
import { setTimeout as sleep } from 'node:timers/promises';

import { ProtocolError, createHttpClient, type HttpClient, type HttpRequestOptions, type Logger, type PathParams, type QueryValue, type SecretRedactor, type TokenManager, type SkippableCapability } from '@rmm-hub/core/plugin';

import { createNcentralTokens } from './auth.js';
import { DEFAULT_ENDPOINT_CAPS, type NcentralConfig } from './config.schema.js';
import { isRetryablePageFailure, translateError } from './nc-errors.js';

/** One page of an N-central list, whichever envelope it came in. */
export interface NcPage<T> {
  items: T[];
  totalItems: number | undefined;
  totalPages: number | undefined;
}

/** Finds N-central's `{"error message": "…"}` inside a 2xx body. */
export function detectNcentralBodyError(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const said = (body as Record<string, unknown>)['error message'] ?? (body as Record<string, unknown>)['errorMessage'];
  if (said === undefined || said === null) return undefined;
  return typeof said === 'string' && said.trim() !== '' ? said : 'N-central reported an error without a message';
}

function count(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** The N-central API as the capabilities use it. */
export class NcentralApi {
  readonly http: HttpClient;
  readonly tokens: TokenManager;

  constructor(
    readonly config: NcentralConfig,
    readonly logger: Logger,
    redactor: SecretRedactor,
    /** Where records the listings cannot read are reported (the host's `skipRecord`); a log warning by default. */
    readonly skipRecord: (capability: SkippableCapability, record: string, reason: string, id?: string) => void = (capability, record, reason) =>
      logger.warn('skipped an unreadable record', { capability, record, reason }),
  ) {
    this.tokens = createNcentralTokens({ jwt: config.jwt, accessTokenLifetime: config.accessTokenLifetime, redactor, logger });
    this.http = createHttpClient({
      name: 'ncentral',
      baseUrl: config.serverUrl,
      baseUrlConfigPath: 'serverUrl',
      ...(config.caCertificate ? { ca: config.caCertificate } : {}),
      redactor,
      secrets: [config.jwt],
      logger,
      timeouts: { auth: 15_000, list: 60_000, long: 180_000 },
      // N-able's advice for 429 (reference §9); 429s carry no Retry-After, so the schedule decides.
      retry: { limit: config.retryDelaysMs.length, schedule: config.retryDelaysMs },
      concurrency: { default: config.concurrency.default, endpoints: { ...DEFAULT_ENDPOINT_CAPS, ...config.concurrency.endpoints } },
      tokens: this.tokens,
      detectBodyError: (body) => detectNcentralBodyError(body),
    });
  }

  /** How many org units' device listings may run at once: the devices endpoint's cap. */
  get devicesConcurrency(): number {
    const caps: Record<string, number> = { ...DEFAULT_ENDPOINT_CAPS, ...this.config.concurrency.endpoints };
    return caps['GET /api/org-units/{orgUnitId}/devices'] ?? this.config.concurrency.default;
  }

  /** Sends one request; N-central's special failures come back translated. */
  async request<T>(options: HttpRequestOptions): Promise<T> {
    try {
      return (await this.http.request<T>(options)).body;
    } catch (error) {
      throw translateError(error);
    }
  }

  /**
   * A GET whose failure may pass on another attempt (list pages, device records): after the
   * toolkit's own retries, a bare 500, a truncated body or an error inside a 200 is tried again
   * on the configured schedule before the error is thrown.
   */
  async get<T>(path: string, params?: PathParams, query?: Readonly<Record<string, QueryValue>>, signal?: AbortSignal): Promise<T> {
    const delays = this.config.retryDelaysMs;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.request<T>({ method: 'GET', path, kind: 'list', ...(params ? { params } : {}), ...(query ? { query } : {}), ...(signal ? { signal } : {}) });
      } catch (error) {
        if (attempt >= delays.length || !isRetryablePageFailure(error)) throw error;
        this.logger.warn('N-central request failed; trying again', { path, attempt: attempt + 1, error: error instanceof Error ? error.message : String(error) });
        await sleep(delays[attempt] ?? 0, undefined, signal ? { signal } : {});
      }
    }
  }

  /** One page of a list endpoint (QueryResponse or ListResponse). */
  async page<T>(path: string, params: PathParams | undefined, pageNumber: number, pageSize: number, signal?: AbortSignal): Promise<NcPage<T>> {
    const body = await this.get<Record<string, unknown>>(path, params, { pageNumber, pageSize }, signal);
    const items = body?.['data'];
    if (!Array.isArray(items)) {
      throw new ProtocolError(`ncentral: GET ${path} page ${pageNumber} has no "data" array`, {
        context: { urlTemplate: path, pageNumber },
        hint: 'N-central answered a list request with an unexpected shape; check the server version.',
      });
    }
    return { items: items as T[], totalItems: count(body['totalItems']), totalPages: count(body['totalPages']) };
  }

  /**
   * Every item of a list endpoint, page by page, holding one page at a time. The next page is
   * requested only once the consumer has taken every item of the current one (no background
   * prefetch: a consumer that pauses or stops costs no further requests). Stops on an empty
   * page, at `totalPages`, at `totalItems`, or (with no totals) on a short page — and never
   * repeats items when a server ignores the page number (the org-unit lists may).
   */
  async *list<T>(path: string, params?: PathParams, signal?: AbortSignal, pageSize = this.config.pageSize): AsyncGenerator<T, void, undefined> {
    let seen = 0;
    for (let pageNumber = 1; ; pageNumber++) {
      const page = await this.page<T>(path, params, pageNumber, pageSize, signal);
      if (page.items.length === 0) return;
      const overflow = page.items.length > pageSize; // the server ignored pageSize: this is everything
      seen += page.items.length;
      const more = !overflow && (page.totalPages !== undefined ? pageNumber < page.totalPages : page.totalItems !== undefined ? seen < page.totalItems : page.items.length >= pageSize);
      for (const item of page.items) yield item;
      if (!more) return;
    }
  }

  /** Closes keep-alive connections. */
  close(): void {
    this.http.close();
  }
}
