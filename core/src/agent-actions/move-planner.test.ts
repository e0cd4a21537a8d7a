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
    usesIntegration: () => true,
    clientsOf: (integrationId, tenantId) => [`${integrationId}-client-of-${tenantId}`],
    canMove: (integrationId) => integrationId === 'cw',
    ...o,
  };
}

function side(computerId: string, tenantId: string, name: string, integrationId: string, seen: { online?: boolean; lastSeen?: string } = {}): ConflictSide {
  const agent = { integrationId, agentId: `${computerId}-agent`, clientId: `${integrationId}-client-of-${tenantId}`, siteId: undefined, hostname: name, online: seen.online ?? true, lastSeen: seen.lastSeen };
  return { computerId, tenantId, name, agents: [agent] };
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

  it('moves the side whose tenant does not use an RMM the machine runs', () => {
    // globex has no N-central client, yet the machine runs an N-central agent (under acme).
    const uses = (tenantId: string, integrationId: string): boolean => !(tenantId === 'globex' && integrationId === 'nc');
    const result = planMoves([{ id: 'k1', key: 'uuid=U', sides: [side('a', 'acme', 'DESKTOP-XY', 'nc'), side('b', 'globex', 'DESKTOP-XY', 'cw')] }], policy(NAMES, { usesIntegration: uses }));
    expect(result.steps.map((s) => [s.computerId, s.to.tenantId])).toEqual([['b', 'acme']]);
    expect(result.steps[0]?.reason).toMatch(/runs nc, which tenant globex does not use and tenant acme does/);
  });

  it('holds a machine that changed hands: the side that would stay was not seen since', () => {
    const uses = (tenantId: string, integrationId: string): boolean => !(tenantId === 'globex' && integrationId === 'nc');
    const sides = [side('a', 'acme', 'DESKTOP-XY', 'nc', { online: false, lastSeen: '2024-01-01T00:00:00.000Z' }), side('b', 'globex', 'DESKTOP-XY', 'cw')];
    const result = planMoves([{ id: 'k1', key: 'uuid=U', sides }], policy(NAMES, { usesIntegration: uses }));
    expect(result.steps).toEqual([]);
    expect(result.held[0]?.reason).toMatch(/may have changed hands/);
  });

  it('holds a conflict when the two kinds of evidence disagree', () => {
    const uses = (tenantId: string, integrationId: string): boolean => !(tenantId === 'globex' && integrationId === 'nc');
    // Coverage says the globex side is misfiled; the name says the acme side is.
    const names = { acme: [...NAMES['acme']!, 'GLOBEX-WS-009'], globex: [...NAMES['globex']!, 'GLOBEX-WS-009'] };
    const result = planMoves([{ id: 'k1', key: 'uuid=U', sides: [side('a', 'acme', 'GLOBEX-WS-009', 'nc'), side('b', 'globex', 'GLOBEX-WS-009', 'cw')] }], policy(names, { usesIntegration: uses }));
    expect(result.held[0]?.reason).toMatch(/more than one tenant/);
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
