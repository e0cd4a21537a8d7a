/**
 * The fleet model: the ground truth behind both simulated RMMs.
 *
 * A fleet is a set of platform tenants, the physical machines they own, and what each RMM
 * reports about them: its clients (under name variants) and its agents (with the identity
 * mess of the real world). Clients, tenants and machines are kept in memory (thousands);
 * agents are NOT — they are derived on demand from the seed and their index, so a 200,000
 * device fleet is served with flat memory. Each RMM client owns a contiguous range of agent
 * indices, which makes paging a client's agents O(page size).
 *
 * Ground truth (which tenant a client belongs to, which machine an agent runs on) is exposed
 * through {@link FleetTruth} — to tests and the demo only, never through the simulated APIs.
 */

export type RmmKind = 'ncentral' | 'automate';

/** Rates of real-world mess, each a probability in [0, 1]. */
export interface MessRates {
  /** Machines present in both RMMs (the rest are in one, chosen by the tenant's presence). */
  inBothRmms: number;
  /** Agents whose serial is a placeholder from the catalogue ("To Be Filled By O.E.M.", …). */
  placeholderSerial: number;
  /** Agents whose SMBIOS UUID is a placeholder (all zeros, all Fs, …). */
  placeholderUuid: number;
  /** Machines that are VM clones of another machine: same SMBIOS UUID, different serial. */
  vmCloneUuid: number;
  /** Machines with a second, older agent in the same RMM (agent reinstalled). */
  reinstalledAgent: number;
  /** Machines wiped and re-imaged: new OS install date and hostname, same hardware. */
  wipedMachine: number;
  /** Machines reporting a shared USB NIC's MAC (the same MAC on many machines). */
  sharedUsbNic: number;
  /** Machines whose two RMMs put them under clients of different tenants. */
  crossTenantDisagreement: number;
  /** Machines whose hostname differs between their agents. */
  renamedHost: number;
  /** Agents with no hardware inventory at all (no UUID, serial, MACs). */
  missingInventory: number;
  /**
   * Agents whose RMM has no system row (Automate `computers/Chassis`, N-central
   * `computersystem`): no SMBIOS UUID, manufacturer or model — while the firmware's and the
   * board's makers, which differ from the system's on white boxes and VMs, are still shown.
   */
  missingSystemRow: number;
  /** Tenants with a PSA company id (shown as Automate Client.ExternalId). */
  psaCompanyId: number;
  /** RMM clients that belong to no tenant (internal, demo, test). */
  orphanClient: number;
  /** RMM client names that differ from the tenant's name (suffix, &/and, abbreviation, typo). */
  nameVariant: number;
}

export interface FleetOptions {
  seed: number;
  /** Physical machines across all tenants (10 … 200,000). */
  devices: number;
  /** Platform tenants; by default about one per 40 devices, at least 3. */
  tenants?: number;
  rates?: Partial<MessRates>;
  /** Share of tenants that also have N-central sites (customers with sites). */
  siteShare?: number;
  /**
   * ISO instant all timestamps (last seen, install dates) are relative to. Fixed by default so
   * a seed reproduces the fleet byte for byte; a simulator may pass "now" to look live.
   */
  epoch?: string;
}

/** A tenant of the platform — what the host application would already know. */
export interface FleetTenant {
  id: string;
  name: string;
  psaCompanyId?: string | undefined;
  domains: string[];
  isMsp: boolean;
}

/** The hardware truth of one machine (what an identity script on it would report). */
export interface MachineIdentity {
  smbiosUuid: string;
  serialNumber: string;
  boardSerial: string;
  manufacturer: string;
  model: string;
  macAddresses: string[];
  /** ISO instant of the current OS install. */
  osInstallDate: string;
}

export interface FleetMachine {
  id: string;
  tenantId: string;
  identity: MachineIdentity;
  hostname: string;
  os: string;
  isVirtual: boolean;
}

