import { describe, expect, it } from 'vitest';

import { FaultInjector } from './faults.js';

describe('FaultInjector', () => {
  it('fires `times` times after `afterRequests` matching requests, then is spent', () => {
    const f = new FaultInjector();
    const h = f.add({ kind: 'rate-limit', route: '/api/devices', afterRequests: 2, times: 3 });
    const kinds = Array.from({ length: 7 }, () => f.decide('GET', '/api/devices', '/api/devices').fault?.kind);
    expect(kinds).toEqual([undefined, undefined, 'rate-limit', 'rate-limit', 'rate-limit', undefined, undefined]);
    expect(h.fired).toBe(3);
    expect(h.spent).toBe(true);
  });

  it('matches a route pattern exactly or a path prefix on segment boundaries', () => {
    const f = new FaultInjector();
    f.add({ kind: 'server-error', route: '/api/devices/:deviceId' });
    f.add({ kind: 'connection-reset', route: '/api/org-units' });
    expect(f.decide('GET', '/api/devices/7', '/api/devices/:deviceId').fault?.kind).toBe('server-error');
    expect(f.decide('GET', '/api/devices', '/api/devices').fault).toBeUndefined();
    expect(f.decide('GET', '/api/org-units/5/children', '/api/org-units/:id/children').fault?.kind).toBe('connection-reset');
    expect(f.decide('GET', '/api/org-unitsX', undefined).fault).toBeUndefined();
  });

  it('filters by method', () => {
    const f = new FaultInjector();
    f.add({ kind: 'server-error', method: 'post' });
    expect(f.decide('GET', '/a', '/a').fault).toBeUndefined();
    expect(f.decide('POST', '/a', '/a').fault?.kind).toBe('server-error');
  });

  it('adds slow delays on top of another fault, and the first other fault wins', () => {
    const f = new FaultInjector();
    f.add({ kind: 'slow', delayMs: 100 });
    f.add({ kind: 'truncated-json' });
    const later = f.add({ kind: 'server-error' });
    f.add({ kind: 'slow', delayMs: 50 });
    const d = f.decide('GET', '/a', '/a');
    expect(d).toMatchObject({ delayMs: 150, fault: { kind: 'truncated-json' } });
    expect(later.seen).toBe(0);
  });

  it('replays probabilistic faults identically for the same seed', () => {
    const run = (seed: number): boolean[] => {
      const f = new FaultInjector(seed);
      f.add({ kind: 'rate-limit', probability: 0.3 });
      return Array.from({ length: 200 }, () => f.decide('GET', '/a', '/a').fault !== undefined);
    };
    const a = run(7);
    expect(run(7)).toEqual(a);
    const fired = a.filter(Boolean).length;
    expect(fired).toBeGreaterThan(30);
    expect(fired).toBeLessThan(90);
  });

  it('removes and clears rules', () => {
    const f = new FaultInjector();
    const h = f.add({ kind: 'server-error' });
    h.remove();
    expect(f.decide('GET', '/a', '/a').fault).toBeUndefined();
    f.add({ kind: 'server-error' });
    f.clear();
    expect(f.list()).toHaveLength(0);
    expect(() => f.add({ kind: 'slow', probability: 2 })).toThrow(RangeError);
  });
});
