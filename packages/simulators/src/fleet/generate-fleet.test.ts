import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';

import type { RmmKind } from './fleet.types.js';
import { fleetSnapshot } from './fleet-snapshot.js';
import { generateFleet, type GeneratedFleet } from './generate-fleet.js';
import { isPlaceholderSerial } from './placeholders.js';

const RMMS: readonly RmmKind[] = ['ncentral', 'automate'];

function clientIdsOf(fleet: GeneratedFleet, rmm: RmmKind): number[] {
  return rmm === 'ncentral' ? fleet.ncentral.customers.map((c) => c.customerId) : fleet.automate.clients.map((c) => c.id);
}

describe('generateFleet determinism', () => {
  test.prop([fc.integer({ min: -(2 ** 31), max: 2 ** 31 }), fc.integer({ min: 10, max: 300 })], { numRuns: 12 })(
    'the same seed and options give the same fleet, byte for byte',
    (seed, devices) => {
      const a = fleetSnapshot(generateFleet({ seed, devices }));
      const b = fleetSnapshot(generateFleet({ seed, devices }));
      expect(b).toBe(a);
    },
  );

  it('different seeds give different fleets', () => {
    expect(fleetSnapshot(generateFleet({ seed: 1, devices: 50 }))).not.toBe(fleetSnapshot(generateFleet({ seed: 2, devices: 50 })));
  });

  it('derives an agent the same whether or not others were derived before it', () => {
    const a = generateFleet({ seed: 9, devices: 500 });
    const b = generateFleet({ seed: 9, devices: 500 });
    const last = a.automate.agentCount - 1;
    const fromCold = JSON.stringify(b.automate.agent(last));
    for (let i = 0; i < last; i++) a.automate.agent(i);
    expect(JSON.stringify(a.automate.agent(last))).toBe(fromCold);
  });
});

