import type { CwClient, CwLocation, FleetTenant, MessRates, NcCustomer, NcServiceOrg, NcSite, RmmKind } from './fleet.types.js';
import { apportion, ownSegments, randomRound, splitRange, type ClientLayout, type Owner, type Segment } from './layout.js';
import { companyName, domainsFor, mspName, nameVariant, orphanName, siteName } from './names.js';
import { createRng, deriveSeed, type Rng } from './prng.js';

/** The in-memory part of a fleet: tenants, owners, clients, org units and ranges. */
export interface Skeleton {
  tenants: FleetTenant[];
  owners: Owner[];
  nc: { serviceOrgs: NcServiceOrg[]; customers: NcCustomer[]; sites: NcSite[]; layouts: ClientLayout[] };
  cw: { clients: CwClient[]; locations: CwLocation[]; layouts: ClientLayout[] };
  /** Machines that are in both RMMs. */
  bothCount: number;
}

const RMMS: readonly RmmKind[] = ['ncentral', 'automate'];
/** N-central's default service organisation id. */
const SO_ID = 50;
const HOST_SCHEMES = [['prefix-role', 4], ['desktop-random', 4], ['prefix-num', 2]] as const;

function shuffle<T>(rng: Rng, list: T[]): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [list[i], list[j]] = [list[j] as T, list[i] as T];
  }
  return list;
}

function hostPrefixOf(name: string): string {
  const words = name.normalize('NFKD').replace(/[^A-Za-z &]/g, '').split(/[\s&]+/).filter((w) => w && w.toLowerCase() !== 'and');
  const initials = words.map((w) => w[0]).join('').toUpperCase().slice(0, 4);
  return initials.length >= 2 ? initials : (words[0] ?? 'PC').slice(0, 3).toUpperCase();
}

