/**
 * Bulk writes of computers and links go through multi-row statements of 128 rows: every size
 * around the batch boundary must write exactly what row-by-row upserts would, including a key
 * repeated within one batch or across two (the later row wins).
 */
import type { AgentLinkRecord, ComputerRecord } from '@rmm-hub/core';
import { describe, expect, it } from 'vitest';

import { SqliteStore } from '../sqlite-store.js';

const AT = '2025-06-01T00:00:00.000Z';

function openStore(agents: number): SqliteStore {
  const store = SqliteStore.open({ path: ':memory:' });
  store.transaction(() => {
    store.integrations.upsert({ id: 'nc', pluginId: 'nc', displayName: 'nc', enabled: true });
    store.tenants.upsert({ id: 'ta', name: 'ta', domains: [], isMsp: false });
    const list = Array.from({ length: agents }, (_, i) => ({ id: String(i), clientId: 'c', hostname: `H${i}`, online: false, identity: { macAddresses: [] }, canRunScripts: true }));
    store.agents.upsertMany('nc', list, AT);
  });
  return store;
}

const computer = (i: number, name = `PC-${i}`): ComputerRecord => ({
  id: `c${String(i).padStart(4, '0')}`, tenantId: 'ta', name, createdAt: AT, osInstallDate: i % 2 ? '2024-01-01' : undefined, wipedInstallDate: undefined, retiredAt: i % 5 ? undefined : AT,
});
const link = (i: number, computerIndex = i, evidence = `e${i}`): AgentLinkRecord => ({
  integrationId: 'nc', agentId: String(i), computerId: computer(computerIndex).id, evidence, flags: i % 4, linkedAt: AT,
});

describe('SqliteComputerRepository bulk writes', () => {
  it.each([0, 1, 127, 128, 129, 300])('writes %i computers and links exactly', (n) => {
    const store = openStore(n);
    const computers = Array.from({ length: n }, (_, i) => computer(i));
    const links = Array.from({ length: n }, (_, i) => link(i));
    store.transaction(() => {
      store.computers.upsertComputers(computers);
      store.computers.upsertLinks(links);
    });
    const all = store.computers.loadAll();
    const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : 1);
    expect(all.computers.sort(byId)).toEqual(computers);
    expect(all.links.sort((a, b) => Number(a.agentId) - Number(b.agentId))).toEqual(links);
    store.close();
  });

  it('lets the later row win when a key repeats within a batch and across batches', () => {
    const store = openStore(300);
    store.transaction(() => {
      store.computers.upsertComputers(Array.from({ length: 300 }, (_, i) => computer(i)));
      // Agent 5 moves twice inside the first batch; agent 200 once in each of two batches.
      store.computers.upsertLinks([link(5, 5), link(5, 6, 'x'), ...Array.from({ length: 250 }, (_, i) => link(i + 10)), link(5, 7, 'y'), link(200, 1, 'z')]);
      store.computers.upsertComputers([computer(3, 'renamed'), computer(3, 'renamed again')]);
    });
    expect(store.computers.getLink({ integrationId: 'nc', agentId: '5' })).toMatchObject({ computerId: computer(7).id, evidence: 'y' });
    expect(store.computers.getLink({ integrationId: 'nc', agentId: '200' })).toMatchObject({ computerId: computer(1).id, evidence: 'z' });
    expect(store.computers.get(computer(3).id)?.name).toBe('renamed again');
    store.close();
  });
});
