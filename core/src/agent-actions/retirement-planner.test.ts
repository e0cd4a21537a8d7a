import { describe, expect, it } from 'vitest';

import { planRetirement, type AgentState, type ComputerAgents } from './retirement-planner.js';

const NOW = '2025-06-01T00:00:00.000Z';
const DAYS_AGO = (n: number): string => new Date(Date.parse(NOW) - n * 86_400_000).toISOString();

function agent(agentId: string, o: Partial<AgentState> = {}): AgentState {
  return { integrationId: 'nc', agentId, hostname: `H${agentId}`, online: false, lastSeen: DAYS_AGO(1), stale: false, gone: false, ...o };
}

function plan(agents: AgentState[], canDelete = true) {
  const computers: ComputerAgents[] = [{ computerId: 'c1', tenantId: 't1', agents }];
  return planRetirement(computers, { now: NOW, minOfflineDays: 30, canDelete: () => canDelete });
}

describe('planRetirement', () => {
  it('retires a reinstalled agent offline for long, keeping the live one', () => {
    const result = plan([agent('old', { stale: true, lastSeen: DAYS_AGO(90) }), agent('new', { online: true })]);
    expect(result.held).toEqual([]);
    expect(result.steps).toEqual([
      expect.objectContaining({ computerId: 'c1', agent: expect.objectContaining({ agentId: 'old' }), keep: expect.objectContaining({ agentId: 'new' }), action: 'delete-agent' }),
    ]);
    expect(result.steps[0]?.reason).toMatch(/offline for 90 days, superseded by new/);
  });

  it('never retires an online agent', () => {
    const result = plan([agent('old', { stale: true, online: true }), agent('new', { online: true })]);
    expect(result.steps).toEqual([]);
    expect(result.held[0]?.reason).toMatch(/^online/);
  });

  it('never retires the only agent of a computer in its RMM', () => {
    const result = plan([agent('old', { stale: true, lastSeen: DAYS_AGO(90) }), agent('other', { integrationId: 'cw', online: true })]);
    expect(result.steps).toEqual([]);
    expect(result.held[0]?.reason).toMatch(/no other live agent/);
  });

  it('does not count a gone agent as the one that stays', () => {
    const result = plan([agent('old', { stale: true, lastSeen: DAYS_AGO(90) }), agent('new', { gone: true, online: true })]);
    expect(result.steps).toEqual([]);
  });

  it('holds an agent offline for less than the minimum, or not older than the one that stays', () => {
    expect(plan([agent('old', { stale: true, lastSeen: DAYS_AGO(5) }), agent('new', { online: true })]).held[0]?.reason).toMatch(/offline for 5 days, under the 30/);
    expect(plan([agent('old', { stale: true, lastSeen: DAYS_AGO(90) }), agent('new', { lastSeen: DAYS_AGO(100) })]).held[0]?.reason).toMatch(/not older than new/);
    expect(plan([agent('old', { stale: true, lastSeen: undefined }), agent('new', { online: true })]).held[0]?.reason).toMatch(/last contact unknown/);
  });

  it('plans a manual step where the integration cannot delete agents', () => {
    expect(plan([agent('old', { stale: true, lastSeen: DAYS_AGO(90) }), agent('new', { online: true })], false).steps[0]?.action).toBe('manual');
  });

  it('skips agents that are not stale or already gone', () => {
    expect(plan([agent('a', { lastSeen: DAYS_AGO(90) }), agent('b', { stale: true, gone: true, lastSeen: DAYS_AGO(90) }), agent('c', { online: true })])).toMatchObject({ steps: [], held: [] });
  });
});
