import { afterEach, describe, expect, it } from 'vitest';

import { totpCode } from './automate/totp.js';
import { describeSims, parseSimArgs, SimUsageError, startSims, type RunningSims } from './cli.js';
import { DEFAULT_FLEET_EPOCH } from './fleet/defaults.js';

const NOW = Date.parse('2026-02-01T12:00:00Z');
let running: RunningSims | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('parseSimArgs', () => {
  it('applies defaults', () => {
    expect(parseSimArgs([], () => NOW)).toEqual({
      seed: 1, devices: 1000, latencyMs: 0, tenants: undefined, mfa: 'totp', epoch: new Date(NOW).toISOString(), rotateTokensEvery: 0, timeZone: 'UTC', json: false, help: false,
    });
  });

  it('reads every option', () => {
    const o = parseSimArgs(['--seed=-7', '--devices', '250', '--latency', '20', '--tenants', '9', '--mfa', 'none', '--epoch', 'fixed', '--rotate-tokens', '500', '--time-zone', 'Europe/Berlin', '--json'], () => NOW);
    expect(o).toMatchObject({ seed: -7, devices: 250, latencyMs: 20, tenants: 9, mfa: 'none', epoch: DEFAULT_FLEET_EPOCH, rotateTokensEvery: 500, timeZone: 'Europe/Berlin', json: true });
    expect(parseSimArgs(['-h']).help).toBe(true);
  });

  it.each([
    [['--seed', 'abc']],
    [['--latency', '-1']],
    [['--mfa', 'duo']],
    [['--epoch', 'soon']],
    [['--rotate-tokens', '-1']],
    [['--time-zone', 'Mars/Olympus']],
    [['--bogus']],
    [['--devices']],
  ])('rejects %j with a usage error', (argv) => {
    expect(() => parseSimArgs(argv)).toThrow(SimUsageError);
  });
});

describe('startSims', () => {
  it('rejects an out-of-range fleet as a usage error', async () => {
    await expect(startSims(parseSimArgs(['--devices', '5']))).rejects.toBeInstanceOf(SimUsageError);
  });

  it('starts both simulators on loopback with credentials that work', async () => {
    const options = parseSimArgs(['--seed', '3', '--devices', '60'], () => NOW);
    running = await startSims(options);
    const text = describeSims(running, options, NOW);
    expect(text).toContain(`${running.ncentral.url}/api`);
    expect(text).toContain(`${running.automate.url}/cwa/api/v1`);
    expect(text).toContain(running.ncentral.jwt);
    expect(text).toContain(running.automate.password);
    expect(text).toContain(totpCode(running.automate.totpSecret, NOW));
    expect(running.ncentral.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const info = JSON.parse(describeSims(running, { ...options, json: true }, NOW)) as {
      ncentral: { apiBase: string; jwt: string };
      automate: { apiBase: string; clientId: string; username: string; password: string; totpSecret: string };
    };
    const nc = await fetch(`${info.ncentral.apiBase}/auth/authenticate`, { method: 'POST', headers: { Authorization: `Bearer ${info.ncentral.jwt}` } });
    expect(nc.status).toBe(200);
    await nc.arrayBuffer();
    const cw = await fetch(`${info.automate.apiBase}/apitoken`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ClientId: info.automate.clientId },
      body: JSON.stringify({ UserName: info.automate.username, Password: info.automate.password, TwoFactorPasscode: totpCode(info.automate.totpSecret, Date.now()) }),
    });
    expect(cw.status).toBe(200);
    expect(((await cw.json()) as { AccessToken: unknown }).AccessToken).toEqual(expect.any(String));
  });
});
