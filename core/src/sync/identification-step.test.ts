/**
 * The sync's identification step over a real store (the in-memory one): a re-sync that changed nothing skips the
 * run (its input fingerprint is unchanged), and every kind of input change — an agent's
 * identity or presence, a client re-linked, a pin, an identity report — makes it run again.
 */
import { describe, expect, it, vi } from 'vitest';

import type { IdentifiedAgent } from '../capabilities/agent.schema.js';
import { ComputerQueries } from '../identification/computer-queries.js';
import { IdentificationService } from '../identification/identification-service.js';
import { MemoryStore } from '../memory-store/index.js';
import { identificationStep } from './engine-steps.js';

const AT = '2025-06-01T00:00:00.000Z';

function rmmAgent(id: string, uuid: string, o: Partial<IdentifiedAgent> = {}): IdentifiedAgent {
  return { id, clientId: 'c1', hostname: `PC-${id}`, online: true, lastSeen: AT, canRunScripts: true, identity: { smbiosUuid: uuid, macAddresses: [] }, ...o };
}

type Session = { store: MemoryStore; service: IdentificationService; runs: () => number; identify: () => Promise<{ written: number; computers: number }> };

/** A sync's identification as a new process (a CLI sync) sets it up over `store`: only the store remembers. */
function freshProcess(store: MemoryStore): Session {
  const service = new IdentificationService({ store, now: () => new Date(AT) });
  const run = vi.spyOn(service, 'run');
  const step = identificationStep(service, new ComputerQueries(store), { gatherIdentities: false, memos: store.computers });
  return { store, service, runs: () => run.mock.calls.length, identify: () => step.identify({ at: AT }) };
}

async function setup(): Promise<Session> {
  const store = new MemoryStore();
  await store.transaction(async () => {
    await store.integrations.upsert({ id: 'nc', pluginId: 'nc', displayName: 'nc', enabled: true });
    for (const id of ['ta', 'tb']) await store.tenants.upsert({ id, name: id, domains: [], isMsp: false });
    await store.clients.upsertMany('nc', [{ id: 'c1', name: 'Client one', kind: 'customer', hints: { domains: [], externalIds: {} } }], AT);
    await store.links.putLink({ integrationId: 'nc', clientId: 'c1', tenantId: 'ta', source: 'manual', reasons: [], createdAt: AT });
    await store.agents.upsertMany('nc', [rmmAgent('1', '11111111-0000-0000-0000-000000000001'), rmmAgent('2', '11111111-0000-0000-0000-000000000001', { hostname: 'PC-1', online: false }), rmmAgent('3', '33333333-0000-0000-0000-000000000003')], AT);
  });
  const service = new IdentificationService({ store, now: () => new Date(AT) });
  const run = vi.spyOn(service, 'run');
  const step = identificationStep(service, new ComputerQueries(store), { gatherIdentities: false });
  return { store, service, runs: () => run.mock.calls.length, identify: () => step.identify({ at: AT }) };
}

describe('identificationStep', () => {
  it('skips the run while nothing it reads has changed, and reports the last outcome with nothing written', async () => {
    const { store, runs, identify } = await setup();
    const first = await identify();
    expect(first).toMatchObject({ computers: 2 });
    expect(first.written).toBeGreaterThan(0);
    const changes = await store.changes();
    const again = await identify();
    expect(runs()).toBe(1);
    expect(again).toEqual({ ...first, written: 0 });
    expect(await store.changes()).toBe(changes);
    await store.close();
  });

  it('skips in a new process too while nothing changed: the store keeps the last run\'s fingerprint and outcome', async () => {
    const { store } = await setup();
    const first = await freshProcess(store).identify();
    const changes = await store.changes();
    const second = freshProcess(store);
    const reads = vi.spyOn(store.agents, 'linkedIdentifiersOf');
    expect(await second.identify()).toEqual({ ...first, written: 0 });
    expect(second.runs()).toBe(0);
    expect(reads).not.toHaveBeenCalled();
    expect(await store.changes()).toBe(changes);
    await store.agents.upsertMany('nc', [rmmAgent('3', '11111111-0000-0000-0000-000000000001')], AT);
    const third = freshProcess(store);
    await third.identify();
    expect(third.runs()).toBe(1);
    await store.close();
  });

  it.each([
    ['an agent reports another identity', async (store: MemoryStore) => await store.agents.upsertMany('nc', [rmmAgent('3', '11111111-0000-0000-0000-000000000001')], AT)],
    ['an agent is seen much later', async (store: MemoryStore) => await store.agents.upsertMany('nc', [rmmAgent('3', '33333333-0000-0000-0000-000000000003', { lastSeen: '2025-06-02T00:00:00.000Z' })], AT)],
    ['the client is linked to another tenant', async (store: MemoryStore) => await store.links.putLink({ integrationId: 'nc', clientId: 'c1', tenantId: 'tb', source: 'manual', reasons: [], createdAt: AT })],
    ['a person pins an agent', async (store: MemoryStore) => await store.computers.setPins([{ integrationId: 'nc', agentId: '1', computerId: 'c_manual', opId: 'op1', at: AT }])],
    ['an identity script reports', async (store: MemoryStore) => await store.computers.upsertIdentityReports([{ integrationId: 'nc', agentId: '3', status: 'failed', attempts: 1, lastError: 'timeout', at: AT }])],
    ['a link is edited outside a run', async (store: MemoryStore) => await store.computers.deleteLinks([{ integrationId: 'nc', agentId: '3' }])],
  ])('runs again when %s', async (_what, change) => {
    const { store, runs, identify } = await setup();
    await identify();
    await identify();
    expect(runs()).toBe(1);
    await store.transaction(async () => change(store));
    await identify();
    expect(runs()).toBe(2);
    await store.close();
  });
});