/** Builds the skeleton: every decision that shapes ranges is made here, once. */
export function buildSkeleton(seed: number, devices: number, tenantCount: number, siteShare: number, rates: Readonly<MessRates>): Skeleton {
  const rng = createRng(deriveSeed(seed, 0x5e1e, 0));

  // Tenants: the MSP first, then customers with distinct composed names.
  const taken = new Set<string>();
  const msp = mspName(rng);
  taken.add(msp.toLowerCase());
  const tenants: FleetTenant[] = [];
  for (let t = 0; t < tenantCount; t++) {
    const name = t === 0 ? msp : companyName(rng, taken);
    const psa = rng.chance(rates.psaCompanyId) ? String(10_000 + t * 17 + rng.int(17)) : undefined;
    tenants.push({ id: `tnt-${String(t + 1).padStart(4, '0')}`, name, psaCompanyId: psa, domains: domainsFor(rng, name), isMsp: t === 0 });
  }

  // Machines per tenant: a skewed distribution (a few large tenants, many small), the MSP small.
  const orphanMachines = rates.orphanClient > 0 ? Math.round(devices * 0.005) : 0;
  const weights = tenants.map((_, t) => (t === 0 ? 0.5 : Math.exp(rng.next() * 3)));
  const sizes = apportion(devices - orphanMachines, weights);
  const tenantMachines = devices - orphanMachines;

  // Presence: enough tenants in both RMMs that `inBothRmms` of all machines can be in both.
  const target = rates.inBothRmms;
  const bothTenantShare = Math.min(1, target / Math.max(0.8, target));
  const isBoth = tenants.map((_, t) => t === 0);
  let covered = sizes[0] ?? 0;
  for (const t of shuffle(rng, tenants.map((_, i) => i).slice(1))) {
    if (covered >= bothTenantShare * tenantMachines && target < 1) break;
    isBoth[t] = true;
    covered += sizes[t] ?? 0;
  }
  const bothPool = sizes.reduce((a, n, t) => a + (isBoth[t] ? n : 0), 0);
  const pBoth = bothPool > 0 ? Math.min(1, (target * devices) / bothPool) : 0;

  const owners: Owner[] = [];
  let at = 0;
  for (let t = 0; t < tenantCount; t++) {
    const m = sizes[t] ?? 0;
    const single: RmmKind = rng.chance(0.5) ? 'ncentral' : 'automate';
    const both = isBoth[t] ? Math.min(m, randomRound(rng, pBoth * m)) : 0;
    const rest = m - both;
    const ncOnly = isBoth[t] ? randomRound(rng, rest / 2) : single === 'ncentral' ? m : 0;
    owners.push({
      tenantIndex: t,
      machineStart: at,
      machineCount: m,
      inNcentral: isBoth[t] === true || single === 'ncentral',
      inAutomate: isBoth[t] === true || single === 'automate',
      both,
      ncOnly,
      cwOnly: rest - ncOnly,
      misfiled: 0,
      wrongRmm: rng.chance(0.5) ? 'ncentral' : 'automate',
      hostPrefix: hostPrefixOf(tenants[t]?.name ?? 'PC'),
      hostScheme: rng.weighted(HOST_SCHEMES),
    });
    at += m;
  }
  const bothCount = owners.reduce((a, o) => a + o.both, 0);

  // Cross-tenant disagreement: the last machines of a tenant's both-block are filed by one RMM
  // under the next tenant present in that RMM.
  const pMisfile = bothCount > 0 ? Math.min(1, (rates.crossTenantDisagreement * devices) / bothCount) : 0;
  const presentIn = (rmm: RmmKind): Owner[] => owners.filter((o) => (rmm === 'ncentral' ? o.inNcentral : o.inAutomate));
  // Misfiled machines a client receives from another tenant, keyed by the receiving owner and RMM.
  const incoming = new Map<string, Segment[]>();
  for (const rmm of RMMS) {
    const list = presentIn(rmm);
    const position = new Map(list.map((o, i) => [o, i]));
    for (const o of list) {
      if (o.both === 0 || o.wrongRmm !== rmm || list.length < 2) continue;
      const target = list[((position.get(o) ?? 0) + 1) % list.length] as Owner;
      o.misfiled = Math.min(o.both, randomRound(rng, pMisfile * o.both));
      if (o.misfiled === 0) continue;
      const key = `${rmm}:${target.tenantIndex}`;
      const segs = incoming.get(key) ?? [];
      segs.push({ start: o.machineStart + o.both - o.misfiled, count: o.misfiled });
      incoming.set(key, segs);
    }
  }

  // Orphan clients (internal, demo, test): a share of all clients, holding a few MSP machines.
  const tenantClients = owners.reduce((a, o) => a + (o.inNcentral ? 1 : 0) + (o.inAutomate ? 1 : 0), 0);
  const orphanCount = rates.orphanClient > 0 ? Math.max(1, Math.round((rates.orphanClient * tenantClients) / (1 - Math.min(rates.orphanClient, 0.95)))) : 0;
  const orphanSizes = apportion(orphanMachines, Array.from({ length: orphanCount }, () => (rng.chance(0.3) ? 0 : rng.next())));
  for (let k = 0; k < orphanCount; k++) {
    const rmm: RmmKind = rng.chance(0.5) ? 'ncentral' : 'automate';
    const m = orphanSizes[k] ?? 0;
    owners.push({
      tenantIndex: 0,
      orphanRmm: rmm,
      machineStart: at,
      machineCount: m,
      inNcentral: rmm === 'ncentral',
      inAutomate: rmm === 'automate',
      both: 0,
      ncOnly: rmm === 'ncentral' ? m : 0,
      cwOnly: rmm === 'automate' ? m : 0,
      misfiled: 0,
      wrongRmm: rmm,
      hostPrefix: rng.pick(['LAB', 'DEMO', 'TEST', 'BENCH']),
      hostScheme: 'prefix-num',
    });
    at += m;
  }

  // Stale agents: per-client counts sized so the machine-level rates match.
  const presences = devices + bothCount;
  const pReinstall = presences > 0 ? (rates.reinstalledAgent * devices) / presences : 0;
  const pWipe = presences > 0 ? (rates.wipedMachine * devices) / presences : 0;

  const sk: Skeleton = {
    tenants,
    owners,
    nc: { serviceOrgs: [{ soId: SO_ID, soName: msp }], customers: [], sites: [], layouts: [] },
    cw: { clients: [], locations: [], layouts: [] },
    bothCount,
  };
  let orgUnit = 100 + rng.int(100);
  let cwClientId = 0;
  let cwLocationId = 0;
  for (const rmm of RMMS) {
    const names = new Set<string>();
    const present = presentIn(rmm);
    const order = [present[0] as Owner, ...shuffle(rng, present.slice(1))];
    let rangeAt = 0;
    for (const o of order) {
      const tenant = o.orphanRmm === undefined ? tenants[o.tenantIndex] : undefined;
      let name = tenant ? (rng.chance(rates.nameVariant) ? nameVariant(rng, tenant.name) : tenant.name) : orphanName(rng, msp, names);
      if (tenant) {
        if (names.has(name.toLowerCase())) name = tenant.name;
        for (let n = 2; names.has(name.toLowerCase()); n++) name = `${tenant.name} (${n})`;
        names.add(name.toLowerCase());
      }
      const segments: Segment[] = ownSegments(o, rmm);
      if (tenant) segments.push(...(incoming.get(`${rmm}:${o.tenantIndex}`) ?? []));
      const primaryCount = segments.reduce((a, g) => a + g.count, 0);
      const reinstallCount = randomRound(rng, pReinstall * primaryCount);
      const wipeCount = randomRound(rng, pWipe * primaryCount);
      const size = primaryCount + reinstallCount + wipeCount;
      const clientId = rmm === 'ncentral' ? (orgUnit += 1 + (rng.chance(0.15) ? rng.int(4) : 0)) : (cwClientId += 1 + (rng.chance(0.1) ? rng.int(3) : 0));
      const layout: ClientLayout = {
        rmm,
        clientId,
        tenantIndex: tenant ? o.tenantIndex : -1,
        segments,
        primaryCount,
        reinstallCount,
        wipeCount,
        reinstallPhase: rng.next(),
        wipePhase: rng.next(),
        rangeStart: rangeAt,
        rangeEnd: rangeAt + size,
        sub: [],
        hasProbe: rmm === 'ncentral' && rng.chance(0.5),
      };
      rangeAt += size;
      const subNames = new Set<string>();
      if (rmm === 'ncentral') {
        sk.nc.customers.push({
          customerId: clientId,
          customerName: name,
          soId: SO_ID,
          externalId: tenant?.psaCompanyId !== undefined && rng.chance(0.6) ? tenant.psaCompanyId : undefined,
        });
        if (tenant && rng.chance(siteShare)) {
          // Chunk 0 stays at customer level; each further chunk is a site.
          const chunks = splitRange(rng, layout.rangeStart, layout.rangeEnd, 1 + rng.range(1, 3));
          for (const [start, end] of chunks.slice(1)) {
            const siteId = (orgUnit += 1);
            sk.nc.sites.push({ siteId, siteName: siteName(rng, layout.sub.length, subNames), customerId: clientId });
            layout.sub.push({ id: siteId, start, end });
          }
        }
        sk.nc.layouts.push(layout);
      } else {
        const psa = tenant?.psaCompanyId;
        sk.cw.clients.push({ id: clientId, name, company: name, externalId: psa === undefined ? undefined : Number(psa) });
        // Every Automate computer sits in a location; most clients have one.
        const chunks = splitRange(rng, layout.rangeStart, layout.rangeEnd, rng.chance(0.3) ? rng.range(2, 3) : 1);
        for (const [start, end] of chunks) {
          const locationId = (cwLocationId += 1);
          sk.cw.locations.push({ id: locationId, name: layout.sub.length === 0 && rng.chance(0.6) ? 'Main' : siteName(rng, layout.sub.length, subNames), clientId });
          layout.sub.push({ id: locationId, start, end });
        }
        sk.cw.layouts.push(layout);
      }
    }
  }
  return sk;
}
