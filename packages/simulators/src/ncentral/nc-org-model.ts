/**
 * The org-unit hierarchy of the simulated server — System (1) → service orgs → customers →
 * sites — and which devices each org unit covers. Device sets are described by the fleet's
 * contiguous per-customer index ranges, so a page of an org unit's devices costs O(page size)
 * (sites, which share their customer's range, are indexed once on first use).
 */
import type { Fleet, NcCustomer, NcServiceOrg, NcSite } from '../fleet/fleet.types.js';

/** The System org unit's id. */
export const SYSTEM_ORG_UNIT_ID = 1;

/** One org unit, whatever its level. */
export type NcOrgUnit =
  | { kind: 'system'; id: number; name: string; parentId: null }
  | { kind: 'service-org'; id: number; name: string; parentId: number; so: NcServiceOrg }
  | { kind: 'customer'; id: number; name: string; parentId: number; customer: NcCustomer }
  | { kind: 'site'; id: number; name: string; parentId: number; site: NcSite };

/** The devices of an org unit, as fleet agent indices. */
export interface DeviceScope {
  /** Number of devices. */
  readonly size: number;
  /** The fleet agent index of the scope's `k`-th device (0 ≤ k < size). */
  indexAt(k: number): number;
  /** The inverse of `indexAt`: where a fleet agent index sits in the scope, if it does. */
  positionOf(index: number): number | undefined;
}

class RangeScope implements DeviceScope {
  readonly size: number;
  private readonly starts: number[] = [];
  private readonly offsets: number[] = [];
  constructor(ranges: readonly (readonly [number, number])[]) {
    let total = 0;
    for (const [s, e] of ranges) {
      if (e <= s) continue;
      this.starts.push(s);
      this.offsets.push(total);
      total += e - s;
    }
    this.size = total;
  }
  indexAt(k: number): number {
    // Binary search for the range holding the k-th device.
    let lo = 0;
    let hi = this.offsets.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.offsets[mid] as number) <= k) lo = mid;
      else hi = mid - 1;
    }
    return (this.starts[lo] as number) + k - (this.offsets[lo] as number);
  }
  positionOf(index: number): number | undefined {
    for (let r = 0; r < this.starts.length; r++) {
      const start = this.starts[r] as number;
      const length = (r + 1 < this.offsets.length ? (this.offsets[r + 1] as number) : this.size) - (this.offsets[r] as number);
      if (index >= start && index < start + length) return (this.offsets[r] as number) + index - start;
    }
    return undefined;
  }
}

class ListScope implements DeviceScope {
  constructor(private readonly indices: readonly number[]) {}
  get size(): number {
    return this.indices.length;
  }
  indexAt(k: number): number {
    return this.indices[k] as number;
  }
  positionOf(index: number): number | undefined {
    const at = this.indices.indexOf(index);
    return at < 0 ? undefined : at;
  }
}

/** A scope without the devices deleted through the API (few: their positions are listed). */
class WithoutDeleted implements DeviceScope {
  readonly size: number;
  /** The positions of the deleted devices in the inner scope, ascending. */
  private readonly gaps: number[];
  constructor(private readonly inner: DeviceScope, deleted: ReadonlySet<number>) {
    this.gaps = [...deleted].map((i) => inner.positionOf(i)).filter((p): p is number => p !== undefined).sort((a, b) => a - b);
    this.size = inner.size - this.gaps.length;
  }
  indexAt(k: number): number {
    let p = k;
    for (const gap of this.gaps) {
      if (gap > p) break;
      p++;
    }
    return this.inner.indexAt(p);
  }
  positionOf(index: number): number | undefined {
    const p = this.inner.positionOf(index);
    if (p === undefined || this.gaps.includes(p)) return undefined;
    return p - this.gaps.filter((gap) => gap < p).length;
  }
}

/** The hierarchy and device scopes of a fleet's N-central side. */
export class NcOrgModel {
  readonly units = new Map<number, NcOrgUnit>();
  readonly customersBySo = new Map<number, NcCustomer[]>();
  readonly sitesByCustomer = new Map<number, NcSite[]>();
  private readonly siteIndices = new Map<number, number[]>();
  /** Fleet indices of devices deleted through `DELETE /api/devices/{id}`. */
  private readonly deleted = new Set<number>();

  constructor(private readonly fleet: Fleet) {
    const nc = fleet.ncentral;
    this.units.set(SYSTEM_ORG_UNIT_ID, { kind: 'system', id: SYSTEM_ORG_UNIT_ID, name: 'System', parentId: null });
    for (const so of nc.serviceOrgs) {
      this.units.set(so.soId, { kind: 'service-org', id: so.soId, name: so.soName, parentId: SYSTEM_ORG_UNIT_ID, so });
      this.customersBySo.set(so.soId, []);
    }
    for (const c of nc.customers) {
      this.units.set(c.customerId, { kind: 'customer', id: c.customerId, name: c.customerName, parentId: c.soId, customer: c });
      this.customersBySo.get(c.soId)?.push(c);
      this.sitesByCustomer.set(c.customerId, []);
    }
    for (const s of nc.sites) {
      this.units.set(s.siteId, { kind: 'site', id: s.siteId, name: s.siteName, parentId: s.customerId, site: s });
      this.sitesByCustomer.get(s.customerId)?.push(s);
    }
  }

  /** The org unit with this id, if any. */
  unit(id: number): NcOrgUnit | undefined {
    return this.units.get(id);
  }

  /** The service org a customer belongs to. */
  serviceOrgOf(customerId: number): NcServiceOrg | undefined {
    const c = this.units.get(customerId);
    if (c?.kind !== 'customer') return undefined;
    const so = this.units.get(c.parentId);
    return so?.kind === 'service-org' ? so.so : undefined;
  }

  /** Direct children of an org unit. */
  children(id: number): NcOrgUnit[] {
    return [...this.units.values()].filter((u) => u.parentId === id);
  }

  /** Deletes a device: it leaves every scope and its id answers 404. */
  deleteDevice(index: number): void {
    this.deleted.add(index);
  }

  isDeleted(index: number): boolean {
    return this.deleted.has(index);
  }

  deletedIndices(): number[] {
    return [...this.deleted].sort((a, b) => a - b);
  }

  /** The devices under an org unit (all levels below it), deleted ones excepted. */
  scope(unit: NcOrgUnit): DeviceScope {
    const all = this.allOf(unit);
    return this.deleted.size === 0 ? all : new WithoutDeleted(all, this.deleted);
  }

  private allOf(unit: NcOrgUnit): DeviceScope {
    const nc = this.fleet.ncentral;
    switch (unit.kind) {
      case 'system':
        return new RangeScope([[0, nc.agentCount]]);
      case 'service-org':
        return new RangeScope((this.customersBySo.get(unit.id) ?? []).map((c) => nc.agentRange(c.customerId)));
      case 'customer':
        return new RangeScope([nc.agentRange(unit.id)]);
      case 'site': {
        // Generated fleets keep a site's agents contiguous too and can say where.
        const siteRange = (nc as { siteRange?: (siteId: number) => readonly [number, number] | undefined }).siteRange?.(unit.id);
        if (siteRange) return new RangeScope([siteRange]);
        let list = this.siteIndices.get(unit.id);
        if (!list) {
          list = [];
          const [s, e] = nc.agentRange(unit.site.customerId);
          for (let i = s; i < e; i++) if (nc.agent(i).siteId === unit.id) list.push(i);
          this.siteIndices.set(unit.id, list);
        }
        return new ListScope(list);
      }
    }
  }
}
