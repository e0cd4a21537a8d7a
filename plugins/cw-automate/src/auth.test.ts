import { afterEach, describe, expect, it } from 'vitest';

import { rejection, startHarness, type Harness } from './automate-harness.test.helper.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('Automate authentication', () => {
  it('logs in through the IsTwoFactorRequired flow with a generated TOTP code', async () => {
    h = await startHarness();
    expect(await h.integration.tokens.accessToken()).toEqual(expect.any(String));
    expect(h.sim.control.auth).toMatchObject({ logins: 1, twoFactorChallenges: 1, rejectedLogins: 0 });
  });

  it('never reuses a code: a second login in the same 30 s step waits for the next code', async () => {
    h = await startHarness();
    await h.integration.tokens.accessToken();
    h.integration.tokens.reset();
    await h.integration.tokens.accessToken();
    expect(h.sim.control.auth).toMatchObject({ logins: 2, rejectedLogins: 0 });
  });

  it('tries the next code once when a code is refused, then succeeds', async () => {
    h = await startHarness();
    h.sim.control.rejectTotp(1);
    await h.integration.tokens.accessToken();
    expect(h.sim.control.auth).toMatchObject({ logins: 1, rejectedLogins: 1 });
  });

  it.each(['unauthorized', 'two-factor-required'] as const)('explains a wrong TOTP secret (server answers %s), mentioning Duo', async (wrongTotpResponse) => {
    h = await startHarness({ sim: { wrongTotpResponse }, config: { mfa: { mode: 'totp', secret: 'JBSWY3DPEHPK3PXP' } } });
    const error = await rejection(h.integration.tokens.accessToken());
    expect(error.code).toBe('RMM_ERR_AUTH');
    expect(error.message).toMatch(/two-factor code/);
    expect(error.hint).toMatch(/manual entry code.*clock|Duo/s);
  });

  it('explains that a Duo user cannot be used', async () => {
    h = await startHarness({ sim: { mfa: 'duo' } });
    const error = await rejection(h.integration.tokens.accessToken());
    expect(error.code).toBe('RMM_ERR_AUTH');
    expect(error.hint).toMatch(/Duo is not supported.*Google Authenticator plugin.*Integrator/s);
  });

  it('logs in an Integrator user without MFA, and explains when the user turns out to need MFA', async () => {
    h = await startHarness({ sim: { mfa: 'none' } });
    await h.integration.tokens.accessToken();
    expect(h.sim.control.auth).toMatchObject({ logins: 1, twoFactorChallenges: 0 });
    await h.close();
    h = await startHarness({ sim: { mfa: 'totp' }, config: { mfa: { mode: 'integrator' } } });
    const error = await rejection(h.integration.tokens.accessToken());
    expect(error.hint).toMatch(/Integrator/);
  });

  it('explains a wrong password without leaking it', async () => {
    h = await startHarness({ config: { password: 'Wrong-Password-123' } });
    const error = await rejection(h.integration.tokens.accessToken());
    expect(error.code).toBe('RMM_ERR_AUTH');
    expect(error.message).toMatch(/username or password/);
    expect(error.hint).toMatch(/password/);
    expect(JSON.stringify({ m: error.message, h: error.hint, logs: h.logs })).not.toContain('Wrong-Password-123');
    // Further calls wait out a cool-down instead of hammering the account, with the same advice.
    const again = await rejection(h.integration.tokens.accessToken());
    expect(again.hint).toBe(error.hint);
    expect(h.sim.control.auth.rejectedLogins).toBe(1);
  });

  it('explains a missing or unregistered ClientId', async () => {
    h = await startHarness();
    h.sim.control.acceptClientId(false);
    const error = await rejection(h.integration.tokens.accessToken());
    expect(error.code).toBe('RMM_ERR_AUTH');
    expect(error.message).toMatch(/ClientId/);
    expect(error.hint).toMatch(/developer\.connectwise\.com/);
  });

  it('refreshes with the JSON-string body before ExpirationDate, without a new TOTP code', async () => {
    h = await startHarness({ sim: { tokenTtlSeconds: 900 } });
    const first = await h.integration.tokens.accessToken();
    h.advance(11 * 60_000); // within the 5-minute renewal window
    const second = await h.integration.tokens.accessToken();
    expect(second).not.toBe(first);
    expect(h.sim.control.auth).toMatchObject({ logins: 1, refreshes: 1, twoFactorChallenges: 1 });
  });

  it('treats an absurd ExpirationDate as unknown and renews on the usual schedule', async () => {
    h = await startHarness({ sim: { tokenTtlSeconds: 200_000_000_000, absoluteTokenTtlSeconds: 200_000_000_000, dateFormat: 'utc' } });
    const first = await h.integration.tokens.accessToken();
    const expiresAt = h.integration.tokens.status().expiresAt ?? Number.POSITIVE_INFINITY;
    expect(expiresAt - h.now()).toBeLessThanOrEqual(3600_000);
    h.advance(60 * 60_000);
    expect(await h.integration.tokens.accessToken()).not.toBe(first);
  });

  it('health check reports whether a TOTP code was actually used, not what was configured', async () => {
    h = await startHarness();
    expect((await h.integration.health.check()).checks[0]?.message).toMatch(/with a TOTP code/);
    await h.close();
    // Configured for TOTP, but the server never asks (the user is not enrolled).
    h = await startHarness({ sim: { mfa: 'none' }, config: { mfa: { mode: 'totp', secret: 'JBSWY3DPEHPK3PXP' } } });
    expect((await h.integration.health.check()).checks[0]?.message).toMatch(/without a TOTP code: the server did not ask for one/);
  });

  it('logs in again with a new TOTP code when refresh fails (server restart)', async () => {
    h = await startHarness();
    await h.integration.tokens.accessToken();
    h.sim.control.restart();
    const rows = await h.integration.http.request<unknown[]>({ method: 'GET', path: '/clients', query: { pageSize: 2 } });
    expect(rows.body).toHaveLength(2);
    expect(h.sim.control.auth).toMatchObject({ logins: 2, twoFactorChallenges: 2, rejectedLogins: 0 });
  });
});
