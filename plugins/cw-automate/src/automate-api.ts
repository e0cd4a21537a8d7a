/**
 * The plugin's view of the Automate REST API on top of the core HTTP client: list paging until
 * an empty page, and the retries Automate needs beyond the toolkit's — a GET that failed with
 * HTTP 500, came back cut off, or carried an ASP.NET error inside a 200 is repeated a few times
 * (GAV retries 500s too, reference §9), because those are the database timing out, not our bug.
 */
import { ProtocolError, TransientError, isRmmError, type HttpClient, type HttpResponse, type QueryValue } from '@rmm-hub/core/plugin';

import { field } from './parse-values.js';

/** Sleeps; injectable so tests never wait. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Rows of one Automate list page. */
export type Row = Record<string, unknown>;

/** Retry delays for GETs that failed in a way the toolkit does not retry (ms). */
const GET_RETRY_DELAYS = [250, 1000, 3000];
/** A server that never returns an empty page is broken; stop long before memory or time run out. */
const MAX_PAGES = 100_000;

/**
 * The ASP.NET error object some Automate servers return with status 200 (a database timeout
 * behind the API), or undefined for a normal body.
 */
export function bodyErrorOf(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const message = field(body, 'Message');
  const exception = field(body, 'ExceptionMessage') ?? field(body, 'ExceptionType');
  if (typeof message !== 'string') return undefined;
  if (exception === undefined && message !== 'An error has occurred.') return undefined;
  return typeof field(body, 'ExceptionMessage') === 'string' ? `${message} ${String(field(body, 'ExceptionMessage'))}` : message;
}

export class AutomateApi {
  constructor(
    readonly http: HttpClient,
    private readonly sleep: Sleep,
  ) {}

  /** A GET, repeated after a 500, truncated JSON or an error inside a 200. */
  async get<T>(path: string, options: { params?: Record<string, string | number>; query?: Record<string, QueryValue>; signal?: AbortSignal } = {}): Promise<HttpResponse<T>> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.http.request<T>({
          method: 'GET',
          path,
          kind: 'list',
          ...(options.params ? { params: options.params } : {}),
          ...(options.query ? { query: options.query } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        });
      } catch (error) {
        const delay = GET_RETRY_DELAYS[attempt];
        if (delay === undefined || !retryableGetFailure(error) || options.signal?.aborted) throw error;
        await this.sleep(delay, options.signal);
      }
    }
  }

  /**
   * Every row of a list endpoint, page by page: the next page is fetched only when the consumer
   * has taken the current one, and the listing ends on an empty page (a short page may just be
   * the server clamping the page size).
   */
  async *pages(path: string, query: Record<string, QueryValue>, pageSize: number, signal?: AbortSignal): AsyncGenerator<Row[], void, undefined> {
    let previousFirst: unknown;
    for (let page = 1; page <= MAX_PAGES; page++) {
      const { body } = await this.get<unknown>(path, { query: { ...query, page, pageSize }, ...(signal ? { signal } : {}) });
      if (!Array.isArray(body)) {
        throw new ProtocolError(`cw-automate: GET ${path} returned ${body === null ? 'null' : typeof body} instead of a list`, {
          context: { urlTemplate: path, page },
          hint: 'The Automate server answered an unexpected shape; check its version, and report it with the log.',
        });
      }
      if (body.length === 0) return;
      // A server that ignores `page` returns page 1 forever: fail instead of looping.
      const first = JSON.stringify(body[0]);
      if (page > 1 && first === previousFirst) {
        throw new ProtocolError(`cw-automate: GET ${path} returned the same page twice; the server seems to ignore the page parameter`, {
          context: { urlTemplate: path, page },
          hint: 'Check that the server supports paging on this endpoint (Automate 2020 or later).',
        });
      }
      previousFirst = first;
      yield body as Row[];
    }
    throw new ProtocolError(`cw-automate: GET ${path} did not end after ${MAX_PAGES} pages`, { context: { urlTemplate: path } });
  }
}

function retryableGetFailure(error: unknown): boolean {
  if (!isRmmError(error)) return false;
  if (error instanceof TransientError) return error.context['status'] === 500;
  // Invalid/truncated JSON and an error inside a 200 both surface as ProtocolError with a 2xx status.
  if (error instanceof ProtocolError) {
    const status = error.context['status'];
    return typeof status === 'number' && status >= 200 && status < 300;
  }
  return false;
}

/** How a listing reports a record it cannot read and skips: named so a person can find it, and why. */
export type SkipRecord = (record: string, reason: string, id?: string) => void;
