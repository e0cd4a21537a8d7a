/**
 * Builds the JSON records the simulated Automate serves — Client, Location, Computer and
 * ComputerChassis (SPEC25 field names, PascalCase) — from the fleet model. Only what the RMM
 * itself would report goes in; the fleet's ground truth never does, except through the
 * identity command (see command-execute.ts), which is what a real agent would run.
 */
import type { CwClient, CwLocation, FleetAgent } from '../fleet/fleet.types.js';
import { toWallClock } from '../server/time-zone.js';

/** How the server writes ids and date-times (both are uncertain; reference §5.2). */
export interface RecordFormat {
  /** Client and Computer `Id` as a JSON number (default) or a numeric string (the spec's type). */
  idFormat: 'number' | 'string';
  /** `local`: `yyyy-MM-ddTHH:mm:ss` without a zone (as observed); `utc`: with a trailing `Z`. */
  dateFormat: 'local' | 'utc';
  /** The server's zone: `local` times are its wall clock. @default 'UTC' */
  timeZone?: string | undefined;
}

type Row = Record<string, unknown>;

/** Formats an instant as the server does. */
export function formatDate(iso: string | number | undefined, format: RecordFormat): string | null {
  if (iso === undefined) return null;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  if (format.dateFormat === 'utc') return `${date.toISOString().slice(0, 19)}Z`;
  return new Date(toWallClock(date.getTime(), format.timeZone ?? 'UTC')).toISOString().slice(0, 19);
}

function id(value: number, format: RecordFormat): number | string {
  return format.idFormat === 'string' ? String(value) : value;
}

/** A LabTech.Models.Client. `Company` may be blank (reference §4.1). */
/** The postal and phone fields every client and location carries; the simulator leaves them blank. */
const BLANK_CONTACT = { Address1: '', Address2: '', City: '', State: '', ZipCode: '', Country: '', PhoneNumber: '', FaxNumber: '' } as const;

export function clientRecord(client: CwClient, format: RecordFormat): Row {
  return {
    Id: id(client.id, format),
    Name: client.name,
    Company: client.company,
    FirstName: '',
    LastName: '',
    ...BLANK_CONTACT,
    Comment: '',
    // The Manage company id as a string; "0" when the client is not linked to a PSA company.
    ExternalId: client.externalId === undefined ? '0' : String(client.externalId),
    UsesInHouseSupportStaff: false,
    NewTicketNotificationEmail: '',
    IsHiddenFromAllInclusiveGroup: false,
  };
}

/** An Automate.Api.Domain.Contracts.Clients.Location, with its nested Client. */
export function locationRecord(location: CwLocation, client: CwClient | undefined, format: RecordFormat): Row {
  return {
    Id: location.id,
    LocationId: location.id,
    Name: location.name,
    Client: client ? { Id: id(client.id, format), Name: client.name } : null,
    ...BLANK_CONTACT,
    Comments: '',
    ExternalId: 0,
    ProbeId: 0,
    RouterPort: 0,
  };
}

/** Where a computer currently is (it may have been moved since the fleet was generated). */
export interface Placement {
  client: CwClient;
  location: CwLocation | undefined;
}

function macDashes(mac: string | undefined): string {
  return mac ? mac.toUpperCase().replace(/[:.]/g, '-') : '';
}

function osVersion(os: string): string {
  if (/windows 11/i.test(os)) return '10.0.22631';
  if (/windows 10/i.test(os)) return '10.0.19045';
  if (/server 2022/i.test(os)) return '10.0.20348';
  if (/server 2019/i.test(os)) return '10.0.17763';
  if (/server 2016/i.test(os)) return '10.0.14393';
  return '';
}

function isWindows(os: string): boolean {
  return /windows/i.test(os);
}

/** A LabTech.Models.Computer (the subset of SPEC25 fields an integration reads). */
export function computerRecord(agent: FleetAgent, placement: Placement, format: RecordFormat, isVirtual: boolean): Row {
  const octet = (n: number): number => (agent.agentId >>> n) & 0xff;
  return {
    Id: id(agent.agentId, format),
    ComputerName: agent.hostname,
    FriendlyName: agent.hostname,
    Client: { Id: id(placement.client.id, format), Name: placement.client.name },
    Location: placement.location ? { Id: placement.location.id, Name: placement.location.name } : { Id: 0, Name: '' },
    Status: agent.online ? 'Online' : 'Offline',
    Type: /server/i.test(agent.os) ? 'Server' : 'Workstation',
    OperatingSystemName: agent.os,
    OperatingSystemVersion: osVersion(agent.os),
    DomainName: isWindows(agent.os) ? 'WORKGROUP' : '',
    Comment: '',
    LastUserName: '',
    LocalIPAddress: `10.${octet(16)}.${octet(8)}.${octet(0)}`,
    GatewayIPAddress: `203.0.113.${placement.client.id & 0xff}`,
    MACAddress: macDashes(agent.reported.macAddresses[0]),
    SerialNumber: agent.reported.serialNumber ?? '',
    // The firmware's vendor: on white boxes and VMs not the system's maker.
    BiosManufacturer: agent.biosVendor ?? agent.reported.manufacturer ?? '',
    BiosFlash: '',
    RemoteAgentVersion: '2025.5.101',
    RemoteAgentLastContact: formatDate(agent.lastSeen, format),
    LastInventoryReceived: formatDate(agent.lastSeen, format),
    DateAdded: formatDate(agent.reported.osInstallDate ?? agent.lastSeen, format),
    UTCOffset: 0,
    IsVirtualMachine: isVirtual,
    IsNetworkProbe: agent.isProbe,
    IsMaster: false,
    IsRebootNeeded: false,
    IsMaintenanceModeEnabled: false,
    IsLockedDown: false,
    LoggedInUsers: [],
    UserAccounts: [],
    OpenPortsTCP: [],
    OpenPortsUDP: [],
  };
}

/**
 * A LabTech.Models.ComputerChassis — where Automate keeps the SMBIOS UUID, manufacturer,
 * model and serial. An agent that never sent hardware inventory has no chassis row.
 */
export function chassisRecord(agent: FleetAgent, format: RecordFormat): Row | undefined {
  const r = agent.reported;
  if (agent.noSystemRow || (!r.smbiosUuid && !r.serialNumber && !r.manufacturer && !r.model && !r.boardSerial)) return undefined;
  return {
    ComputerId: agent.agentId,
    Manufacturer: r.manufacturer ?? '',
    ProductName: r.model ?? '',
    Version: '',
    SerialNumber: r.serialNumber ?? '',
    UUID: r.smbiosUuid ?? '',
    SkuNumber: '',
    Family: '',
    ChassisType: '',
    ChassisLock: false,
    AssetTag: '',
    MainBoardProduct: '',
    MainBoardSerialNumber: r.boardSerial ?? '',
    MainBoardVersion: '',
    MainBoardManufacturer: agent.boardManufacturer ?? r.manufacturer ?? '',
    LastUpdate: formatDate(agent.lastSeen, format),
  };
}
