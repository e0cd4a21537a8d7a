import { describe, expect, it } from 'vitest';

import type { RmmAgent } from '../capabilities/agent.schema.js';
import { identityBasis, identityReadReason } from './identity-refresh.js';

const DAY_MS = 86_400_000;
const START = new Date('2026-03-02T09:00:00.000Z');

function agent(id: string, o: Partial<RmmAgent> = {}): RmmAgent {
  return { id, clientId: 'c1', hostname: `PC-${id}`, os: 'Windows 11 Pro', deviceClass: 'Laptop - Windows', online: true, canRunScripts: true, ...o };
}

function checked(a: RmmAgent, at: Date): { identity: { macAddresses: string[] }; checkedAt: string; basis: string } {
  return { identity: { macAddresses: [] }, checkedAt: at.toISOString(), basis: identityBasis(a) };
}

describe('identityReadReason', () => {
  it('reads a new agent, and one whose identity only ever came with a listing', () => {
    expect(identityReadReason('nc', agent('1'), undefined, START, 7)).toBe('new');
    expect(identityReadReason('nc', agent('1'), { identity: { macAddresses: [] } }, START, 7)).toBe('new');
  });

  it('reads again when the hostname, OS or device class changed, not for a change of case', () => {
    const a = agent('1');
    const stored = checked(a, START);
    expect(identityReadReason('nc', a, stored, START, 7)).toBeUndefined();
    expect(identityReadReason('nc', { ...a, hostname: 'pc-1' }, stored, START, 7)).toBeUndefined();
    expect(identityReadReason('nc', { ...a, hostname: 'PC-1-NEW' }, stored, START, 7)).toBe('changed');
    expect(identityReadReason('nc', { ...a, os: 'Windows 10 Pro' }, stored, START, 7)).toBe('changed');
    expect(identityReadReason('nc', { ...a, deviceClass: 'Workstations - Windows' }, stored, START, 7)).toBe('changed');
  });

  it('does not compare listed fields it never recorded (identities stored before the basis was kept)', () => {
    expect(identityReadReason('nc', agent('1', { hostname: 'RENAMED' }), { identity: { macAddresses: [] }, checkedAt: START.toISOString() }, START, 7)).toBeUndefined();
  });

  it('refreshes each agent exactly once per period, about 1/N of the fleet per daily sync, never in one burst', () => {
    const fleet = Array.from({ length: 700 }, (_, i) => agent(String(1000 + i)));
    const stored = new Map(fleet.map((a) => [a.id, checked(a, START)]));
    const readsPerAgent = new Map<string, number>();
    const perDay: number[] = [];
    for (let day = 1; day <= 7; day++) {
      const now = new Date(START.getTime() + day * DAY_MS);
      let today = 0;
      for (const a of fleet) {
        const reason = identityReadReason('nc', a, stored.get(a.id), now, 7);
        if (reason === undefined) continue;
        expect(reason).toBe('refresh');
        today++;
        readsPerAgent.set(a.id, (readsPerAgent.get(a.id) ?? 0) + 1);
        stored.set(a.id, checked(a, now));
      }
      perDay.push(today);
    }
    expect([...readsPerAgent.values()].every((n) => n === 1)).toBe(true);
    expect(readsPerAgent.size).toBe(fleet.length);
    for (const count of perDay) expect(count).toBeGreaterThan(50);
    for (const count of perDay) expect(count).toBeLessThan(150);
  });

  it('reads nothing more when synced again within the hour', () => {
    const fleet = Array.from({ length: 200 }, (_, i) => agent(String(i)));
    const morning = new Date(START.getTime() + 3 * DAY_MS);
    const stored = new Map(fleet.map((a) => [a.id, checked(a, morning)]));
    for (let minutes = 1; minutes < 60; minutes += 7) {
      const later = new Date(morning.getTime() + minutes * 60_000);
      expect(fleet.filter((a) => identityReadReason('nc', a, stored.get(a.id), later, 7) !== undefined)).toEqual([]);
    }
  });

  it('shares a day’s refresh among hourly syncs rather than the first of them reading it all', () => {
    const fleet = Array.from({ length: 1_680 }, (_, i) => agent(String(i)));
    const stored = new Map(fleet.map((a) => [a.id, checked(a, START)]));
    const perSync: number[] = [];
    for (let hour = 1; hour <= 24; hour++) {
      const now = new Date(START.getTime() + DAY_MS + hour * 3_600_000);
      const due = fleet.filter((a) => identityReadReason('nc', a, stored.get(a.id), now, 7) !== undefined);
      for (const a of due) stored.set(a.id, checked(a, now));
      perSync.push(due.length);
    }
    // 1,680 agents over 7 × 24 slots: about 10 an hour, a day's slice spread over its syncs.
    expect(Math.max(...perSync.slice(1))).toBeLessThan(40);
    expect(perSync.filter((n) => n > 0).length).toBeGreaterThan(18);
  });

  it('catches up an agent whose slot passed while no sync ran', () => {
    const a = agent('42');
    const stored = checked(a, START);
    expect(identityReadReason('nc', a, stored, new Date(START.getTime() + 30 * DAY_MS), 7)).toBe('refresh');
  });
});
