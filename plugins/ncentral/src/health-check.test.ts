import { HealthCheck, HealthReport } from '@rmm-hub/core/plugin';
import { afterEach, describe, expect, it } from 'vitest';

import { parseTokenResponse } from './auth.js';
import { jwtExpiry } from './health-check.js';
import { startHarness, type Harness, type HarnessOptions } from './ncentral-harness.test.helper.js';
import { EXPIRED_PASSWORD_HINT } from './nc-errors.js';

const harnesses: Harness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});
async function start(options: HarnessOptions = {}): Promise<Harness> {
  const h = await startHarness(options);
  harnesses.push(h);
  return h;
}
async function check(h: Harness): Promise<HealthReport> {
  return HealthReport.parse(await h.get(HealthCheck).check());
}
const byName = (r: HealthReport, name: string) => r.checks.find((c) => c.name === name);

describe('HealthCheck', () => {
  it('is healthy against a well-configured server, with every check named', async () => {
    const r = await check(await start());
    expect(r.status).toBe('healthy');
    expect(r.checks.map((c) => [c.name, c.status])).toEqual([
      ['token-exchange', 'pass'],
      ['service-orgs', 'pass'],
      ['device-visibility', 'pass'],
      ['repository-item', 'pass'],
      ['clock-and-latency', 'pass'],
      ['server-time-zone', 'pass'],
      ['credential-expiry', 'pass'],
    ]);
    expect(byName(r, 'service-orgs')!.message).toMatch(/^1 service/);
    expect(byName(r, 'device-visibility')!.message).toBe('3 customer(s) and 7 device(s) visible');
    expect(r.credentialExpiresAt).toBeUndefined();
  });

  it('EULA not accepted: device visibility fails with the EULA hint', async () => {
    const h = await start();
    h.sim.control.setEulaAccepted(false);
    const r = await check(h);
    expect(r.status).toBe('unhealthy');
    expect(byName(r, 'device-visibility')).toMatchObject({ status: 'fail', hint: expect.stringMatching(/log in to the N-central UI once as the API user and accept the EULA/i) });
  });

  it('expired password: token exchange fails with the reset-then-new-JWT hint, and recovers once fixed', async () => {
    const h = await start();
    h.sim.control.setPasswordExpired(true);
    const r = await check(h);
    expect(byName(r, 'token-exchange')).toMatchObject({ status: 'fail', hint: EXPIRED_PASSWORD_HINT });
    expect(r.checks.map((c) => c.name)).not.toContain('device-visibility');
    h.sim.control.setPasswordExpired(false);
    expect((await check(h)).status).toBe('healthy');
  });

  it('tells a missing scheduled-tasks route apart from the missing device 0', async () => {
    const h = await start();
    h.sim.faults.add({ kind: 'server-error', method: 'POST', route: '/api/scheduled-tasks/direct', status: 404, body: { status: 404, error: 'Not Found', path: '/api/scheduled-tasks/direct' } });
    const discovery = h.sim.faults.add({ kind: 'server-error', method: 'GET', route: '/api', status: 200, body: { _links: { root: '/api', devices: '/api/devices' } } });
    expect(byName(await check(h), 'repository-item')).toMatchObject({ status: 'fail', message: expect.stringMatching(/no scheduled-tasks API/), hint: expect.stringMatching(/2023\.9/) });
    discovery.remove();
    expect(byName(await check(h), 'repository-item')).toMatchObject({ status: 'pass' });
  });

  it('treats an absurd token lifetime as unknown', () => {
    const tokens = parseTokenResponse({ tokens: { access: { token: 'a', expirySeconds: 6_036_477_228_499_045 }, refresh: { token: 'r', expirySeconds: '90000' } } }, 0);
    expect(tokens).toMatchObject({ accessToken: 'a', expiresAt: undefined, refreshExpiresAt: 90_000_000 });
  });

  it('a repository item without Enable API fails its check with the fix', async () => {
    const h = await start();
    h.sim.control.setRepositoryItem(h.sim.repositoryId, { name: 'RunScript', apiEnabled: false, kind: 'AutomationPolicy' });
    expect(byName(await check(h), 'repository-item')).toMatchObject({ status: 'fail', hint: expect.stringMatching(/Enable API/) });
    expect(h.sim.control.taskCount).toBe(0);
  });

  it('warns on clock skew, on a configured service org that is missing, and forecasts JWT expiry', async () => {
    const soon = Date.now() + 3 * 86_400_000;
    const h = await start({ sim: { jwtExpiresAt: soon }, config: { serviceOrgIds: ['50', '51'] } });
    h.sim.control.advanceClock(10 * 60_000);
    const r = await check(h);
    expect(byName(r, 'clock-and-latency')).toMatchObject({ status: 'warn', hint: expect.stringMatching(/NTP/) });
    expect(byName(r, 'service-orgs')).toMatchObject({ status: 'fail', message: expect.stringMatching(/51/) });
    expect(byName(r, 'credential-expiry')).toMatchObject({ status: 'warn', hint: expect.stringMatching(/new JWT/) });
    expect(Date.parse(r.credentialExpiresAt!)).toBe(Math.floor(soon / 1000) * 1000);
  });

  it('a rejected JWT fails the token exchange with a hint, and never throws', async () => {
    const h = await start();
    h.sim.control.regenerateJwt();
    const r = await check(h);
    expect(r.status).toBe('unhealthy');
    expect(byName(r, 'token-exchange')).toMatchObject({ status: 'fail', hint: expect.stringMatching(/new JWT/) });
    expect(JSON.stringify(r)).not.toContain(h.config.jwt);
  });

  it('reads the exp claim of a JWT, and nothing from a token without one', () => {
    const make = (payload: object) => `e30.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.sig`;
    expect(jwtExpiry(make({ exp: 1_900_000_000 }))).toBe(1_900_000_000_000);
    expect(jwtExpiry(make({ sub: 'x' }))).toBeUndefined();
    expect(jwtExpiry('not-a-jwt')).toBeUndefined();
  });
});
