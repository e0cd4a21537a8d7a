import type Database from 'better-sqlite3';

import type { TenantRecord, TenantRepository } from '@rmm-hub/core';

import { orUndefined, parseJson } from '../json-column.js';
import type { Synchronous } from '../gated-repository.js';

interface TenantRow {
  id: string;
  name: string;
  psa_company_id: string | null;
  domains: string;
  is_msp: 0 | 1;
  created_at: string;
}

export class SqliteTenantRepository implements Synchronous<TenantRepository> {
  constructor(private readonly db: Database.Database) {}

  upsert(tenant: Omit<TenantRecord, 'createdAt'> & { createdAt?: string }): boolean {
    const domains = JSON.stringify([...tenant.domains].map((d) => d.toLowerCase()).sort());
    const result = this.db
      .prepare(
        `INSERT INTO tenants (id, name, psa_company_id, domains, is_msp, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, psa_company_id = excluded.psa_company_id,
           domains = excluded.domains, is_msp = excluded.is_msp
         WHERE name <> excluded.name OR psa_company_id IS NOT excluded.psa_company_id
           OR domains <> excluded.domains OR is_msp <> excluded.is_msp`,
      )
      .run(tenant.id, tenant.name, tenant.psaCompanyId ?? null, domains, tenant.isMsp ? 1 : 0, tenant.createdAt ?? new Date().toISOString());
    return result.changes > 0;
  }

  get(id: string): TenantRecord | undefined {
    const row = this.db.prepare('SELECT * FROM tenants WHERE id = ?').get(id) as TenantRow | undefined;
    return row ? toTenant(row) : undefined;
  }

  list(): TenantRecord[] {
    return (this.db.prepare('SELECT * FROM tenants ORDER BY id').all() as TenantRow[]).map(toTenant);
  }
}

function toTenant(row: TenantRow): TenantRecord {
  return {
    id: row.id,
    name: row.name,
    psaCompanyId: orUndefined(row.psa_company_id),
    domains: parseJson<string[]>(row.domains, []),
    isMsp: row.is_msp === 1,
    createdAt: row.created_at,
  };
}
