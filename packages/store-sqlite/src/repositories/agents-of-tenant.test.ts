/**
 * `liveOfTenant`: identification reads one tenant at a time (2,500 times per sync at 100,000
 * devices), so it must return exactly the tenant's live agents and reach them by index.
 */
import { describe, expect, it } from 'vitest';

import { SqliteStore } from '../sqlite-store.js';

const AT = '2025-06-01T00:00:00.000Z';

describe('SqliteAgentRepository.liveOfTenant', () => {
  it("returns the live agents of the tenant's clients, across integrations, and nothing else", () => {
    const store = SqliteStore.open({ path: ':memory:' });
    store.transaction(() => {
      for (const id of ['nc', 'cw']) store.integrations.upsert({ id, pluginId: id, displayName: id, enabled: true });
      for (const id of ['ta', 'tb']) store.tenants.upsert({ id, name: id, domains: [], isMsp: false });
      for (const integrationId of ['nc', 'cw']) {
        store.clients.upsertMany(integrationId, ['c1', 'c2', 'c3'].map((id) => ({ id, name: id, kind: 'customer' as const, hints: { domains: [], externalIds: {} } })), AT);
      }
      store.links.putLink({ integrationId: 'nc', clientId: 'c1', tenantId: 'ta', source: 'manual', reasons: [], createdAt: AT });
      store.links.putLink({ integrationId: 'cw', clientId: 'c2', tenantId: 'ta', source: 'manual', reasons: [], createdAt: AT });
      store.links.putLink({ integrationId: 'nc', clientId: 'c3', tenantId: 'tb', source: 'manual', reasons: [], createdAt: AT });
      const agent = (id: string, clientId: string) => ({ id, clientId, hostname: `H${id}`, online: true, canRunScripts: true, identity: { macAddresses: [] } });
      store.agents.upsertMany('nc', [agent('1', 'c1'), agent('2', 'c1'), agent('3', 'c2'), agent('4', 'c3')], AT);
      store.agents.upsertMany('cw', [agent('5', 'c2'), agent('6', 'c1')], AT);
      store.agents.markGone('nc', ['c1'], new Set(['1']), AT);
    });
    const keys = (tenantId: string): string[] => store.agents.liveOfTenant(tenantId).map((a) => `${a.integrationId}/${a.id}`).sort();
    expect(keys('ta')).toEqual(['cw/5', 'nc/1']);
    expect(keys('tb')).toEqual(['nc/4']);
    expect(keys('nobody')).toEqual([]);
    const plan = store.db.prepare(`EXPLAIN QUERY PLAN SELECT a.* FROM tenant_links t
      JOIN agents a INDEXED BY agents_by_client ON a.integration_id = t.integration_id AND a.client_id = t.client_id
      WHERE t.tenant_id = ? AND a.gone_at IS NULL`).all('ta') as { detail: string }[];
    expect(plan.map((r) => r.detail).join(' ')).toContain('agents_by_client');
    store.close();
  });
});
