import { describe, expect, it } from 'vitest';

import { Router, type SimHandler } from './router.js';

const ok: SimHandler = () => ({ status: 200 });

describe('Router', () => {
  it('captures and decodes path parameters', () => {
    const r = new Router().on('GET', '/api/devices/:deviceId/assets', ok);
    const m = r.match('GET', '/api/devices/2147483648%20x/assets');
    expect(m).toMatchObject({ kind: 'found', route: '/api/devices/:deviceId/assets', params: { deviceId: '2147483648 x' } });
  });

  it('prefers a literal segment over a parameter regardless of registration order', () => {
    const r = new Router().on('GET', '/api/devices/:deviceId', ok).on('GET', '/api/devices/summary', ok);
    expect(r.match('GET', '/api/devices/summary')).toMatchObject({ route: '/api/devices/summary' });
    expect(r.match('GET', '/api/devices/42')).toMatchObject({ route: '/api/devices/:deviceId', params: { deviceId: '42' } });
  });

  it('tells not-found from method-not-allowed', () => {
    const r = new Router().on('POST', '/api/auth/authenticate', ok).on('PUT', '/api/auth/authenticate', ok);
    expect(r.match('GET', '/api/nothing')).toEqual({ kind: 'not-found' });
    expect(r.match('GET', '/api/auth/authenticate')).toMatchObject({ kind: 'method-not-allowed', allowed: ['POST', 'PUT'] });
  });

  it('ignores trailing slashes and matches methods case-insensitively', () => {
    const r = new Router().on('get', '/api/customers', ok);
    expect(r.match('GET', '/api/customers/')).toMatchObject({ kind: 'found' });
  });

  it('folds literal segment case only when asked to (Automate/IIS)', () => {
    const strict = new Router().on('GET', '/cwa/api/v1/Computers', ok);
    const folded = new Router({ caseInsensitive: true }).on('GET', '/cwa/api/v1/Computers/:id', ok);
    expect(strict.match('GET', '/cwa/api/v1/computers').kind).toBe('not-found');
    expect(folded.match('GET', '/CWA/api/v1/computers/Ab')).toMatchObject({ kind: 'found', params: { id: 'Ab' } });
  });

  it('accepts a wildcard method', () => {
    const r = new Router().on('*', '/x', ok);
    expect(r.match('DELETE', '/x').kind).toBe('found');
    expect(r.list()).toEqual(['* /x']);
  });
});
