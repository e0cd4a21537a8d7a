import { afterEach, describe, expect, it } from 'vitest';

import { startNcentralSim, type NcentralSim } from './ncentral-sim.js';
import { UI_SESSION_MESSAGE } from './nc-guard.js';
import { ncFetch, ncSession } from './nc-test-support.js';
import { sampleNcentralFleet } from './sample-ncentral-fleet.js';

const sims: NcentralSim[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});
async function start(opts: Partial<Parameters<typeof startNcentralSim>[0]> = {}): Promise<NcentralSim> {
  const sim = await startNcentralSim({ fleet: sampleNcentralFleet(), ...opts });
  sims.push(sim);
  return sim;
}
const authenticate = (sim: NcentralSim, headers: Record<string, string> = {}) =>
  ncFetch(`${sim.url}/api/auth/authenticate`, { method: 'POST', headers: { Authorization: `Bearer ${sim.jwt}`, ...headers } });
const refresh = (sim: NcentralSim, token: string, type = 'text/plain') =>
  ncFetch(`${sim.url}/api/auth/refresh`, { method: 'POST', headers: { 'Content-Type': type }, body: token });

describe('N-central sim: auth', () => {
  it('authenticate answers the documented token shape with default lifetimes', async () => {
    const sim = await start();
    expect(sim.jwt).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    const res = await authenticate(sim);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      tokens: {
        access: { token: expect.any(String), type: 'Bearer', expirySeconds: 3600 },
        refresh: { token: expect.any(String), type: 'Body', expirySeconds: 90000 },
      },
      refresh: '/api/auth/refresh',
      validate: '/api/auth/validate',
    });
    const again = await authenticate(sim);
    expect(again.body.tokens.access.token).not.toBe(res.body.tokens.access.token);
  });

  it('honours expiry overrides, capped at the system maximum, and refuses malformed ones', async () => {
    const sim = await start();
    const short = await authenticate(sim, { 'X-ACCESS-EXPIRY-OVERRIDE': '120s', 'X-REFRESH-EXPIRY-OVERRIDE': '30m' });
    expect(short.body.tokens.access.expirySeconds).toBe(120);
    expect(short.body.tokens.refresh.expirySeconds).toBe(1800);
    const long = await authenticate(sim, { 'X-ACCESS-EXPIRY-OVERRIDE': '5h', 'X-REFRESH-EXPIRY-OVERRIDE': '48h' });
    expect(long.body.tokens.access.expirySeconds).toBe(3600);
    expect(long.body.tokens.refresh.expirySeconds).toBe(90000);
    for (const bad of ['7d', 'soon', '-5s']) expect((await authenticate(sim, { 'X-ACCESS-EXPIRY-OVERRIDE': bad })).status).toBe(400);
  });

  it('rejects a missing or wrong JWT with 401 and an error body', async () => {
    const sim = await start();
    const none = await ncFetch(`${sim.url}/api/auth/authenticate`, { method: 'POST' });
    expect(none.status).toBe(401);
    const wrong = await ncFetch(`${sim.url}/api/auth/authenticate`, { method: 'POST', headers: { Authorization: 'Bearer eyJx.eyJy.z' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ status: 401, message: expect.stringMatching(/User-API token/) });
  });

  it('refresh takes the raw token as text/plain, rotates both tokens and invalidates the old refresh token', async () => {
    const sim = await start();
    const first = (await authenticate(sim)).body.tokens;
    const r1 = await refresh(sim, first.refresh.token);
    expect(r1.status).toBe(200);
    expect(r1.body.tokens.refresh.token).not.toBe(first.refresh.token);
    expect(r1.body.tokens.access.token).not.toBe(first.access.token);
    expect((await refresh(sim, first.refresh.token)).status).toBe(401);
    expect((await refresh(sim, r1.body.tokens.refresh.token, 'application/json')).status).toBe(400);
    const v = await ncFetch(`${sim.url}/api/auth/validate`, { headers: { Authorization: `Bearer ${r1.body.tokens.access.token}` } });
    expect(v.body).toEqual({ message: 'The token is valid.' });
  });

  it('ignores any Authorization header on refresh', async () => {
    const sim = await start();
    const t = (await authenticate(sim)).body.tokens;
    const res = await ncFetch(`${sim.url}/api/auth/refresh`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', Authorization: 'Bearer nonsense' },
      body: t.refresh.token,
    });
    expect(res.status).toBe(200);
  });

  it('expires access tokens by the clock, and on demand; refresh still works until it expires too', async () => {
    const sim = await start();
    const s = await ncSession(sim.url, sim.jwt);
    expect((await s.get('/api/customers')).status).toBe(200);
    sim.control.advanceClock(3601_000);
    expect((await s.get('/api/customers')).status).toBe(401);
    const r = await refresh(sim, s.refresh);
    expect(r.status).toBe(200);
    sim.control.expireAccessTokens();
    const v = await ncFetch(`${sim.url}/api/auth/validate`, { headers: { Authorization: `Bearer ${r.body.tokens.access.token}` } });
    expect(v.status).toBe(401);
    sim.control.expireAllTokens();
    expect((await refresh(sim, r.body.tokens.refresh.token)).status).toBe(401);
    expect((await authenticate(sim)).status).toBe(200);
  });

  it('a restart drops every token; regenerating the JWT invalidates the old one', async () => {
    const sim = await start();
    const s = await ncSession(sim.url, sim.jwt);
    sim.control.restart();
    expect((await s.get('/api/customers')).status).toBe(401);
    expect((await refresh(sim, s.refresh)).status).toBe(401);
    const old = sim.jwt;
    const fresh = sim.control.regenerateJwt();
    expect(fresh).not.toBe(old);
    expect((await ncFetch(`${sim.url}/api/auth/authenticate`, { method: 'POST', headers: { Authorization: `Bearer ${old}` } })).status).toBe(401);
    expect((await authenticate(sim)).status).toBe(200);
  });

  it('an expired API-user password answers 500 "Unable to validate UI session" on every session call', async () => {
    const sim = await start();
    const s = await ncSession(sim.url, sim.jwt);
    sim.control.setPasswordExpired(true);
    for (const res of [await authenticate(sim), await s.get('/api/customers'), await s.get('/api/devices'), await refresh(sim, s.refresh)]) {
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ status: 500, message: UI_SESSION_MESSAGE });
    }
    expect((await ncFetch(`${sim.url}/api/health`)).status).toBe(200);
    sim.control.setPasswordExpired(false);
    expect((await authenticate(sim)).status).toBe(200);
  });

  it('puts an exp claim in the JWT only when configured', async () => {
    const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1] as string, 'base64url').toString()) as Record<string, unknown>;
    expect(claims((await start()).jwt)['exp']).toBeUndefined();
    expect(claims((await start({ jwtExpiresAt: '2026-09-01T00:00:00Z' })).jwt)['exp']).toBe(Date.parse('2026-09-01T00:00:00Z') / 1000);
  });

  it('link discovery and health need no token; health reports the (skewable) server clock', async () => {
    const sim = await start();
    expect((await ncFetch(`${sim.url}/api`)).body._links.devices).toBe('/api/devices');
    expect((await ncFetch(`${sim.url}/api/auth`)).body.refresh).toBe('/api/auth/refresh');
    sim.control.advanceClock(600_000);
    const h = await ncFetch(`${sim.url}/api/health`);
    expect(Date.parse(h.body.currentTime) - Date.now()).toBeGreaterThan(590_000);
    expect((await ncFetch(`${sim.url}/api/server-info`)).body.ncentral).toBe('2024.6.0.20');
  });
});