describe('generateFleet structure', () => {
  const fleet = generateFleet({ seed: 42, devices: 3000 });

  it.each(RMMS)('%s: client ranges are contiguous and cover every agent exactly once', (rmm) => {
    const view = fleet[rmm];
    let at = 0;
    for (const id of clientIdsOf(fleet, rmm)) {
      const [start, end] = view.agentRange(id);
      expect(start).toBe(at);
      for (let i = start; i < end; i++) expect(view.agent(i).clientId).toBe(id);
      at = end;
    }
    expect(at).toBe(view.agentCount);
    expect(view.agentRange(-1)).toEqual([0, 0]);
  });

  it('sites and locations are contiguous sub-ranges of their client and agree with agent.siteId', () => {
    for (const site of fleet.ncentral.sites) {
      const [s, e] = fleet.ncentral.siteRange(site.siteId) ?? [0, 0];
      const [cs, ce] = fleet.ncentral.agentRange(site.customerId);
      expect(cs <= s && e <= ce).toBe(true);
      for (let i = s; i < e; i++) expect(fleet.ncentral.agent(i).siteId).toBe(site.siteId);
    }
    for (const loc of fleet.automate.locations) {
      const [s, e] = fleet.automate.locationRange(loc.id) ?? [0, 0];
      for (let i = s; i < e; i++) expect(fleet.automate.agent(i)).toMatchObject({ siteId: loc.id, clientId: loc.clientId });
    }
    // Every Automate computer has a location; N-central devices may sit directly under a customer.
    for (let i = 0; i < fleet.automate.agentCount; i++) expect(fleet.automate.agent(i).siteId).toBeDefined();
    expect(fleet.ncentral.sites.length).toBeGreaterThan(0);
  });

  it.each(RMMS)('%s: indexOfAgent inverts agent ids, ids are unique, non-ids are rejected', (rmm) => {
    const view = fleet[rmm];
    const seen = new Set<number>();
    for (let i = 0; i < view.agentCount; i++) {
      const id = view.agent(i).agentId;
      expect(Number.isSafeInteger(id) && id > 0).toBe(true);
      expect(view.indexOfAgent(id)).toBe(i);
      expect(fleet.agentIdAt(rmm, i)).toBe(id);
      seen.add(id);
    }
    expect(seen.size).toBe(view.agentCount);
    for (const bogus of [0, -5, 1.5, Number.NaN, 2 ** 60]) expect(view.indexOfAgent(bogus)).toBeUndefined();
    let rejected = 0;
    for (let i = 0; i < 200; i++) {
      const near = view.agent(i).agentId + 1;
      const idx = view.indexOfAgent(near);
      if (idx === undefined) rejected++;
      else expect(view.agent(idx).agentId).toBe(near);
    }
    expect(rejected).toBeGreaterThan(0);
  });

  it('N-central device ids occur on both sides of 2^31; org-unit ids never collide', () => {
    const ids = Array.from({ length: fleet.ncentral.agentCount }, (_, i) => fleet.ncentral.agent(i).agentId);
    expect(ids.some((id) => id > 2 ** 31)).toBe(true);
    expect(ids.some((id) => id < 2 ** 31)).toBe(true);
    const small = generateFleet({ seed: 3, devices: 10 });
    expect(Array.from({ length: small.ncentral.agentCount }, (_, i) => small.ncentral.agent(i).agentId).some((id) => id > 2 ** 31)).toBe(true);
    const orgUnits = [50, ...fleet.ncentral.customers.map((c) => c.customerId), ...fleet.ncentral.sites.map((s) => s.siteId)];
    expect(new Set(orgUnits).size).toBe(orgUnits.length);
  });

  it('truth answers machine and tenant questions consistently with the agents', () => {
    const tenantIds = new Set(fleet.tenants.map((t) => t.id));
    for (const rmm of RMMS) {
      const view = fleet[rmm];
      for (let i = 0; i < view.agentCount; i += 7) {
        const a = view.agent(i);
        expect(fleet.truth.machineOfAgent(rmm, a.agentId)).toBe(a.machineId);
        expect(tenantIds.has(fleet.truth.machine(a.machineId)?.tenantId ?? '')).toBe(true);
      }
      expect(fleet.truth.machineOfAgent(rmm, 1)).toBeUndefined();
    }
    expect(fleet.truth.machine(`mach-${fleet.truth.machineCount}`)).toBeUndefined();
    expect(fleet.truth.machine('nope')).toBeUndefined();
    expect(fleet.truth.tenantOfClient('automate', -1)).toBeNull();
    expect(fleet.tenants.filter((t) => t.isMsp)).toHaveLength(1);
    const msp = fleet.tenants.find((t) => t.isMsp);
    expect(fleet.ncentral.customers.some((c) => fleet.truth.tenantOfClient('ncentral', c.customerId) === msp?.id)).toBe(true);
    expect(fleet.automate.clients.some((c) => fleet.truth.tenantOfClient('automate', c.id) === msp?.id)).toBe(true);
  });

  it('orphan clients carry internal/demo/test names and no tenant', () => {
    const orphans = [
      ...fleet.ncentral.customers.filter((c) => fleet.truth.tenantOfClient('ncentral', c.customerId) === null).map((c) => c.customerName),
      ...fleet.automate.clients.filter((c) => fleet.truth.tenantOfClient('automate', c.id) === null).map((c) => c.name),
    ];
    expect(orphans.length).toBeGreaterThan(0);
    for (const name of orphans) expect(name).toMatch(/internal|demo|test|lab|do not use|onboarding|unassigned|old clients|template|staging|sandbox|training|bench/i);
  });

  it('marks a few N-central agents as probes, never Automate ones', () => {
    let probes = 0;
    for (let i = 0; i < fleet.ncentral.agentCount; i++) if (fleet.ncentral.agent(i).isProbe) probes++;
    expect(probes).toBeGreaterThan(0);
    expect(probes).toBeLessThan(fleet.ncentral.customers.length);
    for (let i = 0; i < fleet.automate.agentCount; i += 13) expect(fleet.automate.agent(i).isProbe).toBe(false);
  });

  it('looks real: vendors, serial formats, MAC shapes, tenant names and domains', () => {
    const byVendor = new Map<string, string[]>();
    for (let i = 0; i < 600; i++) {
      const m = fleet.truth.machine(`mach-${i}`);
      if (!m) continue;
      expect(m.identity.smbiosUuid).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
      for (const mac of m.identity.macAddresses) expect(mac).toMatch(/^([0-9A-F]{2}:){5}[0-9A-F]{2}$/);
      expect(Number.isNaN(Date.parse(m.identity.osInstallDate))).toBe(false);
      byVendor.set(m.identity.manufacturer, [...(byVendor.get(m.identity.manufacturer) ?? []), m.identity.serialNumber]);
    }
    const realSerials = (v: string): string[] => (byVendor.get(v) ?? []).filter((s) => !isPlaceholderSerial(s));
    expect(realSerials('Dell Inc.').every((s) => /^[0-9B-DF-HJ-NP-TV-Z]{7}$/.test(s))).toBe(true);
    expect(realSerials('LENOVO').every((s) => /^[0-9A-Z]{8}$/.test(s))).toBe(true);
    expect([...realSerials('HP'), ...realSerials('Hewlett-Packard')].every((s) => /^[0-9A-Z]{10}$/.test(s))).toBe(true);
    expect(byVendor.has('VMware, Inc.') && byVendor.has('Microsoft Corporation')).toBe(true);
    for (const t of fleet.tenants) {
      expect(t.name).toMatch(/^\S.*\S$/);
      expect(t.domains.length).toBeGreaterThan(0);
      for (const d of t.domains) expect(d).toMatch(/^[a-z0-9]+\.[a-z.]+$/);
    }
    expect(new Set(fleet.tenants.map((t) => t.name.toLowerCase())).size).toBe(fleet.tenants.length);
  });
});

