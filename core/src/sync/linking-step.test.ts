/**
 * The sync's linking step over a real store (the in-memory one): a re-sync that changed nothing reuses the last
 * outcome (the linking fingerprint is unchanged), and every input linking reads — clients,
 * tenants, decisions, the device overlap of unlinked clients — makes it run again.
 */
import { describe, expect, it, vi } from 'vitest';

import type { RmmClient } from '../capabilities/list-clients.js';
import { LinkingService } from '../linking/linking-service.js';
import { MemoryStore } from '../memory-store/index.js';
import { linkingStep } from './engine-steps.js';

const AT = '2025-06-01T00:00:00.000Z';
const client = (id: string, name: string): RmmClient => ({ id, name, kind: 'customer', hints: { domains: [], externalIds: {} } });

function setup(): { store: MemoryStore; service: LinkingService; runs: () => number; reconcile: () => { written: number } } {
  const store = new MemoryStore();
  store.transaction(() => {
    store.integrations.upsert({ id: 'nc', pluginId: 'nc', displayName: 'nc', enabled: true });
    store.tenants.upsert({ id: 't-harbor', name: 'Harbor Logistics', domains: [], isMsp: false });
    store.tenants.upsert({ id: 't-atlas', name: 'Atlas Realty', domains: [], isMsp: false });
    store.clients.upsertMany('nc', [client('1', 'HARBOR LOGISTICS LTD'), client('2', 'Unrelated Name')], AT);
    store.agents.upsertMany('nc', [{ id: 'a1', clientId: '2', hostname: 'PC1', online: true, canRunScripts: true, identity: { macAddresses: [] } }], AT);
  });
  const service = new LinkingService(store, { now: () => new Date(AT) });
  const run = vi.spyOn(service, 'run');
  const step = linkingStep(service, { fingerprint: () => service.inputFingerprint() });
  return { store, service, runs: () => run.mock.calls.length, reconcile: () => step.reconcile('nc', AT) };
}

describe('linkingStep with the linking fingerprint', () => {
  it('reuses the last outcome while nothing linking reads has changed', () => {
    const { store, runs, reconcile } = setup();
    expect(reconcile().written).toBeGreaterThan(0);
    const changes = store.changes();
    expect(reconcile().written).toBe(0);
    expect(runs()).toBe(1);
    expect(store.changes()).toBe(changes);
    store.close();
  });

  it.each([
    ['a client is renamed', (s: MemoryStore) => s.clients.upsertMany('nc', [client('2', 'Atlas Realty Inc')], AT)],
    ['a tenant is added', (s: MemoryStore) => s.tenants.upsert({ id: 't-new', name: 'Unrelated Name', domains: [], isMsp: false })],
    ['a person decides', (s: MemoryStore) => s.links.insertDecision({ id: 'd1', integrationId: 'nc', clientId: '2', kind: 'link', tenantId: 't-atlas', actor: 'me', decidedAt: AT })],
    ['an agent of an unlinked client is identified', (s: MemoryStore) => {
      s.computers.upsertComputers([{ id: 'c1', tenantId: 't-atlas', name: 'PC1', createdAt: AT }]);
      s.computers.upsertLinks([{ integrationId: 'nc', agentId: 'a1', computerId: 'c1', evidence: '', flags: 0, linkedAt: AT }]);
    }],
  ])('runs again when %s', (_what, change) => {
    const { store, runs, reconcile } = setup();
    reconcile();
    reconcile();
    expect(runs()).toBe(1);
    store.transaction(() => change(store));
    reconcile();
    expect(runs()).toBe(2);
    store.close();
  });
});
