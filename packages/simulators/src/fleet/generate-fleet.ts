import { agentIdAt, agentIdScheme, agentIndexOf, deriveAgent, slotOf, type AgentIdScheme } from './agents.js';
import { buildSkeleton } from './build-skeleton.js';
import { DEFAULT_FLEET_EPOCH, DEFAULT_MESS_RATES, DEFAULT_SITE_SHARE, FLEET_DEVICE_LIMITS } from './defaults.js';
import type { Fleet, FleetAgent, FleetOptions, FleetTruth, MessRates, RmmKind } from './fleet.types.js';
import type { ClientLayout } from './layout.js';
import { deriveMachine, machineIdOf, machineIndexOf, type MachineContext } from './machines.js';

/** The RMM view of a generated fleet, with the optional range helpers always present. */
interface RmmView {
  readonly agentCount: number;
  agent(i: number): FleetAgent;
  agentRange(clientId: number): readonly [number, number];
  indexOfAgent(agentId: number): number | undefined;
}

/** A fleet made by {@link generateFleet}: the optional members of {@link Fleet} are always there. */
export interface GeneratedFleet extends Fleet {
  readonly ncentral: Fleet['ncentral'] & { siteRange(siteId: number): readonly [number, number] | undefined };
  readonly automate: Fleet['automate'] & { locationRange(locationId: number): readonly [number, number] | undefined };
  readonly truth: FleetTruth & { readonly machineCount: number };
  /** The agent id of index `i` without deriving the agent (cheap, for paging id lists). */
  agentIdAt(rmm: RmmKind, i: number): number;
}

function checkRate(name: string, value: number): void {
  if (!(value >= 0 && value <= 1)) throw new RangeError(`mess rate ${name} must be in [0, 1], got ${value}`);
}

function rmmView(ctx: MachineContext, rmm: RmmKind, layouts: readonly ClientLayout[], seed: number): RmmView & { ids: AgentIdScheme } {
  const agentCount = layouts.at(-1)?.rangeEnd ?? 0;
  const ids = agentIdScheme(rmm, seed, agentCount);
  const byClient = new Map(layouts.map((l) => [l.clientId, l]));
  return {
    ids,
    agentCount,
    agent(i) {
      if (!Number.isInteger(i) || i < 0 || i >= agentCount) throw new RangeError(`${rmm} agent index ${i} is outside [0, ${agentCount})`);
      return deriveAgent(ctx, rmm, layouts, ids, i);
    },
    agentRange(clientId) {
      const l = byClient.get(clientId);
      // An unknown client has no agents: an empty range keeps callers free of special cases.
      return l ? [l.rangeStart, l.rangeEnd] : [0, 0];
    },
    indexOfAgent: (agentId) => agentIndexOf(ids, agentCount, agentId),
  };
}

/**
 * Generates a fleet, deterministically from `options.seed`: the same options give the same
 * fleet byte for byte. Tenants, clients, sites and per-client ranges are built eagerly; agents
 * and machines are derived on demand from (seed, index), so memory stays flat from 10 to
 * 200,000 devices.
 *
 * Modelling choices the tests and the demo rely on (see also `DEFAULT_MESS_RATES`):
 * - **Cross-tenant disagreement**: the machine's true tenant (`truth.machine(id).tenantId`) is
 *   the tenant whose machines it was laid out with; one of its two RMMs (chosen per tenant)
 *   files it under the client of another tenant. Either RMM may be the wrong one.
 * - **Wiped machines**: the machine keeps its hardware; the RMM holds an older, offline, stale
 *   agent carrying the previous hostname and the previous (older) OS install date, next to the
 *   live agent with the current ones.
 * - **Reinstalled agents**: a stale, offline agent with the same hostname and identity.
 * - **Placeholders** are what the BIOS says, so the truth identity carries them too.
 * - **Shared USB NICs** appear in agents' reported MACs only, not in the truth identity.
 * - **Orphan clients** (internal, demo, test) hold a few machines owned by the MSP tenant;
 *   `truth.tenantOfClient` is null for them.
 * @throws RangeError on out-of-range devices, tenants, rates or a bad epoch.
 */
