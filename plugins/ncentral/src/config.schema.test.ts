import { fc, test } from '@fast-check/vitest';
import { secretPaths } from '@rmm-hub/core/plugin';
import { describe, expect, it } from 'vitest';

import { NcentralConfig } from './config.schema.js';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhcGkifQ.c2lnbmF0dXJl';
const minimal = { serverUrl: 'https://ncentral.example.com', jwt: JWT, runScriptRepositoryId: 104512 };

describe('NcentralConfig', () => {
  it('needs only the server, the JWT and the repository id, and fills the defaults', () => {
    expect(NcentralConfig.parse(minimal)).toEqual({
      ...minimal,
      pageSize: 500,
      concurrency: { default: 5, endpoints: {} },
      retryDelaysMs: [2000, 5000, 10000, 20000],
      serverTimeZone: 'UTC',
      onlineWithinMinutes: 30,
      runScript: { scriptParameter: 'Script', languageParameter: 'Language', taskNamePrefix: 'rmm-hub', pollIntervalMs: 5000 },
      agentUrl: '/deviceDetails.jsp?deviceID={agentId}',
      features: { deleteAgent: false },
    });
  });

  it('marks the JWT as the only secret', () => {
    expect(secretPaths(NcentralConfig)).toEqual(['jwt']);
  });

  it.each([
    [{ serverUrl: undefined }, 'serverUrl'],
    [{ jwt: undefined }, 'jwt'],
    [{ runScriptRepositoryId: undefined }, 'runScriptRepositoryId'],
    [{ serverUrl: 'ftp://x' }, 'serverUrl'],
    [{ jwt: 'short' }, 'jwt'],
    [{ pageSize: 0 }, 'pageSize'],
    [{ pageSize: 1001 }, 'pageSize'],
    [{ serviceOrgIds: ['abc'] }, 'serviceOrgIds'],
    [{ concurrency: { endpoints: { assets: 3 } } }, 'concurrency'],
    [{ accessTokenLifetime: '7d' }, 'accessTokenLifetime'],
  ])('refuses %j at %s', (patch, path) => {
    const result = NcentralConfig.safeParse({ ...minimal, ...patch });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path[0]).toBe(path);
  });

  it('coerces ids given as numbers or strings', () => {
    const c = NcentralConfig.parse({ ...minimal, runScriptRepositoryId: '2001', serviceOrgIds: [50, '51'] });
    expect(c.runScriptRepositoryId).toBe(2001);
    expect(c.serviceOrgIds).toEqual(['50', '51']);
  });

  test.prop([fc.integer({ min: 1, max: 1000 }), fc.boolean(), fc.integer({ min: 1, max: 50 })])('round-trips any valid tuning', (pageSize, fetchAssets, cap) => {
    const input = { ...minimal, pageSize, fetchAssets, concurrency: { default: cap, endpoints: { 'GET /api/devices/{deviceId}/assets': cap } } };
    const parsed = NcentralConfig.parse(input);
    expect(NcentralConfig.parse(parsed)).toEqual(parsed);
    expect(parsed).toMatchObject(input);
  });
});

describe('serverUrl', () => {
  it.each([
    ['https://ncentral.example.com', 'https://ncentral.example.com'],
    ['https://ncentral.example.com/', 'https://ncentral.example.com'],
    ['https://ncentral.example.com/api', 'https://ncentral.example.com'],
    ['https://ncentral.example.com/api/', 'https://ncentral.example.com'],
    ['https://ncentral.example.com:8443/dms2/main.jsp?x=1', 'https://ncentral.example.com:8443'],
  ])('%s is read as the server root %s', (serverUrl, root) => {
    expect(NcentralConfig.parse({ ...minimal, serverUrl }).serverUrl).toBe(root);
  });
});
