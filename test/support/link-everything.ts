/**
 * A stand-in LinkingStep for sync tests that are not about linking: links every client of an
 * integration to one tenant, idempotently, through the store's own tables.
 */
import type { LinkingStep, Store } from '@rmm-hub/core';
import type { SqliteStore } from '@rmm-hub/store-sqlite';

export function linkEverythingTo(store: SqliteStore, tenantId: string): LinkingStep {
  return {
    async reconcile(integrationId, at) {
      await store.tenants.upsert({ id: tenantId, name: tenantId, domains: [], isMsp: false });
      const insert = store.db.prepare(
        `INSERT OR IGNORE INTO tenant_links (integration_id, client_id, tenant_id, source, reasons, created_at) VALUES (?, ?, ?, 'manual', '[]', ?)`,
      );
      let written = 0;
      for (const client of await (store as Store).clients.list({ integrationId })) written += insert.run(integrationId, client.id, tenantId, at).changes;
      return { linked: (await store.links.listLinks({ integrationId })).length, suggested: 0, written };
    },
  };
}