export function generateFleet(options: FleetOptions): GeneratedFleet {
  const { seed, devices } = options;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  if (!Number.isInteger(devices) || devices < FLEET_DEVICE_LIMITS.min || devices > FLEET_DEVICE_LIMITS.max) {
    throw new RangeError(`devices must be an integer in [${FLEET_DEVICE_LIMITS.min}, ${FLEET_DEVICE_LIMITS.max}], got ${devices}`);
  }
  const tenants = options.tenants ?? Math.max(3, Math.round(devices / 40));
  if (!Number.isInteger(tenants) || tenants < 1 || tenants > devices) throw new RangeError(`tenants must be an integer in [1, devices], got ${tenants}`);
  const rates: MessRates = { ...DEFAULT_MESS_RATES, ...options.rates };
  for (const [k, v] of Object.entries(rates)) checkRate(k, v);
  const siteShare = options.siteShare ?? DEFAULT_SITE_SHARE;
  checkRate('siteShare', siteShare);
  const epoch = options.epoch ?? DEFAULT_FLEET_EPOCH;
  const epochMs = Date.parse(epoch);
  if (Number.isNaN(epochMs)) throw new RangeError(`epoch must be an ISO instant, got ${epoch}`);

  const sk = buildSkeleton(seed, devices, tenants, siteShare, rates);
  const cloneShare = Math.min(rates.vmCloneUuid, 0.99);
  const ctx: MachineContext = {
    seed,
    epochMs,
    rates,
    owners: sk.owners,
    tenants: sk.tenants,
    renameGivenBoth: sk.bothCount > 0 ? Math.min(1, (rates.renamedHost * devices) / sk.bothCount) : 0,
    placeholderUuidGivenNotClone: Math.min(1, rates.placeholderUuid / (1 - cloneShare)),
    usbPoolSize: Math.max(1, Math.round((devices * rates.sharedUsbNic) / 6)),
  };
  const nc = rmmView(ctx, 'ncentral', sk.nc.layouts, seed);
  const cw = rmmView(ctx, 'automate', sk.cw.layouts, seed);
  const subRange = (layouts: readonly ClientLayout[]) => {
    const map = new Map<number, readonly [number, number]>();
    for (const l of layouts) for (const s of l.sub) map.set(s.id, [s.start, s.end]);
    return (id: number): readonly [number, number] | undefined => map.get(id);
  };
  const tenantOf = new Map<string, string | null>();
  for (const l of [...sk.nc.layouts, ...sk.cw.layouts]) {
    tenantOf.set(`${l.rmm}:${l.clientId}`, l.tenantIndex < 0 ? null : (sk.tenants[l.tenantIndex]?.id ?? null));
  }
  const views = { ncentral: { view: nc, layouts: sk.nc.layouts }, automate: { view: cw, layouts: sk.cw.layouts } };

  const truth: GeneratedFleet['truth'] = {
    machineCount: devices,
    tenantOfClient: (rmm, clientId) => tenantOf.get(`${rmm}:${clientId}`) ?? null,
    machineOfAgent(rmm, agentId) {
      const { view, layouts } = views[rmm];
      const i = view.indexOfAgent(agentId);
      return i === undefined ? undefined : machineIdOf(slotOf(layouts, i).machineIndex);
    },
    machine(machineId) {
      const i = machineIndexOf(machineId);
      return i === undefined || i >= devices ? undefined : deriveMachine(ctx, i).machine;
    },
  };

  return {
    options: { seed, devices, tenants, siteShare, epoch, rates: Object.freeze({ ...rates }) },
    tenants: sk.tenants,
    ncentral: {
      serviceOrgs: sk.nc.serviceOrgs,
      customers: sk.nc.customers,
      sites: sk.nc.sites,
      agentCount: nc.agentCount,
      agent: nc.agent,
      agentRange: nc.agentRange,
      indexOfAgent: nc.indexOfAgent,
      siteRange: subRange(sk.nc.layouts),
    },
    automate: {
      clients: sk.cw.clients,
      locations: sk.cw.locations,
      agentCount: cw.agentCount,
      agent: cw.agent,
      agentRange: cw.agentRange,
      indexOfAgent: cw.indexOfAgent,
      locationRange: subRange(sk.cw.layouts),
    },
    truth,
    agentIdAt: (rmm, i) => agentIdAt(views[rmm].view.ids, i),
  };
}
