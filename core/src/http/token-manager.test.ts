import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { AuthError, ErrorCodes, TransientError } from '../errors/index.js';
import { createLogger, memorySink } from '../logging/logger.js';
import { SecretRedactor } from '../secrets/secret-redactor.js';
import type { ConcurrencyOptions } from './endpoint-limiter.js';
import { createHttpClient, type HttpClient } from './http-client.js';
import type { HttpRequester } from './http-types.js';
import { delay, sendJson, startLoopback, type LoopbackServer } from './loopback-server.test.helper.js';
import { createTokenManager, type TokenManagerOptions, type TokenSet } from './token-manager.js';

/** An N-central-shaped auth server: authenticate with a JWT, refresh with a text/plain body. */
const auth = {
  jwt: 'JWT-good-credential-0001',
  issued: 0,
  acquires: 0,
  refreshes: 0,
  validAccess: new Set<string>(),
  validRefresh: new Set<string>(),
  authStatus: 200,
  /** When true, the data endpoint refuses every token. */
  alwaysUnauthorized: false,
  /** When > 0, every access token dies after this many requests were served (rotation). */
  rotateEvery: 0,
  served: 0,
  rotations: 0,
  /** `url bearer` of every data request refused with 401. */
  refused: [] as string[],
  reset(): void {
    this.refused = [];
    Object.assign(this, { acquires: 0, refreshes: 0, authStatus: 200, alwaysUnauthorized: false, jwt: 'JWT-good-credential-0001', rotateEvery: 0, served: 0, rotations: 0 });
    this.validAccess.clear();
    this.validRefresh.clear();
  },
};

function issue(res: Parameters<typeof sendJson>[0]): void {
  const n = ++auth.issued;
  const access = `access-token-${n}-${Math.random().toString(36).slice(2)}`;
  const refresh = `refresh-token-${n}-${Math.random().toString(36).slice(2)}`;
  auth.validAccess.add(access);
  auth.validRefresh.add(refresh);
  sendJson(res, 200, { tokens: { access: { token: access, expirySeconds: 3600 }, refresh: { token: refresh, expirySeconds: 90000 } } });
}

let server: LoopbackServer;
let clock = 1_000_000;
/** What the plugin is configured with (the server accepts `auth.jwt`). */
let configuredJwt = 'JWT-good-credential-0001';
const clients: HttpClient[] = [];

beforeAll(async () => {
  server = await startLoopback(async (req, res) => {
    await delay(1);
    if (req.url === '/api/auth/authenticate') {
      auth.acquires++;
      if (auth.authStatus !== 200) return sendJson(res, auth.authStatus, { status: auth.authStatus, message: 'upstream unavailable' });
      if (req.headers.authorization !== `Bearer ${auth.jwt}`) return sendJson(res, 401, { status: 401, message: 'Invalid JWT: token expired or revoked' });
      return issue(res);
    }
    if (req.url === '/api/auth/refresh') {
      auth.refreshes++;
      if (req.headers['content-type'] !== 'text/plain' || !auth.validRefresh.delete(req.body)) return sendJson(res, 401, { status: 401, message: 'refresh rejected' });
      return issue(res);
    }
    const bearer = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
    if (auth.alwaysUnauthorized || !auth.validAccess.has(bearer)) {
      auth.refused.push(`${req.url} ${bearer}`);
      return sendJson(res, 401, { status: 401, message: 'Unauthorized' });
    }
    if (auth.rotateEvery > 0 && ++auth.served % auth.rotateEvery === 0) {
      auth.validAccess.clear();
      auth.rotations++;
    }
    return sendJson(res, 200, { token: bearer.slice(0, 16), body: req.body });
  });
});
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
  auth.reset();
  server.requests.length = 0;
  clock = 1_000_000;
  configuredJwt = 'JWT-good-credential-0001';
});
afterAll(() => server.close());

interface AuthBody {
  tokens: { access: { token: string; expirySeconds: number }; refresh: { token: string; expirySeconds: number } };
}
const toSet = (body: AuthBody): TokenSet => ({
  accessToken: body.tokens.access.token,
  expiresAt: clock + body.tokens.access.expirySeconds * 1000,
  refreshToken: body.tokens.refresh.token,
  refreshExpiresAt: clock + body.tokens.refresh.expirySeconds * 1000,
});

