/**
 * A small, hand-shaped Automate fleet for tests of Automate clients: deterministic, with the
 * awkward cases placed where a test can find them — a client name with both quote characters,
 * a blank `Company`, a PSA-linked client, offline agents, a macOS agent, agents without hardware
 * inventory and with placeholder serials. Agents are derived on demand from their index, so it
 * scales to benchmark sizes with flat memory. For realistic fleets use the fleet generator.
 */
import type { CwClient, CwLocation, Fleet, FleetAgent, FleetMachine, FleetTenant, MessRates } from '../fleet/fleet.types.js';

/** Options of {@link createSampleAutomateFleet}. */
export interface SampleFleetOptions {
  /** Number of Automate clients. @default 4 */
  clients?: number;
  /** Agents per client. @default 6 */
  agentsPerClient?: number;
}

const ID_BASE = 1000;
const ID_STRIDE = 3;
const NO_RATES: MessRates = {
  inBothRmms: 0, placeholderSerial: 0, placeholderUuid: 0, vmCloneUuid: 0, reinstalledAgent: 0, wipedMachine: 0,
  sharedUsbNic: 0, crossTenantDisagreement: 0, renamedHost: 0, missingInventory: 0, missingSystemRow: 0, psaCompanyId: 0, orphanClient: 0, nameVariant: 0,
};

/** The name of the sample client whose name holds both kinds of quote. */
export const QUOTED_CLIENT_NAME = `O'Brien & Sons "Plumbing"`;

function clientName(index: number): { name: string; company: string; externalId?: number } {
  if (index === 0) return { name: 'Acme', company: 'Acme Corporation', externalId: 5001 };
  if (index === 1) return { name: QUOTED_CLIENT_NAME, company: '' };
  if (index === 2) return { name: 'Demo Client', company: '' };
  return { name: `Client ${index + 1}`, company: `Client ${index + 1} Ltd` };
}

function hex(n: number, width: number): string {
  return (n >>> 0).toString(16).toUpperCase().padStart(width, '0').slice(-width);
}

/** The true identity of machine `i`. */
function machineOf(i: number, clientCount: number, perClient: number): FleetMachine {
  const clientIndex = Math.floor(i / perClient);
  const vendor = ['Dell Inc.', 'HP', 'LENOVO'][i % 3] as string;
  return {
    id: `m${i}`,
    tenantId: `t${clientIndex + 1}`,
    hostname: `C${clientIndex + 1}-PC${String(i).padStart(5, '0')}`,
    os: i % 10 === 9 ? 'macOS 14.5' : i % 5 === 4 ? 'Microsoft Windows Server 2022 Standard x64' : 'Microsoft Windows 11 Pro x64',
    isVirtual: vendor === 'HP' && i % 2 === 0,
    identity: {
      smbiosUuid: `${hex(i, 8)}-${hex(clientCount, 4)}-4000-8000-${hex(i * 7919, 12)}`,
      serialNumber: `SN${hex(i * 2654435761, 8)}`,
      boardSerial: `BS${hex(i * 40503, 8)}`,
      manufacturer: vendor,
      model: ['OptiPlex 7090', 'EliteBook 840 G8', 'ThinkPad T14'][i % 3] as string,
      macAddresses: [`00:1A:2B:${hex(i >> 16, 2)}:${hex(i >> 8, 2)}:${hex(i, 2)}`],
      osInstallDate: new Date(Date.UTC(2023, 0, 1) + (i % 365) * 86_400_000).toISOString(),
    },
  };
}

/** Builds the sample fleet (Automate side only; N-central is empty). */
export function createSampleAutomateFleet(options: SampleFleetOptions = {}): Fleet {
  const clientCount = options.clients ?? 4;
  const perClient = options.agentsPerClient ?? 6;
  const agentCount = clientCount * perClient;
  const clients: CwClient[] = [];
  const locations: CwLocation[] = [];
  const tenants: FleetTenant[] = [];
  for (let c = 0; c < clientCount; c++) {
    const { name, company, externalId } = clientName(c);
    clients.push({ id: c + 1, name, company, externalId });
    locations.push({ id: (c + 1) * 10 + 1, name: 'Main Office', clientId: c + 1 }, { id: (c + 1) * 10 + 2, name: 'Branch', clientId: c + 1 });
    if (c !== 2) tenants.push({ id: `t${c + 1}`, name: company || name, psaCompanyId: externalId === undefined ? undefined : String(externalId), domains: [], isMsp: c === 0 });
  }
  const agent = (i: number): FleetAgent => {
    if (!Number.isInteger(i) || i < 0 || i >= agentCount) throw new RangeError(`agent index ${i} out of range`);
    const machine = machineOf(i, clientCount, perClient);
    const clientId = Math.floor(i / perClient) + 1;
    const missing = i % 13 === 5;
    const placeholder = i % 11 === 4;
    return {
      rmm: 'automate',
      agentId: ID_BASE + i * ID_STRIDE,
      clientId,
      siteId: clientId * 10 + 1 + (i % 2),
      hostname: machine.hostname,
      os: machine.os,
      online: i % 7 !== 3,
      lastSeen: new Date(Date.UTC(2025, 4, 30, 10, 0, 0) - (i % 97) * 3_600_000).toISOString(),
      isProbe: false,
      reported: missing
        ? { macAddresses: [] }
        : { ...machine.identity, serialNumber: placeholder ? 'To Be Filled By O.E.M.' : machine.identity.serialNumber },
      machineId: machine.id,
      stale: false,
    };
  };
  const indexOfAgent = (agentId: number): number | undefined => {
    const i = (agentId - ID_BASE) / ID_STRIDE;
    return Number.isInteger(i) && i >= 0 && i < agentCount ? i : undefined;
  };
  return {
    options: { seed: 0, devices: agentCount, tenants: tenants.length, siteShare: 0, epoch: '2025-05-30T10:00:00.000Z', rates: NO_RATES },
    tenants,
    ncentral: {
      serviceOrgs: [],
      customers: [],
      sites: [],
      agentCount: 0,
      agent: () => {
        throw new RangeError('the sample fleet has no N-central agents');
      },
      agentRange: () => [0, 0],
      indexOfAgent: () => undefined,
    },
    automate: {
      clients,
      locations,
      agentCount,
      agent,
      agentRange: (clientId) => (clientId >= 1 && clientId <= clientCount ? [(clientId - 1) * perClient, clientId * perClient] : [0, 0]),
      indexOfAgent,
    },
    truth: {
      tenantOfClient: (rmm, clientId) => (rmm === 'automate' && clientId !== 3 && clientId >= 1 && clientId <= clientCount ? `t${clientId}` : null),
      machineOfAgent: (rmm, agentId) => {
        const i = rmm === 'automate' ? indexOfAgent(agentId) : undefined;
        return i === undefined ? undefined : `m${i}`;
      },
      machine: (machineId) => {
        const i = /^m(\d+)$/.exec(machineId)?.[1];
        return i === undefined || Number(i) >= agentCount ? undefined : machineOf(Number(i), clientCount, perClient);
      },
    },
  };
}
