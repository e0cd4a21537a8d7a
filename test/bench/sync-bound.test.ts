/**
 * The lower-bound formula of the sync-efficiency benchmark (see ./sync-bound.ts): endpoints
 * of one phase overlap, phases of one integration add up, integrations overlap.
 */
import { describe, expect, it } from 'vitest';

import { diffCounts, lowerBound, toClientTemplate, type EndpointLoad } from './sync-bound.js';

const load = (integration: string, route: string, requests: number, allowed: number, phase: EndpointLoad['phase']): EndpointLoad => ({ integration, route, requests, allowed, phase });

describe('sync lower bound', () => {
  it('is ceil(requests ÷ allowed) × latency per endpoint, max within a phase, setup + agents per integration, max across integrations', () => {
    const bound = lowerBound(
      [
        load('nc', 'POST /auth', 1, 5, 'setup'),
        load('nc', 'GET /customers', 3, 5, 'setup'),
        load('nc', 'GET /org-units/:id/devices', 100, 5, 'agents'), // 20 rounds
        load('nc', 'GET /devices/:id/assets', 61, 3, 'agents'), // 21 rounds: the bottleneck
        load('cw', 'GET /clients', 2, 4, 'setup'),
        load('cw', 'GET /computers', 40, 4, 'agents'), // 10 rounds
      ],
      20,
    );
    expect(bound.byIntegration['nc']).toEqual({ setupMs: 20, agentsMs: 420, boundMs: 440, bottleneck: 'GET /devices/:id/assets' });
    expect(bound.byIntegration['cw']).toEqual({ setupMs: 20, agentsMs: 200, boundMs: 220, bottleneck: 'GET /computers' });
    expect(bound.boundMs).toBe(440);
    expect(bound.critical).toBe('nc');
  });

  it('ignores endpoints with no requests and refuses an endpoint that allows nothing', () => {
    expect(lowerBound([load('nc', 'GET /x', 0, 0, 'agents')], 20).boundMs).toBe(0);
    expect(() => lowerBound([load('nc', 'GET /x', 1, 0, 'agents')], 20)).toThrow(RangeError);
  });

  it('maps simulator routes to the HTTP client templates and diffs counters', () => {
    expect(toClientTemplate('GET /api/devices/:deviceId/assets')).toBe('GET /api/devices/{deviceId}/assets');
    expect(diffCounts({ a: 5, b: 2, c: 1 }, { a: 3, b: 2 })).toEqual({ a: 2, c: 1 });
  });
});
