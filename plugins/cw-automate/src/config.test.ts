import { secretPaths } from '@rmm-hub/core/plugin';
import { describe, expect, it } from 'vitest';

import { apiBaseUrl, AutomateConfig } from './config.js';

const base = {
  serverUrl: 'https://acme.hostedrmm.com',
  clientId: '{0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0}',
  username: 'rmmhub',
  password: 'pw',
  mfa: { mode: 'totp', secret: 'jbsw y3dp ehpk 3pxp' },
};

describe('AutomateConfig', () => {
  it('parses a full config with defaults and normalises the ClientId and TOTP secret', () => {
    const config = AutomateConfig.parse(base);
    expect(config.clientId).toBe('0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0');
    expect(config.mfa).toEqual({ mode: 'totp', secret: 'JBSWY3DPEHPK3PXP' });
    expect(config).toMatchObject({ pageSize: 1000, concurrency: 4, scriptPollIntervalMs: 2000, features: { deleteAgent: false, moveAgent: false } });
  });

  it('marks the password and the TOTP secret as secrets', () => {
    expect(secretPaths(AutomateConfig).sort()).toEqual(['mfa.secret', 'password']);
  });

  it('explains a missing or malformed ClientId', () => {
    const { clientId: _omit, ...rest } = base;
    expect(AutomateConfig.safeParse(rest).error?.issues[0]?.message).toMatch(/developer\.connectwise\.com/);
    expect(AutomateConfig.safeParse({ ...base, clientId: 'abc' }).error?.issues[0]?.message).toMatch(/GUID/);
  });

  it('takes integrator mode without a secret, and refuses Duo with the alternative', () => {
    expect(AutomateConfig.parse({ ...base, mfa: { mode: 'integrator' } }).mfa).toEqual({ mode: 'integrator' });
    const duo = AutomateConfig.safeParse({ ...base, mfa: { mode: 'duo' } });
    expect(duo.error?.issues[0]?.message).toMatch(/Duo is not supported.*Google Authenticator/);
  });

  it('refuses a TOTP secret that is not Base32 or too short', () => {
    expect(AutomateConfig.safeParse({ ...base, mfa: { mode: 'totp', secret: 'ABC' } }).success).toBe(false);
    expect(AutomateConfig.safeParse({ ...base, mfa: { mode: 'totp', secret: 'ABCDEFG1' } }).success).toBe(false);
  });

  it.each([
    ['acme.hostedrmm.com', 'https://acme.hostedrmm.com/cwa/api/v1'],
    ['https://acme.hostedrmm.com/', 'https://acme.hostedrmm.com/cwa/api/v1'],
    ['https://automate.example.com/cwa', 'https://automate.example.com/cwa/api/v1'],
    ['https://automate.example.com:8443/cwa/api/v1/', 'https://automate.example.com:8443/cwa/api/v1'],
    ['http://127.0.0.1:4000', 'http://127.0.0.1:4000/cwa/api/v1'],
  ])('the API base of %s is %s', (input, expected) => {
    expect(apiBaseUrl(input)).toBe(expected);
  });
});
