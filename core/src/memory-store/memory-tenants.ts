import { isDeepStrictEqual } from 'node:util';

import type { TenantRecord } from '../store/records.js';
import type { TenantRepository } from '../store/repositories.js';
import { copy, orderBy, type MemoryTables } from './memory-tables.js';

export class MemoryTenantRepository implements TenantRepository {
  constructor(private readonly tables: MemoryTables) {}

  upsert(tenant: Omit<TenantRecord, 'createdAt'> & { createdAt?: string }): boolean {
    const { tenants } = this.tables.rows;
    const before = tenants.get(tenant.id);
    const next: TenantRecord = {
      id: tenant.id,
      name: tenant.name,
      psaCompanyId: tenant.psaCompanyId,
      // Kept in one spelling and order, so the same domains written differently are no change.
      domains: tenant.domains.map((d) => d.toLowerCase()).sort(),
      isMsp: tenant.isMsp,
      createdAt: before?.createdAt ?? tenant.createdAt ?? new Date().toISOString(),
    };
    if (isDeepStrictEqual(before, next)) return false;
    tenants.set(tenant.id, next);
    this.tables.changed();
    return true;
  }

  get(id: string): TenantRecord | undefined {
    return copy(this.tables.rows.tenants.get(id));
  }

  list(): TenantRecord[] {
    return orderBy(copy([...this.tables.rows.tenants.values()]), (t) => t.id);
  }
}
