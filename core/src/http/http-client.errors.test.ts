import { inspect } from 'node:util';

import { describe, expect, it } from 'vitest';

import { AuthError, ConfigError, NotFoundError, PermissionError, ProtocolError, TransientError } from '../errors/index.js';
import { createLogger, memorySink } from '../logging/logger.js';
import { SecretRedactor } from '../secrets/secret-redactor.js';
import { createHttpClient, type HttpClient } from './http-client.js';
import type { HttpClientOptions } from './client-options.js';
import type { HttpEvent } from './http-types.js';
import { failure, sendJson, useLoopbackServer } from './loopback-server.test.helper.js';

const loop = useLoopbackServer();
function client(extra: Partial<HttpClientOptions> = {}): HttpClient {
  const http = createHttpClient({ name: 'nc', baseUrl: loop.server.url, retry: { limit: 0 }, ...extra });
  loop.track(http);
  return http;
}

describe('status mapping', () => {
  it.each([
    [401, 'AuthError', AuthError],
    [403, 'PermissionError', PermissionError],
    [404, 'NotFoundError', NotFoundError],
    [400, 'ProtocolError', ProtocolError],
    [422, 'ProtocolError', ProtocolError],
    [500, 'TransientError', TransientError],
    [302, 'ProtocolError', ProtocolError],
  ] as const)('HTTP %i → %s with method, template, status and a hint', async (status, _name, type) => {
    loop.server.handler = (_req, res) => sendJson(res, status, { status, message: 'FORBIDDEN: ScriptNotRunnableException: nope' }, status === 302 ? { location: 'https://elsewhere/' } : {});
    const error = await failure(client().request({ method: 'GET', path: '/api/devices/{deviceId}', params: { deviceId: 42 } }));
    expect(error).toBeInstanceOf(type);
    expect(error.context).toMatchObject({ method: 'GET', urlTemplate: '/api/devices/{deviceId}', status });
    expect(error.hint).toBeTruthy();
    expect(error.message).toContain('ScriptNotRunnableException');
    expect(error.message).not.toContain('/42');
    expect(loop.server.requests).toHaveLength(1);
  });

  it('reads ASP.NET’s {"Message"} and plain-text bodies', async () => {
    loop.server.handler = (_req, res) => sendJson(res, 403, { Message: 'Authorization has been denied for this request.' });
    expect((await failure(client().request({ method: 'GET', path: '/cwa/api/v1/Computers' }))).message).toContain('Authorization has been denied');
    loop.server.handler = (_req, res) => void res.writeHead(404, { 'content-type': 'text/plain' }).end('no such device');
    expect((await failure(client().request({ method: 'GET', path: '/x' }))).message).toContain('no such device');
  });
});

describe('bodies', () => {
  it('turns an error reported inside a 200 into ProtocolError via detectBodyError', async () => {
    loop.server.handler = (_req, res) => sendJson(res, 200, { 'error message': 'Field not found: soName' });
    const detectBodyError = (body: unknown): string | undefined =>
      typeof body === 'object' && body !== null && 'error message' in body ? String((body as Record<string, unknown>)['error message']) : undefined;
    const error = await failure(client({ detectBodyError }).request({ method: 'GET', path: '/api/service-orgs' }));
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error.message).toContain('Field not found: soName');
    expect(error.context).toMatchObject({ urlTemplate: '/api/service-orgs', status: 200 });
    loop.server.handler = (_req, res) => sendJson(res, 200, { data: [] });
    await expect(client({ detectBodyError }).request({ method: 'GET', path: '/api/service-orgs' })).resolves.toMatchObject({ body: { data: [] } });
  });

  it('reports truncated or invalid JSON as ProtocolError', async () => {
    for (const text of ['{"data":[{"id":1},{"id"', '<html>Bad gateway</html>']) {
      loop.server.handler = (_req, res) => void res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) }).end(text);
      const error = await failure(client().request({ method: 'GET', path: '/api/devices' }));
      expect(error).toBeInstanceOf(ProtocolError);
      expect(error.context).toMatchObject({ bytes: Buffer.byteLength(text) });
    }
  });

  it('treats a connection cut mid-body as transient', async () => {
    loop.server.handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 1000 });
      res.write('{"data":[1,2,3');
      setTimeout(() => res.socket?.destroy(), 5);
    };
    expect(await failure(client().request({ method: 'GET', path: '/api/devices' }))).toBeInstanceOf(TransientError);
  });

  it('returns text for non-JSON, undefined for empty, and parses on demand', async () => {
    loop.server.handler = (req, res) => {
      if (req.url === '/empty') return void res.writeHead(204).end();
      res.writeHead(200, { 'content-type': 'text/plain' }).end('{"a":1}');
    };
    await expect(client().request({ method: 'GET', path: '/text' })).resolves.toMatchObject({ body: '{"a":1}' });
    await expect(client().request({ method: 'GET', path: '/text', responseType: 'json' })).resolves.toMatchObject({ body: { a: 1 } });
    await expect(client().request({ method: 'DELETE', path: '/empty' })).resolves.toMatchObject({ status: 204, body: undefined });
  });
});

