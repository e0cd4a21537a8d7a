import type Database from 'better-sqlite3';

import type { LinkReason, LinkRepository, TenantLinkRecord } from '@rmm-hub/core';

import { orUndefined, parseJson } from '../json-column.js';

interface LinkRow {
  integration_id: string;
  client_id: string;
  tenant_id: string;
  source: 'auto' | 'manual';
  score: number | null;
  reasons: string;
  created_at: string;
}

export class SqliteLinkRepository implements LinkRepository {
  constructor(private readonly db: Database.Database) {}

  listLinks(filter: { integrationId?: string; tenantId?: string } = {}): TenantLinkRecord[] {
    const where: string[] = [];
    if (filter.integrationId !== undefined) where.push('integration_id = @integrationId');
    if (filter.tenantId !== undefined) where.push('tenant_id = @tenantId');
    const rows = this.db
      .prepare(`SELECT * FROM tenant_links ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY integration_id, client_id`)
      .all(filter) as LinkRow[];
    return rows.map((row) => ({
      integrationId: row.integration_id,
      clientId: row.client_id,
      tenantId: row.tenant_id,
      source: row.source,
      score: orUndefined(row.score),
      reasons: parseJson<LinkReason[]>(row.reasons, []),
      createdAt: row.created_at,
    }));
  }
}
