import type { IncomingHttpHeaders } from 'node:http';

/** What a route handler sees of one request. */
export interface SimRequest {
  /** Upper-case HTTP method. */
  method: string;
  /** The request path without the query string (still percent-encoded). */
  path: string;
  /** The pattern that matched, e.g. `/api/devices/:deviceId`. */
  route: string;
  /** Decoded path parameters of the pattern. */
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body parsed as JSON; throws {@link SimHttpError} 400 on malformed JSON. */
  json<T = unknown>(): T;
  /** The body as UTF-8 text. */
  text(): string;
}

/**
 * What a route handler answers. A `body` that is a string or Buffer is sent as is; anything
 * else (objects, arrays, numbers, `null`) is JSON-serialised.
 */
export interface SimResponse {
  status: number;
  headers?: Record<string, string> | undefined;
  body?: unknown;
}

/** A route handler. */
export type SimHandler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

/**
 * An HTTP error a handler may throw instead of returning a response; the server answers
 * `status` with `body` (or its default error body built from `message`).
 */
export class SimHttpError extends Error {
  /**
   * @param status - HTTP status to answer.
   * @param message - Error text, used for the default error body.
   * @param body - Optional full response body overriding the default error body.
   * @param headers - Optional extra response headers.
   */
  constructor(
    readonly status: number,
    message: string,
    readonly body?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'SimHttpError';
  }
}

/** Options of a {@link Router}. */
export interface RouterOptions {
  /**
   * Match static path segments case-insensitively. Automate runs on IIS, which ignores
   * path case, so its clients send `/cwa/api/v1/computers` and `/Computers` alike.
   */
  caseInsensitive?: boolean;
}

/** The outcome of {@link Router.match}. */
export type RouteMatch =
  | { kind: 'found'; route: string; params: Record<string, string>; handler: SimHandler }
  | { kind: 'method-not-allowed'; route: string; allowed: string[] }
  | { kind: 'not-found' };

interface Segment {
  /** Literal text, or the parameter name for a `:param` segment. */
  text: string;
  param: boolean;
}

interface RouteEntry {
  method: string;
  pattern: string;
  segments: Segment[];
  handler: SimHandler;
}

function splitPath(path: string): string[] {
  // Leading/trailing slashes do not create empty segments: `/api/devices/` ≡ `/api/devices`.
  return path.split('/').filter((s) => s.length > 0);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * A minimal method + path-pattern router for the simulated servers (node:http, no framework).
 * Patterns are `/`-separated; a `:name` segment captures one path segment. When several
 * patterns match, the most specific wins (a literal segment beats a parameter at the first
 * position where they differ), so `/api/devices/summary` can coexist with `/api/devices/:id`.
 */
export class Router {
  private readonly routes: RouteEntry[] = [];
  private readonly caseInsensitive: boolean;

  /** @param options - See {@link RouterOptions}. */
  constructor(options: RouterOptions = {}) {
    this.caseInsensitive = options.caseInsensitive ?? false;
  }

  /**
   * Registers a handler for `method` (case-insensitive; `*` for any) and `pattern`.
   * @returns the router, for chaining.
   */
  on(method: string, pattern: string, handler: SimHandler): this {
    const segments = splitPath(pattern).map((s) =>
      s.startsWith(':') ? { text: s.slice(1), param: true } : { text: this.fold(s), param: false },
    );
    this.routes.push({ method: method.toUpperCase(), pattern, segments, handler });
    return this;
  }

  /** The registered `METHOD pattern` pairs, in registration order. */
  list(): string[] {
    return this.routes.map((r) => `${r.method} ${r.pattern}`);
  }

  /** Finds the handler for a request path (without query string). */
  match(method: string, path: string): RouteMatch {
    const parts = splitPath(path);
    const upper = method.toUpperCase();
    let best: { entry: RouteEntry; params: Record<string, string> } | undefined;
    let bestForOtherMethod: RouteEntry | undefined;
    const allowed = new Set<string>();
    for (const entry of this.routes) {
      const params = this.matchSegments(entry.segments, parts);
      if (!params) continue;
      if (entry.method !== upper && entry.method !== '*') {
        allowed.add(entry.method);
        if (!bestForOtherMethod || moreSpecific(entry.segments, bestForOtherMethod.segments)) bestForOtherMethod = entry;
        continue;
      }
      if (!best || moreSpecific(entry.segments, best.entry.segments)) best = { entry, params };
    }
    if (best) return { kind: 'found', route: best.entry.pattern, params: best.params, handler: best.entry.handler };
    if (bestForOtherMethod) return { kind: 'method-not-allowed', route: bestForOtherMethod.pattern, allowed: [...allowed] };
    return { kind: 'not-found' };
  }

  private matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
    if (segments.length !== parts.length) return undefined;
    const params: Record<string, string> = {};
    for (let i = 0; i < segments.length; i++) {
      const seg = segments[i] as Segment;
      const part = parts[i] as string;
      if (seg.param) params[seg.text] = safeDecode(part);
      else if (seg.text !== this.fold(safeDecode(part))) return undefined;
    }
    return params;
  }

  private fold(s: string): string {
    return this.caseInsensitive ? s.toLowerCase() : s;
  }
}

/** True when `a` is more specific than `b`: literal beats parameter at the first difference. */
function moreSpecific(a: Segment[], b: Segment[]): boolean {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const pa = (a[i] as Segment).param;
    const pb = (b[i] as Segment).param;
    if (pa !== pb) return !pa;
  }
  return false;
}