export interface NcServiceOrg { soId: number; soName: string }
export interface NcCustomer { customerId: number; customerName: string; soId: number; externalId?: string | undefined; externalId2?: string | undefined }
export interface NcSite { siteId: number; siteName: string; customerId: number }
export interface CwClient { id: number; name: string; company: string; externalId?: number | undefined }
export interface CwLocation { id: number; name: string; clientId: number }

/**
 * One agent as its RMM reports it, identity mess included. `reported` may lack fields the
 * machine really has (missing inventory) or carry placeholders.
 */
export interface FleetAgent {
  rmm: RmmKind;
  /** N-central deviceId (may exceed 2^31) or Automate ComputerID. */
  agentId: number;
  /** N-central customerId / Automate ClientID. */
  clientId: number;
  /** N-central siteId / Automate LocationID, when the client has one. */
  siteId?: number | undefined;
  hostname: string;
  os: string;
  online: boolean;
  lastSeen: string;
  isProbe: boolean;
  reported: Partial<MachineIdentity> & { macAddresses: string[] };
  /** The firmware's vendor (Automate's `BiosManufacturer`); not the system's maker. Unset without inventory. */
  biosVendor?: string | undefined;
  /** The board's maker (N-central's `motherboard.manufacturer`); not the system's maker. Unset without inventory. */
  boardManufacturer?: string | undefined;
  /** True when the RMM has no system row for this agent (see `MessRates.missingSystemRow`). */
  noSystemRow?: boolean | undefined;
  /** Ground truth: the machine this agent runs on. */
  machineId: string;
  /** True for an agent superseded by a reinstall (older, offline). */
  stale: boolean;
}

/** Ground truth, for tests and the demo only. */
export interface FleetTruth {
  /** The tenant a client belongs to, or null for internal/demo/test clients. */
  tenantOfClient(rmm: RmmKind, clientId: number): string | null;
  machineOfAgent(rmm: RmmKind, agentId: number): string | undefined;
  machine(machineId: string): FleetMachine | undefined;
  /** Number of physical machines (optional: generated fleets provide it, ids are `mach-0` … `mach-(n-1)`). */
  readonly machineCount?: number;
}

export interface Fleet {
  readonly options: Readonly<Required<Omit<FleetOptions, 'rates' | 'epoch'>>> & {
    rates: Readonly<MessRates>;
    /** The instant timestamps are relative to (always set by `generateFleet`). */
    epoch?: string | undefined;
  };
  readonly tenants: readonly FleetTenant[];
  readonly ncentral: {
    readonly serviceOrgs: readonly NcServiceOrg[];
    readonly customers: readonly NcCustomer[];
    readonly sites: readonly NcSite[];
    readonly agentCount: number;
    /** The agent at index `i` (0 ≤ i < agentCount), derived on demand. */
    agent(i: number): FleetAgent;
    /** The contiguous index range [start, end) of a customer's agents (sites included). */
    agentRange(customerId: number): readonly [number, number];
    /** The index of an agent id, or undefined (ids are invertible: GET-by-id is O(1)). */
    indexOfAgent(agentId: number): number | undefined;
    /**
     * The contiguous index range [start, end) of a site's agents, or undefined for an unknown
     * site. Optional: generated fleets provide it; a server may fall back to filtering the
     * customer's range by `siteId`.
     */
    siteRange?(siteId: number): readonly [number, number] | undefined;
  };
  readonly automate: {
    readonly clients: readonly CwClient[];
    readonly locations: readonly CwLocation[];
    readonly agentCount: number;
    agent(i: number): FleetAgent;
    agentRange(clientId: number): readonly [number, number];
    indexOfAgent(agentId: number): number | undefined;
    /** The contiguous index range [start, end) of a location's agents (optional, as `siteRange`). */
    locationRange?(locationId: number): readonly [number, number] | undefined;
  };
  readonly truth: FleetTruth;
}