describe('generateFleet limits', () => {
  it('scales from 10 to 200,000 devices', () => {
    const tiny = generateFleet({ seed: 1, devices: 10 });
    expect(tiny.tenants.length).toBe(3);
    const huge = generateFleet({ seed: 1, devices: 200_000 });
    expect(huge.truth.machineCount).toBe(200_000);
    const total = huge.ncentral.agentCount + huge.automate.agentCount;
    expect(total).toBeGreaterThan(200_000);
    expect(huge.ncentral.agent(huge.ncentral.agentCount - 1).agentId).toBeGreaterThan(2 ** 31);
  });

  it('rejects out-of-range options', () => {
    expect(() => generateFleet({ seed: 1, devices: 9 })).toThrow(RangeError);
    expect(() => generateFleet({ seed: 1, devices: 200_001 })).toThrow(RangeError);
    expect(() => generateFleet({ seed: 1.5, devices: 100 })).toThrow(RangeError);
    expect(() => generateFleet({ seed: 1, devices: 100, rates: { inBothRmms: 1.2 } })).toThrow(RangeError);
    expect(() => generateFleet({ seed: 1, devices: 100, tenants: 0 })).toThrow(RangeError);
    expect(() => generateFleet({ seed: 1, devices: 100, epoch: 'yesterday' })).toThrow(RangeError);
    expect(() => generateFleet({ seed: 1, devices: 100 }).ncentral.agent(-1)).toThrow(RangeError);
  });

  it('honours explicit tenants, site share and epoch', () => {
    const f = generateFleet({ seed: 5, devices: 400, tenants: 7, siteShare: 0, epoch: '2030-01-01T00:00:00Z' });
    expect(f.tenants).toHaveLength(7);
    expect(f.ncentral.sites).toHaveLength(0);
    const a = f.ncentral.agent(0);
    expect(Date.parse(a.lastSeen)).toBeLessThanOrEqual(Date.parse('2030-01-01T00:00:00Z'));
    expect(Date.parse(a.lastSeen)).toBeGreaterThan(Date.parse('2029-01-01T00:00:00Z'));
  });
});
