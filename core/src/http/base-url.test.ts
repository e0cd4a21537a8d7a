import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ConfigError, ErrorCodes } from '../errors/index.js';
import { appendQuery, expandTemplate, joinUrl, normaliseBaseUrl } from './base-url.js';
import { createHttpClient } from './http-client.js';
import { sendJson, startLoopback, type LoopbackServer } from './loopback-server.test.helper.js';

describe('normaliseBaseUrl', () => {
  it.each([
    ['https://nc.example.com', 'https://nc.example.com'],
    ['https://nc.example.com/', 'https://nc.example.com'],
    ['  https://nc.example.com///  ', 'https://nc.example.com'],
    ['https://host.example.com//cwa//api/v1/', 'https://host.example.com/cwa/api/v1'],
    ['HTTPS://Host.Example.COM:8443/x/', 'https://host.example.com:8443/x'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseBaseUrl(input)).toBe(expected);
  });

  it('refuses a missing scheme with a hint that shows the fix', () => {
    const error = (() => {
      try {
        normaliseBaseUrl('nc.example.com/api', 'integrations[0].config.serverUrl');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe(ErrorCodes.config);
    expect((error as ConfigError).path).toBe('integrations[0].config.serverUrl');
    expect((error as ConfigError).hint).toContain('https://nc.example.com');
  });

  it.each(['ftp://nc.example.com', 'host:8443', ''])('refuses %j', (input) => {
    expect(() => normaliseBaseUrl(input)).toThrow(ConfigError);
  });

  it('refuses embedded credentials without echoing them', () => {
    try {
      normaliseBaseUrl('https://admin:Sup3rS3cret@nc.example.com');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect(JSON.stringify((error as ConfigError).toJSON())).not.toContain('Sup3rS3cret');
    }
    expect(() => normaliseBaseUrl('admin:Sup3rS3cret@nc.example.com')).toThrow(/configured value/);
  });

  it.each(['http://localhost:8080/api', 'http://127.0.0.1', 'http://127.8.9.10:1', 'http://[::1]:99', 'http://[::ffff:127.0.0.1]', 'http://sim.localhost'])('accepts plain http to this machine: %s', (input) => {
    expect(normaliseBaseUrl(input)).toMatch(/^http:\/\//);
  });

  it.each(['http://ncentral.example.com', 'HTTP://10.0.0.5:8080/api', 'http://[2001:db8::1]', 'http://128.0.0.1', 'http://localhost.example.com', 'http://[::ffff:10.0.0.1]'])('refuses plain http to another host, pointing at https: %s', (input) => {
    try {
      normaliseBaseUrl(input, 'integrations[0].config.serverUrl');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).path).toBe('integrations[0].config.serverUrl');
      expect((error as ConfigError).message).toMatch(/unencrypted/);
      expect((error as ConfigError).hint).toMatch(/^Use https:\/\//);
    }
  });

  it('refuses a query or fragment', () => {
    expect(() => normaliseBaseUrl('https://nc.example.com/?x=1')).toThrow(ConfigError);
    expect(() => normaliseBaseUrl('https://nc.example.com/#a')).toThrow(ConfigError);
  });
});

describe('request URLs', () => {
  it('expands templates, encoding each value as one segment', () => {
    expect(expandTemplate('/api/org-units/{orgUnitId}/devices', { orgUnitId: 12 })).toBe('/api/org-units/12/devices');
    expect(expandTemplate('/a/{id}', { id: 'x/../y z' })).toBe('/a/x%2F..%2Fy%20z');
    expect(() => expandTemplate('/a/{id}', {})).toThrow(TypeError);
  });

  it('joins without doubled slashes and appends the query', () => {
    expect(joinUrl('https://h/api', '//devices//1')).toBe('https://h/api/devices/1');
    expect(joinUrl('https://h', 'devices')).toBe('https://h/devices');
    expect(appendQuery('https://h/x', { a: 1, b: undefined, c: null, d: ['p', 'q'], e: true })).toBe('https://h/x?a=1&d=p&d=q&e=true');
    expect(appendQuery('https://h/x', {})).toBe('https://h/x');
  });
});

describe('against a loopback server', () => {
  let server: LoopbackServer;
  beforeAll(async () => {
    server = await startLoopback((_req, res) => sendJson(res, 200, { ok: true }));
  });
  afterAll(() => server.close());

  it('sends the normalised path and query', async () => {
    const http = createHttpClient({ name: 'test', baseUrl: `${server.url}//api//` });
    const res = await http.request({ method: 'GET', path: '/org-units/{id}//devices', params: { id: 7 }, query: { pageNumber: 2, pageSize: 50 } });
    expect(res.body).toEqual({ ok: true });
    expect(server.requests.at(-1)?.url).toBe('/api/org-units/7/devices?pageNumber=2&pageSize=50');
    http.close();
  });
});
