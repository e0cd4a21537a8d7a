import type { TenantRecord, TenantRepository } from '@rmm-hub/core';

import type { Database } from '../database.js';
import { orUndefined } from './columns.js';

interface TenantRow {
  [column: string]: unknown;
  id: string;
  name: string;
  psa_company_id: string | null;
  domains: string[];
  is_msp: boolean;
  created_at: string;
}

export class PgTenantRepository implements TenantRepository {
  constructor(private readonly db: Database) {}

  async upsert(tenant: Omit<TenantRecord, 'createdAt'> & { createdAt?: string }): Promise<boolean> {
    const domains = [...tenant.domains].map((d) => d.toLowerCase()).sort();
    const result = await this.db.query(
      `INSERT INTO tenants (id, name, psa_company_id, domains, is_msp, created_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, psa_company_id = excluded.psa_company_id, domains = excluded.domains, is_msp = excluded.is_msp
       WHERE (tenants.name, tenants.psa_company_id, tenants.domains, tenants.is_msp)
         IS DISTINCT FROM (excluded.name, excluded.psa_company_id, excluded.domains, excluded.is_msp)`,
      [tenant.id, tenant.name, tenant.psaCompanyId ?? null, domains, tenant.isMsp, tenant.createdAt ?? new Date().toISOString()],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async get(id: string): Promise<TenantRecord | undefined> {
    const [row] = await this.db.rows<TenantRow>('SELECT * FROM tenants WHERE id = $1', [id]);
    return row ? toTenant(row) : undefined;
  }

  async list(): Promise<TenantRecord[]> {
    return (await this.db.rows<TenantRow>('SELECT * FROM tenants ORDER BY id')).map(toTenant);
  }
}

function toTenant(row: TenantRow): TenantRecord {
  return { id: row.id, name: row.name, psaCompanyId: orUndefined(row.psa_company_id), domains: row.domains, isMsp: row.is_msp, createdAt: row.created_at };
}
