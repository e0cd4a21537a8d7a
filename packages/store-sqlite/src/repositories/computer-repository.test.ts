/**
 * Bulk writes of computers and links go through multi-row statements of 128 rows: every size
 * around the batch boundary must write exactly what row-by-row upserts would, including a key
 * repeated within one batch or across two (the later row wins).
 */
import type { AgentLinkRecord, ComputerRecord } from '@rmm-hub/core';
import { describe, expect, it } from 'vitest';

import { SqliteStore } from '../sqlite-store.js';
import { IDENTIFICATION_TABLES_WITH_FOREIGN_KEYS } from './computer-repository.js';

const AT = '2025-06-01T00:00:00.000Z';

async function openStore(agents: number): Promise<SqliteStore> {
  const store = SqliteStore.open({ path: ':memory:' });
  await store.transaction(async () => {
    await store.integrations.upsert({ id: 'nc', pluginId: 'nc', displayName: 'nc', enabled: true });
    await store.tenants.upsert({ id: 'ta', name: 'ta', domains: [], isMsp: false });
    const list = Array.from({ length: agents }, (_, i) => ({ id: String(i), clientId: 'c', hostname: `H${i}`, online: false, identity: { macAddresses: [] }, canRunScripts: true }));
    await store.agents.upsertMany('nc', list, AT);
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
  it.each([0, 1, 127, 128, 129, 300])('writes %i computers and links exactly', async (n) => {
    const store = await openStore(n);
    const computers = Array.from({ length: n }, (_, i) => computer(i));
    const links = Array.from({ length: n }, (_, i) => link(i));
    await store.transaction(async () => {
      await store.computers.upsertComputers(computers);
      await store.computers.upsertLinks(links);
    });
    const all = await store.computers.loadAll();
    const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : 1);
    expect(all.computers.sort(byId)).toEqual(computers);
    expect(all.links.sort((a, b) => Number(a.agentId) - Number(b.agentId))).toEqual(links);
    await store.close();
  });

  it('lets the later row win when a key repeats within a batch and across batches', async () => {
    const store = await openStore(300);
    await store.transaction(async () => {
      await store.computers.upsertComputers(Array.from({ length: 300 }, (_, i) => computer(i)));
      // Agent 5 moves twice inside the first batch; agent 200 once in each of two batches.
      await store.computers.upsertLinks([link(5, 5), link(5, 6, 'x'), ...Array.from({ length: 250 }, (_, i) => link(i + 10)), link(5, 7, 'y'), link(200, 1, 'z')]);
      await store.computers.upsertComputers([computer(3, 'renamed'), computer(3, 'renamed again')]);
    });
    expect(await store.computers.getLink({ integrationId: 'nc', agentId: '5' })).toMatchObject({ computerId: computer(7).id, evidence: 'y' });
    expect(await store.computers.getLink({ integrationId: 'nc', agentId: '200' })).toMatchObject({ computerId: computer(1).id, evidence: 'z' });
    expect((await store.computers.get(computer(3).id))?.name).toBe('renamed again');
    await store.close();
  });

  describe('bulkLoad', () => {
    const schema = (store: SqliteStore): unknown[] => store.db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name").all();
    const enforced = (store: SqliteStore): unknown => store.db.pragma('foreign_keys', { simple: true });

    it.each(['on its own', 'inside a caller transaction'])('writes what plain upserts write and leaves the schema (indexes included) as it was, %s', async (how) => {
      const store = await openStore(300);
      const before = schema(store);
      const computers = Array.from({ length: 300 }, (_, i) => computer(i));
      const links = Array.from({ length: 300 }, (_, i) => link(i, i % 7));
      const load = async (): Promise<void> => await store.computers.bulkLoad(async () => {
        await store.computers.upsertComputers(computers);
        await store.computers.upsertLinks(links);
      });
      if (how === 'on its own') await load();
      else await store.transaction(load);
      expect(schema(store)).toEqual(before);
      expect(enforced(store)).toBe(1);
      expect((await store.computers.linksOf(computer(3).id)).map((l) => l.agentId)).toEqual(links.filter((l) => l.computerId === computer(3).id).map((l) => l.agentId).sort());
      const plan = store.db.prepare("EXPLAIN QUERY PLAN SELECT * FROM agent_links WHERE computer_id = 'x'").all() as { detail: string }[];
      expect(plan.map((row) => row.detail).join(' ')).toContain('agent_links_by_computer');
      await store.close();
    });

    it('rolls back indexes and rows alike when the work fails, and enforces references again afterwards', async () => {
      const store = await openStore(10);
      const before = schema(store);
      await expect(store.computers.bulkLoad(async () => {
        await store.computers.upsertComputers([computer(1)]);
        throw new Error('disk on fire');
      })).rejects.toThrow('disk on fire');
      expect(schema(store)).toEqual(before);
      expect(await store.computers.get(computer(1).id)).toBeUndefined();
      expect(enforced(store)).toBe(1);
      await store.close();
    });

    it('checks every reference at the end: a link to a missing computer or agent fails the whole load', async () => {
      const store = await openStore(10);
      const dangling = [
        { computers: [computer(1)], links: [link(1), link(2, 2)] }, // computer 2 is never written
        { computers: [computer(1)], links: [{ ...link(1), agentId: 'no-such-agent' }] },
      ];
      for (const rows of dangling) {
        await expect(store.computers.bulkLoad(async () => {
          await store.computers.upsertComputers(rows.computers);
          await store.computers.upsertLinks(rows.links);
        })).rejects.toThrow(/referencing missing rows \(first: agent_links → (computers|agents)\); nothing was saved/);
        expect(await store.computers.counts()).toEqual({ computers: 0, links: 0 });
        expect(enforced(store)).toBe(1);
      }
      // Links written before their computers are fine: only the end state is checked.
      await store.computers.bulkLoad(async () => {
        await store.computers.upsertLinks([link(1)]);
        await store.computers.upsertComputers([computer(1)]);
      });
      expect(await store.computers.counts()).toEqual({ computers: 1, links: 1 });
      await store.close();
    });

    it('inside a caller transaction, where references cannot be switched off, checks each row as it goes', async () => {
      const store = await openStore(10);
      await expect(store.transaction(async () => await store.computers.bulkLoad(async () => await store.computers.upsertLinks([link(1)])))).rejects.toThrow(/FOREIGN KEY constraint failed/);
      expect(await store.computers.counts()).toEqual({ computers: 0, links: 0 });
      await store.close();
    });

    it('checks the identification tables that reference others, as the schema has them', async () => {
      const store = await openStore(0);
      const tables = ['computers', 'agent_links', 'identification_pins', 'identification_ops', 'identification_changes', 'computer_timeline', 'identification_conflicts', 'identity_reports'];
      expect(tables.every((t) => schema(store).some((row) => (row as { name: string }).name === t))).toBe(true);
      const referencing = tables.filter((t) => (store.db.pragma(`foreign_key_list(${t})`) as unknown[]).length > 0);
      expect(referencing).toEqual([...IDENTIFICATION_TABLES_WITH_FOREIGN_KEYS]);
      await store.close();
    });
  });
});
