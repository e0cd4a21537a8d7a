/**
 * A tiny, explicit {@link Fleet} built by hand, for precise contract tests. `generateFleet`
 * makes realistic fleets from a seed; this one makes exactly the fleet a test describes, so
 * an assertion can name the device id above 2^31, the probe, the customer without devices.
 *
 * It honours the fleet contract: each customer's agents (its sites' included) occupy one
 * contiguous index range, agent ids invert to their index, and ground truth is available
 * through `truth` only.
 */
import type {
  CwClient,
  CwLocation,
  Fleet,
  FleetAgent,
  FleetMachine,
  FleetTenant,
  MachineIdentity,
  MessRates,
  NcCustomer,
  NcServiceOrg,
  NcSite,
} from '../fleet/fleet.types.js';

/** One N-central device of a hand-made fleet. */
export interface HandmadeDevice {
  deviceId: number;
  customerId: number;
  siteId?: number | undefined;
  hostname: string;
  os?: string | undefined;
  /** @default true */
  online?: boolean | undefined;
  /** @default false */
  isProbe?: boolean | undefined;
  /** ISO instant. @default 2026-01-15T08:00:00.000Z */
  lastSeen?: string | undefined;
  /** The machine's true identity. Defaults are derived from the device id. */
  machine?: Partial<MachineIdentity> & { id?: string | undefined };
  /** What the agent reports. @default the machine's true identity */
  reported?: (Partial<MachineIdentity> & { macAddresses: string[] }) | undefined;
  /** @default false */
  stale?: boolean | undefined;
}

/** Input of {@link createHandmadeFleet}. */
export interface HandmadeFleetSpec {
  /** @default [{ soId: 50, soName: 'MSP Service Org' }] */
  serviceOrgs?: NcServiceOrg[];
  customers: (NcCustomer & { tenantId?: string | null | undefined })[];
  sites?: NcSite[];
  devices: HandmadeDevice[];
}

const ZERO_RATES: MessRates = {
  inBothRmms: 0,
  placeholderSerial: 0,
  placeholderUuid: 0,
  vmCloneUuid: 0,
  reinstalledAgent: 0,
  wipedMachine: 0,
  sharedUsbNic: 0,
  crossTenantDisagreement: 0,
  renamedHost: 0,
  missingInventory: 0,
  missingSystemRow: 0,
  psaCompanyId: 0,
  orphanClient: 0,
  nameVariant: 0,
};

function hex(n: number, width: number): string {
  return Math.floor(n).toString(16).toUpperCase().padStart(width, '0').slice(-width);
}

/** A plausible default identity for a device id, distinct per id. */
function defaultIdentity(deviceId: number): MachineIdentity {
  const lo = deviceId % 0x1_0000_0000;
  const hi = Math.floor(deviceId / 0x1_0000_0000);
  return {
    smbiosUuid: `${hex(lo, 8)}-${hex(hi, 4)}-4${hex(lo >>> 20, 3)}-8${hex(lo >>> 8, 3)}-${hex(lo * 7, 12)}`,
    serialNumber: `SN${deviceId}`,
    boardSerial: `BRD${deviceId}`,
    manufacturer: 'Dell Inc.',
    model: 'OptiPlex 7090',
    macAddresses: [`00:1A:2B:${hex(lo >>> 16, 2)}:${hex(lo >>> 8, 2)}:${hex(lo, 2)}`],
    osInstallDate: '2024-02-01T09:30:00.000Z',
  };
}

/**
 * Builds a fleet from an explicit description. Devices may be listed in any order; they are
 * grouped by customer (in the order customers are listed) to keep ranges contiguous.
 * @throws Error on a device whose customer or site is unknown, or a duplicate device id.
 */
