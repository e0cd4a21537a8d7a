/**
 * Counts the HTTP requests this process sends, through Node's diagnostics channels — one for
 * `node:http` (got, axios, the core HTTP toolkit) and one for undici (`fetch`). The streaming
 * check uses it to see how many pages a plugin has fetched at the moment it hands over a record,
 * without knowing anything about the plugin's server.
 */
import diagnostics from 'node:diagnostics_channel';

/** One request seen on the wire. */
export interface SeenRequest {
  readonly method: string;
  /** The path without its query: pages of one listing share it. */
  readonly pathname: string;
}

/** A running counter; call `stop()` when done. */
export interface RequestCounter {
  readonly requests: readonly SeenRequest[];
  stop(): void;
}

const HTTP_CHANNEL = 'http.client.request.start';
const UNDICI_CHANNEL = 'undici:request:create';

/** Starts counting every outgoing HTTP request of this process. */
export function countRequests(): RequestCounter {
  const requests: SeenRequest[] = [];
  const onHttp = (message: unknown): void => {
    const request = (message as { request?: { method?: string; path?: string } }).request;
    if (request) requests.push({ method: request.method ?? 'GET', pathname: (request.path ?? '/').split('?')[0] ?? '/' });
  };
  const onUndici = (message: unknown): void => {
    const request = (message as { request?: { method?: string; path?: string } }).request;
    if (request) requests.push({ method: request.method ?? 'GET', pathname: (request.path ?? '/').split('?')[0] ?? '/' });
  };
  diagnostics.subscribe(HTTP_CHANNEL, onHttp);
  diagnostics.subscribe(UNDICI_CHANNEL, onUndici);
  return {
    requests,
    stop() {
      diagnostics.unsubscribe(HTTP_CHANNEL, onHttp);
      diagnostics.unsubscribe(UNDICI_CHANNEL, onUndici);
    },
  };
}

/** `METHOD pathname` — the endpoint key pages of one listing share. */
export function endpointOf(request: SeenRequest): string {
  return `${request.method} ${request.pathname}`;
}