describe('secrets never leave in errors, logs or events', () => {
  const HEADER = 'CANARY-header-5f1c9a';
  const QUERY = 'CANARY-query-7d2e4b';
  const BODY = 'CANARY-body-3a8f60';
  const UNREGISTERED = 'UNREG-apikey-91bc2d';
  const BASIC = 'dXNlcjpodW50ZXIyMjIy';
  const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhcGkifQ.c2lnbmF0dXJlLXZhbHVl';

  it.each(['status', 'body-error', 'network'] as const)('on a %s failure', async (kind) => {
    const redactor = new SecretRedactor();
    redactor.add(QUERY);
    redactor.add(BODY);
    const sink = memorySink();
    const events: HttpEvent[] = [];
    // The server echoes the whole request back, as some error pages do.
    loop.server.handler = (req, res) => {
      const echo = `bad request ${req.url} headers=${JSON.stringify(req.headers)} body=${req.body} token ${JWT}`;
      if (kind === 'status') sendJson(res, 400, { message: echo });
      else if (kind === 'body-error') sendJson(res, 200, { 'error message': echo });
      else res.socket?.destroy();
    };
    const http = client({
      redactor,
      secrets: [HEADER],
      headers: { 'x-api-key': HEADER },
      // A logger with its own, empty redactor: the client must scrub before logging.
      logger: createLogger({ sink, redactor: new SecretRedactor(), level: 'debug' }),
      onEvent: (event) => events.push(event),
      detectBodyError: (body) => (body as Record<string, string>)['error message'],
    });
    const error = await failure(
      http.request({
        method: 'POST',
        path: '/api/things/{id}',
        params: { id: 1 },
        query: { pageSize: 50, secret: QUERY, api_key: UNREGISTERED },
        headers: { authorization: `Basic ${BASIC}` },
        json: { password: BODY },
      }),
    );
    expect(loop.server.requests.at(-1)?.url).toContain(UNREGISTERED);
    const surfaces = [error.message, error.hint ?? '', JSON.stringify(error.toJSON()), inspect(error, { depth: 8 }), JSON.stringify(sink.records), JSON.stringify(events)];
    for (const text of surfaces) {
      for (const canary of [HEADER, QUERY, BODY, UNREGISTERED, BASIC, JWT]) expect(text).not.toContain(canary);
    }
    expect(events.some((e) => e.type === 'http:error')).toBe(true);
    expect(sink.records.some((r) => r.msg === 'request failed')).toBe(true);
    if (kind !== 'network') expect(error.message).toContain('[REDACTED]');
  });
});

describe('TLS verification cannot be disabled', () => {
  it('refuses insecure options at compile time and at run time', () => {
    const base = { name: 'nc', baseUrl: 'https://nc.example.com' };
    // @ts-expect-error — there is no option to skip certificate verification
    expect(() => createHttpClient({ ...base, rejectUnauthorized: false })).toThrow(ConfigError);
    // @ts-expect-error — nor an "insecure" switch
    expect(() => createHttpClient({ ...base, insecure: true })).toThrow(/cannot be turned off/);
    // @ts-expect-error — nor raw agent/https options to smuggle it in
    expect(() => createHttpClient({ ...base, https: { rejectUnauthorized: false } })).toThrow(ConfigError);
    const fromConfig = JSON.parse('{"name":"nc","baseUrl":"https://nc.example.com","allowSelfSigned":true}') as HttpClientOptions;
    expect(() => createHttpClient(fromConfig)).toThrow(/cannot be turned off/);
  });

  it('accepts only PEM certificates as an extra CA', () => {
    expect(() => createHttpClient({ name: 'nc', baseUrl: 'https://nc.example.com', ca: 'not a certificate' })).toThrow(ConfigError);
  });
});
