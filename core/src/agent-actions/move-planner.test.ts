import { describe, expect, it } from 'vitest';

import { namingStem, planMoves, type ConflictSide, type MovePolicy } from './move-planner.js';

const NAMES: Record<string, string[]> = {
  acme: ['ACME-WS-001', 'ACME-WS-002', 'ACME-LT-003', 'ACME-WS-004'],
  globex: ['GLOBEX-WS-001', 'GLOBEX-WS-002', 'GLOBEX-WS-003', 'DESKTOP-AB12CD3'],
};

function policy(names: Record<string, string[]>, o: Partial<MovePolicy> = {}): MovePolicy {
  return {
    now: '2025-06-01T00:00:00.000Z',
    minPeers: 3,
    namesWithStem: (tenantId, stem) => (names[tenantId] ?? []).filter((n) => namingStem(n) === stem).length,
    clientsOf: (integrationId, tenantId) => [`${integrationId}-client-of-${tenantId}`],
    canMove: (integrationId) => integrationId === 'cw',
    ...o,
  };
}

function side(computerId: string, tenantId: string, name: string, integrationId: string): ConflictSide {
  return { computerId, tenantId, name, agents: [{ integrationId, agentId: `${computerId}-agent`, clientId: `${integrationId}-client-of-${tenantId}`, siteId: undefined, hostname: name }] };
}

describe('namingStem', () => {
  it('takes the leading letters', () => {
    expect(['ACME-WS-014', 'acme014', 'ACMESRV001', '1234', ' Lab-1'].map(namingStem)).toEqual(['ACME', 'ACME', 'ACMESRV', '', 'LAB']);
  });
});

describe('planMoves', () => {
  it("moves the side named like the other tenant's machines to the client linked to that tenant", () => {
    // The machine sits under globex in Automate, under acme in N-central; its name is acme's.
    const names = { acme: [...NAMES['acme']!, 'ACME-WS-009'], globex: [...NAMES['globex']!, 'ACME-WS-009'] };
    const result = planMoves([{ id: 'k1', key: 'uuid=U', sides: [side('c-acme', 'acme', 'ACME-WS-009', 'nc'), side('c-globex', 'globex', 'ACME-WS-009', 'cw')] }], policy(names));
    expect(result.held).toEqual([]);
    expect(result.steps).toEqual([
      expect.objectContaining({
        conflictId: 'k1',
        computerId: 'c-globex',
        from: { tenantId: 'globex', clientId: 'cw-client-of-globex', siteId: undefined },
        to: { tenantId: 'acme', clientId: 'cw-client-of-acme' },
        action: 'move-agent',
      }),
    ]);
    expect(result.steps[0]?.reason).toMatch(/like 5 machines of tenant acme/);
  });

  it('plans a manual step where the integration cannot move agents', () => {
    const names = { acme: [...NAMES['acme']!, 'ACME-WS-009'], globex: [...NAMES['globex']!, 'ACME-WS-009'] };
    const result = planMoves([{ id: 'k1', key: 'uuid=U', sides: [side('c-acme', 'acme', 'ACME-WS-009', 'cw'), side('c-globex', 'globex', 'ACME-WS-009', 'nc')] }], policy(names));
    expect(result.steps.map((s) => [s.computerId, s.action])).toEqual([['c-globex', 'manual']]);
  });

  it('holds a conflict whose names do not tell the tenants apart', () => {
    const names = { acme: [...NAMES['acme']!, 'DESKTOP-XY'], globex: [...NAMES['globex']!, 'DESKTOP-XY'] };
    const result = planMoves([{ id: 'k1', key: 'uuid=U', sides: [side('a', 'acme', 'DESKTOP-XY', 'nc'), side('b', 'globex', 'DESKTOP-XY', 'cw')] }], policy(names));
    expect(result.steps).toEqual([]);
    expect(result.held).toEqual([{ conflictId: 'k1', reason: expect.stringMatching(/choose it by hand/) }]);
  });

  it('needs at least minPeers machines of the other tenant named that way', () => {
    const names = { acme: ['ACME-WS-001', 'ACME-WS-009'], globex: [...NAMES['globex']!, 'ACME-WS-009'] };
    const result = planMoves([{ id: 'k1', key: 'uuid=U', sides: [side('a', 'acme', 'ACME-WS-009', 'nc'), side('b', 'globex', 'ACME-WS-009', 'cw')] }], policy(names));
    expect(result.steps).toEqual([]);
  });

  it('holds a conflict when no client of the integration is linked to the right tenant', () => {
    const names = { acme: [...NAMES['acme']!, 'ACME-WS-009'], globex: [...NAMES['globex']!, 'ACME-WS-009'] };
    const result = planMoves([{ id: 'k1', key: 'uuid=U', sides: [side('a', 'acme', 'ACME-WS-009', 'nc'), side('b', 'globex', 'ACME-WS-009', 'cw')] }], policy(names, { clientsOf: () => [] }));
    expect(result.held[0]?.reason).toMatch(/no client of cw is linked to tenant acme/);
  });
});
