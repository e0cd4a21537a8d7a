import { describe, expect, it } from 'vitest';

import { TenantReadiness } from './tenant-readiness.js';

describe('TenantReadiness', () => {
  it('holds a listed tenant until every integration has linked, and until every listing feeding it has ended', () => {
    const ready: string[][] = [];
    const readiness = new TenantReadiness(['x', 'y'], (tenantIds) => ready.push(tenantIds));
    readiness.linked('x', ['ta', 'tb']);
    readiness.listed('x', 'ta');
    expect(ready).toEqual([]); // y has not linked: a link may still move
    readiness.linked('y', ['tb']);
    expect(ready).toEqual([['ta']]);
    readiness.listed('x', 'tb');
    expect(ready).toEqual([['ta']]); // y still lists tb
    readiness.listed('y', 'tb');
    expect(ready).toEqual([['ta'], ['tb']]);
  });

  it('releases what an integration held when its run ends, linked or not', () => {
    const ready: string[][] = [];
    const readiness = new TenantReadiness(['x', 'y'], (tenantIds) => ready.push(tenantIds));
    readiness.linked('x', ['ta', 'tb']);
    readiness.listed('x', 'tb');
    readiness.ended('y'); // failed before linking
    expect(ready).toEqual([['tb']]);
    readiness.ended('x'); // failed while listing ta
    expect(ready).toEqual([['tb'], ['ta']]);
  });
});
