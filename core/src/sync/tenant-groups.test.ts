import { describe, expect, it } from 'vitest';

import { tenantGroups } from './tenant-groups.js';

const links = (pairs: [clientId: string, tenantId: string][]) => pairs.map(([clientId, tenantId]) => ({ clientId, tenantId }));

describe('tenantGroups', () => {
  it('gives each tenant its own group while there are no more tenants than groups', () => {
    expect(tenantGroups(links([['c2', 'tb'], ['c1', 'ta'], ['c3', 'ta']]), 4)).toEqual([
      { tenantIds: ['ta'], clientIds: ['c1', 'c3'] },
      { tenantIds: ['tb'], clientIds: ['c2'] },
    ]);
  });

  it('packs many tenants into about as many groups as asked, never splitting a tenant', () => {
    const pairs: [string, string][] = Array.from({ length: 100 }, (_, i) => [`c${i}`, `t${String(i % 40).padStart(2, '0')}`]);
    const groups = tenantGroups(links(pairs), 8);
    expect(groups.length).toBeLessThanOrEqual(8);
    expect(groups.length).toBeGreaterThanOrEqual(7);
    expect(groups.flatMap((g) => g.tenantIds)).toEqual([...new Set(pairs.map(([, t]) => t))].sort());
    expect(groups.flatMap((g) => g.clientIds).sort()).toEqual(pairs.map(([c]) => c).sort());
  });
});