function setup(extra: Partial<TokenManagerOptions> = {}, concurrency?: ConcurrencyOptions) {
  const redactor = new SecretRedactor();
  const tokens = createTokenManager({
    name: 'nc',
    redactor,
    now: () => clock,
    renewBeforeMs: 60_000,
    acquire: async (http: HttpRequester) =>
      toSet((await http.request<AuthBody>({ method: 'POST', path: '/api/auth/authenticate', headers: { authorization: `Bearer ${configuredJwt}` } })).body),
    refresh: async (http, current) =>
      toSet((await http.request<AuthBody>({ method: 'POST', path: '/api/auth/refresh', body: current.refreshToken ?? '', headers: { 'content-type': 'text/plain' } })).body),
    ...extra,
  });
  const http = createHttpClient({ name: 'nc', baseUrl: server.url, tokens, redactor, retry: { limit: 0 }, ...(concurrency ? { concurrency } : {}) });
  clients.push(http);
  const get = () => http.request<{ token: string }>({ method: 'GET', path: '/api/devices' });
  return { tokens, http, redactor, get };
}

describe('token manager', () => {
  it('acquires once, reuses the token, and registers it with the redactor', async () => {
    const { get, redactor, tokens } = setup();
    await Promise.all([get(), get(), get()]);
    await get();
    expect(auth.acquires).toBe(1);
    const sent = server.requests.find((r) => r.url === '/api/devices')?.headers.authorization?.replace('Bearer ', '') ?? '';
    expect(redactor.leaks(`token=${sent}`)).toBe(true);
    expect(tokens.status()).toMatchObject({ state: 'valid', expiresAt: 1_000_000 + 3_600_000 });
  });

  it('does not scrub a received token too short to be distinctive (a mock server\'s "string")', async () => {
    const { tokens, redactor } = setup({ acquire: async () => ({ accessToken: 'string', expiresAt: clock + 3_600_000 }) });
    expect(await tokens.accessToken()).toBe('string');
    expect(redactor.redact('Automate string')).toBe('Automate string');
  });

  it('renews before expiry with the refresh token', async () => {
    const { get } = setup();
    const first = (await get()).body.token;
    clock += 3_600_000 - 30_000; // inside the 60 s renewal window, not yet expired
    const second = (await get()).body.token;
    expect(second).not.toBe(first);
    expect([auth.acquires, auth.refreshes]).toEqual([1, 1]);
  });

  it('falls back to a full re-authentication when refresh fails', async () => {
    const { get } = setup();
    await get();
    auth.validRefresh.clear();
    clock += 3_600_000;
    await expect(get()).resolves.toMatchObject({ status: 200 });
    expect([auth.acquires, auth.refreshes]).toEqual([2, 1]);
  });

  it('answers a 401 with exactly one renewal and one retry, even for POST', async () => {
    const { http } = setup();
    await http.request({ method: 'GET', path: '/api/devices' });
    auth.validAccess.clear(); // the server restarted and forgot its tokens
    const res = await http.request<{ body: string }>({ method: 'POST', path: '/api/scheduled-tasks/direct', json: { n: 1 } });
    expect(res.body.body).toBe('{"n":1}');
    expect(auth.refreshes).toBe(1);
    expect(server.requests.filter((r) => r.url === '/api/scheduled-tasks/direct')).toHaveLength(2);
  });

  it('survives token rotation at full concurrency: requests leave with the current token, one 401 per rotation at most', async () => {
    const cap = 3;
    const { http } = setup({}, { default: cap });
    await http.request({ method: 'GET', path: '/api/devices' });
    auth.rotateEvery = 7;
    // Far more requests than the cap: most wait for a slot while the token they started with dies.
    const results = await Promise.allSettled(Array.from({ length: 80 }, (_, n) => http.request({ method: 'GET', path: '/api/devices', query: { n } })));
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(auth.rotations).toBeGreaterThanOrEqual(10);
    // Only requests already on the wire when a token died can be refused for it, each once.
    expect(auth.refused.length).toBeLessThanOrEqual(auth.rotations * cap);
    expect(new Set(auth.refused).size).toBe(auth.refused.length);
    // Renewals stay single-flight: one per rotation.
    expect(auth.refreshes + auth.acquires - 1).toBe(auth.rotations);
  });

  it('gives up with AuthError when the fresh token is refused too', async () => {
    const { get } = setup();
    await get();
    auth.alwaysUnauthorized = true;
    const error = await get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).context).toMatchObject({ status: 401, urlTemplate: '/api/devices' });
    expect(auth.refreshes).toBe(1);
    expect(server.requests.filter((r) => r.url === '/api/devices')).toHaveLength(3);
  });

  it('enters "credentials rejected" and stops calling the server until the cool-down passes', async () => {
    configuredJwt = 'JWT-regenerated-so-now-stale';
    const { get, tokens } = setup({ rejectedCoolDownMs: 60_000 });
    const first = (await get().catch((e: unknown) => e)) as AuthError;
    expect(first).toBeInstanceOf(AuthError);
    expect(first.message).toContain('Invalid JWT: token expired or revoked');
    expect(first.hint).toMatch(/credentials/);
    const again = await Promise.all(Array.from({ length: 5 }, () => get().catch((e: unknown) => e)));
    expect(again.every((e) => (e as AuthError).code === ErrorCodes.auth)).toBe(true);
    expect(auth.acquires).toBe(1);
    expect(tokens.status()).toMatchObject({ state: 'rejected', retryAt: 1_000_000 + 60_000 });

    clock += 60_001; // one more attempt after the cool-down; the next cool-down doubles
    await expect(get()).rejects.toBeInstanceOf(AuthError);
    expect(auth.acquires).toBe(2);
    expect(tokens.status().retryAt).toBe(clock + 120_000);

    configuredJwt = 'JWT-good-credential-0001';
    await expect(get()).rejects.toBeInstanceOf(AuthError);
    expect(auth.acquires).toBe(2);
    tokens.reset(); // a person fixed the credentials
    await expect(get()).resolves.toMatchObject({ status: 200 });
    expect(auth.acquires).toBe(3);
  });

  it('does not treat an unavailable auth server as rejected credentials', async () => {
    auth.authStatus = 503;
    const { get, tokens } = setup();
    await expect(get()).rejects.toBeInstanceOf(TransientError);
    expect(tokens.status().state).toBe('empty');
    auth.authStatus = 200;
    await expect(get()).resolves.toMatchObject({ status: 200 });
  });

  it('scrubs tokens from its own log lines, whatever the logger’s redactor knows', async () => {
    const sink = memorySink();
    let leaked = '';
    const { get } = setup({
      logger: createLogger({ sink, redactor: new SecretRedactor(), level: 'debug' }),
      refresh: async (_http, current) => {
        leaked = current.refreshToken ?? '';
        throw new Error(`refresh failed for ${leaked}`);
      },
    });
    await get();
    clock += 3_600_001;
    await get();
    expect(leaked).toMatch(/^refresh-token-/);
    expect(sink.records.some((r) => r.msg.includes('refresh failed'))).toBe(true);
    expect(JSON.stringify(sink.records)).not.toContain(leaked);
  });

  it('keeps using a still-valid token when early renewal fails transiently', async () => {
    const { get } = setup();
    const first = (await get()).body.token;
    clock += 3_600_000 - 30_000;
    auth.validRefresh.clear();
    auth.authStatus = 503;
    expect((await get()).body.token).toBe(first);
  });

  it('property: concurrent callers during a token expiry trigger exactly one renewal', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 25 }),
        fc.constantFrom('expired', 'renewal-window', 'server-forgot-token'),
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 25, maxLength: 25 }),
        async (callers, situation, starts) => {
          const { get, http } = setup();
          await get();
          const before = auth.acquires + auth.refreshes;
          if (situation === 'expired') clock += 3_600_001;
          if (situation === 'renewal-window') clock += 3_600_000 - 1_000;
          if (situation === 'server-forgot-token') auth.validAccess.clear();
          const results = await Promise.all(
            Array.from({ length: callers }, async (_, i) => {
              await delay(starts[i] ?? 0);
              return (await get()).body.token;
            }),
          );
          http.close();
          expect(auth.acquires + auth.refreshes - before).toBe(1);
          expect(new Set(results).size).toBe(1);
          auth.reset();
          clock = 1_000_000;
        },
      ),
      { numRuns: 40 },
    );
  });
});