export function createHandmadeFleet(spec: HandmadeFleetSpec): Fleet {
  const serviceOrgs = spec.serviceOrgs ?? [{ soId: 50, soName: 'MSP Service Org' }];
  const sites = spec.sites ?? [];
  const customers = spec.customers.map(({ tenantId: _t, ...c }) => c);
  const tenantOf = new Map(spec.customers.map((c) => [c.customerId, c.tenantId === undefined ? `tenant-${c.customerId}` : c.tenantId]));
  const ranges = new Map<number, readonly [number, number]>();
  const agents: FleetAgent[] = [];
  const machines = new Map<string, FleetMachine>();
  const seen = new Set<number>();

  for (const d of spec.devices) {
    if (!customers.some((c) => c.customerId === d.customerId)) throw new Error(`device ${d.deviceId}: unknown customer ${d.customerId}`);
    if (d.siteId !== undefined && !sites.some((s) => s.siteId === d.siteId && s.customerId === d.customerId)) {
      throw new Error(`device ${d.deviceId}: site ${d.siteId} is not a site of customer ${d.customerId}`);
    }
    if (seen.has(d.deviceId)) throw new Error(`duplicate device id ${d.deviceId}`);
    seen.add(d.deviceId);
  }
  for (const customer of customers) {
    const start = agents.length;
    for (const d of spec.devices.filter((x) => x.customerId === customer.customerId)) {
      const { id: machineIdOverride, ...machineOverride } = d.machine ?? {};
      const identity: MachineIdentity = { ...defaultIdentity(d.deviceId), ...machineOverride };
      const machineId = machineIdOverride ?? `machine-${d.deviceId}`;
      const os = d.os ?? 'Microsoft Windows 11 Pro';
      if (!machines.has(machineId)) {
        machines.set(machineId, {
          id: machineId,
          tenantId: tenantOf.get(customer.customerId) ?? 'tenant-unknown',
          identity,
          hostname: d.hostname,
          os,
          isVirtual: false,
        });
      }
      agents.push({
        rmm: 'ncentral',
        agentId: d.deviceId,
        clientId: d.customerId,
        siteId: d.siteId,
        hostname: d.hostname,
        os,
        online: d.online ?? true,
        lastSeen: d.lastSeen ?? '2026-01-15T08:00:00.000Z',
        isProbe: d.isProbe ?? false,
        reported: d.reported ?? { ...identity, macAddresses: [...identity.macAddresses] },
        machineId,
        stale: d.stale ?? false,
      });
    }
    ranges.set(customer.customerId, [start, agents.length]);
  }
  const indexOf = new Map(agents.map((a, i) => [a.agentId, i]));
  const tenants: FleetTenant[] = [...new Set([...tenantOf.values()].filter((t): t is string => t !== null))].map((id) => ({
    id,
    name: id,
    domains: [],
    isMsp: false,
  }));
  const noClients: CwClient[] = [];
  const noLocations: CwLocation[] = [];

  return {
    options: { seed: 0, devices: agents.length, tenants: tenants.length, siteShare: 0, rates: ZERO_RATES },
    tenants,
    ncentral: {
      serviceOrgs,
      customers,
      sites,
      agentCount: agents.length,
      agent(i) {
        const a = agents[i];
        if (!a) throw new RangeError(`agent index ${i} out of range`);
        return a;
      },
      agentRange: (customerId) => ranges.get(customerId) ?? [0, 0],
      indexOfAgent: (agentId) => indexOf.get(agentId),
    },
    automate: {
      clients: noClients,
      locations: noLocations,
      agentCount: 0,
      agent(i) {
        throw new RangeError(`agent index ${i} out of range`);
      },
      agentRange: () => [0, 0],
      indexOfAgent: () => undefined,
    },
    truth: {
      tenantOfClient: (rmm, clientId) => (rmm === 'ncentral' ? (tenantOf.get(clientId) ?? null) : null),
      machineOfAgent: (rmm, agentId) => (rmm === 'ncentral' ? agents[indexOf.get(agentId) ?? -1]?.machineId : undefined),
      machine: (id) => machines.get(id),
    },
  };
}
