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

  describe('bulkLoad', () => {
    const schema = (store: SqliteStore): unknown[] => store.db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name").all();

    it('writes what plain upserts write and leaves the schema (indexes included) as it was', () => {
      const store = openStore(300);
      const before = schema(store);
      const computers = Array.from({ length: 300 }, (_, i) => computer(i));
      const links = Array.from({ length: 300 }, (_, i) => link(i, i % 7));
      store.transaction(() => store.computers.bulkLoad(() => {
        store.computers.upsertComputers(computers);
        store.computers.upsertLinks(links);
      }));
      expect(schema(store)).toEqual(before);
      expect(store.computers.linksOf(computer(3).id).map((l) => l.agentId)).toEqual(links.filter((l) => l.computerId === computer(3).id).map((l) => l.agentId).sort());
      const plan = store.db.prepare("EXPLAIN QUERY PLAN SELECT * FROM agent_links WHERE computer_id = 'x'").all() as { detail: string }[];
      expect(plan.map((row) => row.detail).join(' ')).toContain('agent_links_by_computer');
      store.close();
    });

    it('rolls back with the transaction, indexes and rows alike, when the write fails', () => {
      const store = openStore(10);
      const before = schema(store);
      expect(() => store.transaction(() => store.computers.bulkLoad(() => {
        store.computers.upsertComputers([computer(1)]);
        throw new Error('disk on fire');
      }))).toThrow('disk on fire');
      expect(schema(store)).toEqual(before);
      expect(store.computers.get(computer(1).id)).toBeUndefined();
      store.close();
    });

    it('refuses to run outside a transaction, where a failure would leave the indexes dropped', () => {
      const store = openStore(1);
      expect(() => store.computers.bulkLoad(() => undefined)).toThrow(/inside a transaction/);
      expect(schema(store).length).toBeGreaterThan(0);
      store.close();
    });
  });
});
