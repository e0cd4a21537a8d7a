/**
 * How widely each value of one identifier kind is spread: over how many distinct machines
 * (hostnames) and how many tenants. The survey asks two questions of it — which values are on
 * at least N machines (quarantine), which are in more than one tenant (cross-tenant conflicts)
 * — and nearly every value answers "one machine, one tenant".
 *
 * So no value is kept as a string unless it is seen a second time on another machine or in
 * another tenant. Each value is a 64-bit fingerprint in typed arrays with its first machine
 * and tenant, outside the collected heap: a dictionary of strings would hold every distinct
 * value of the fleet for the whole survey, most of its live heap, and the collector sizes the
 * heap from that.
 *
 * Exact up to fingerprint collisions: two distinct values share a 64-bit fingerprint with
 * probability about n²/2⁶⁵ (10⁻⁸ at 600,000 values); two hostnames of one value share a
 * 32-bit one with probability about k²/2³³ for k hostnames.
 */
import { fingerprint64 } from './string-hash.js';

export class ValueSpread {
  /** Open addressing: slot → value id (-1 empty), with the value's fingerprint beside it. */
  private slots: Int32Array;
  private slotHi: Uint32Array;
  private slotLo: Uint32Array;
  private mask: number;
  /** Per value id. */
  private firstHost: Uint32Array;
  private firstTenant: Int32Array;
  /** 1 once the value is seen in a second tenant. */
  private manyTenants: Uint8Array;
  private count = 0;
  /** Host fingerprints of the values seen on more than one machine. */
  private readonly hostsOf = new Map<number, Set<number>>();
  /** The values seen on more than one machine or in more than one tenant. */
  private readonly names = new Map<number, string>();

  constructor() {
    // Small to start, doubling as needed: presizing to the fleet would reserve room for
    // agents that report no identifier at all.
    const size = 1024;
    this.slots = new Int32Array(size).fill(-1);
    this.slotHi = new Uint32Array(size);
    this.slotLo = new Uint32Array(size);
    this.mask = size - 1;
    this.firstHost = new Uint32Array(size / 2);
    this.firstTenant = new Int32Array(size / 2);
    this.manyTenants = new Uint8Array(size / 2);
  }

  /** Values counted. */
  get size(): number {
    return this.count;
  }

  /** Counts `value` on the machine with fingerprint `host` (see `fingerprint32`) in tenant number `tenant`. */
  add(value: string, host: number, tenant: number): void {
    const [hi, lo] = fingerprint64(value);
    let slot = lo & this.mask;
    for (;;) {
      const id = this.slots[slot] as number;
      if (id === -1) break;
      if (this.slotHi[slot] === hi && this.slotLo[slot] === lo) {
        this.again(id, value, host, tenant);
        return;
      }
      slot = (slot + 1) & this.mask;
    }
    const id = this.count++;
    if (id === this.manyTenants.length) this.growValues();
    this.slots[slot] = id;
    this.slotHi[slot] = hi;
    this.slotLo[slot] = lo;
    this.firstHost[id] = host;
    this.firstTenant[id] = tenant;
    if (this.count * 2 > this.slots.length) this.growSlots();
  }

  /** The values seen on at least `threshold` (≥ 2) distinct machines. */
  onMachines(threshold: number): string[] {
    const out: string[] = [];
    for (const [id, hosts] of this.hostsOf) if (hosts.size >= threshold) out.push(this.names.get(id) as string);
    return out;
  }

  /** The values seen in more than one tenant. */
  inTenants(): string[] {
    const out: string[] = [];
    for (const [id, name] of this.names) if (this.manyTenants[id] === 1) out.push(name);
    return out;
  }

  private again(id: number, value: string, host: number, tenant: number): void {
    const first = this.firstHost[id] as number;
    if (host !== first) {
      const hosts = this.hostsOf.get(id);
      if (hosts === undefined) this.hostsOf.set(id, new Set([first, host]));
      else hosts.add(host);
      this.names.set(id, value);
    }
    if (tenant !== this.firstTenant[id]) {
      this.manyTenants[id] = 1;
      this.names.set(id, value);
    }
  }

  private growValues(): void {
    const size = this.manyTenants.length * 2;
    const firstHost = new Uint32Array(size);
    firstHost.set(this.firstHost);
    this.firstHost = firstHost;
    const firstTenant = new Int32Array(size);
    firstTenant.set(this.firstTenant);
    this.firstTenant = firstTenant;
    const manyTenants = new Uint8Array(size);
    manyTenants.set(this.manyTenants);
    this.manyTenants = manyTenants;
  }

  private growSlots(): void {
    const { slots, slotHi, slotLo } = this;
    const size = slots.length * 2;
    this.slots = new Int32Array(size).fill(-1);
    this.slotHi = new Uint32Array(size);
    this.slotLo = new Uint32Array(size);
    this.mask = size - 1;
    for (let old = 0; old < slots.length; old++) {
      const id = slots[old] as number;
      if (id === -1) continue;
      let slot = (slotLo[old] as number) & this.mask;
      while ((this.slots[slot] as number) !== -1) slot = (slot + 1) & this.mask;
      this.slots[slot] = id;
      this.slotHi[slot] = slotHi[old] as number;
      this.slotLo[slot] = slotLo[old] as number;
    }
  }
}
