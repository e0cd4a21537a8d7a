import { createRng, deriveSeed, type Rng } from './prng.js';

/**
 * Real-looking machine hardware: manufacturer, model, serial formats per vendor, SMBIOS
 * UUIDs, MACs with realistic OUIs, OS and install dates. Pure functions of a seed.
 */

/** The hardware families the generator produces. */
export type VendorKey = 'dell' | 'hp' | 'lenovo' | 'whitebox' | 'vmware' | 'hyperv';

/** Kind of machine, which drives model, hostname scheme, OS and NIC count. */
export type MachineRole = 'desktop' | 'laptop' | 'server';

interface ModelEntry { model: string; role: MachineRole }

interface Vendor {
  manufacturer: string | readonly string[];
  models: readonly ModelEntry[];
  ouis: readonly string[];
  virtual: boolean;
}

const d = (model: string): ModelEntry => ({ model, role: 'desktop' });
const l = (model: string): ModelEntry => ({ model, role: 'laptop' });
const s = (model: string): ModelEntry => ({ model, role: 'server' });

const VENDORS: Record<VendorKey, Vendor> = {
  dell: {
    manufacturer: 'Dell Inc.',
    models: [d('OptiPlex 7090'), d('OptiPlex 3080'), d('OptiPlex 7010'), l('Latitude 5420'), l('Latitude 7430'), l('Latitude 5540'), d('Precision 3650 Tower'), l('Vostro 3510'), s('PowerEdge R740'), s('PowerEdge T340')],
    ouis: ['F8:BC:12', 'B8:CA:3A', 'D4:81:D7', '18:66:DA', 'A4:BB:6D'],
    virtual: false,
  },
  hp: {
    manufacturer: ['HP', 'Hewlett-Packard'],
    models: [d('HP EliteDesk 800 G6 Small Form Factor PC'), d('HP ProDesk 400 G7 Microtower PC'), l('HP ProBook 450 G8 Notebook PC'), l('HP EliteBook 840 G7 Notebook PC'), d('HP Z2 Tower G5 Workstation'), s('ProLiant DL380 Gen10')],
    ouis: ['9C:8E:99', '3C:52:82', 'EC:8E:B5', '10:E7:C6', '48:0F:CF'],
    virtual: false,
  },
  lenovo: {
    manufacturer: 'LENOVO',
    models: [d('11DT0041US'), d('ThinkCentre M70q'), l('20W0003AUS'), l('ThinkPad T14 Gen 2i'), l('ThinkPad X1 Carbon Gen 9'), l('ThinkPad E15 Gen 2'), d('ThinkStation P340'), s('ThinkSystem SR650')],
    ouis: ['54:E1:AD', '8C:16:45', 'E8:6A:64', '98:FA:9B', '00:E0:4C'],
    virtual: false,
  },
  whitebox: {
    manufacturer: ['ASUS', 'Gigabyte Technology Co., Ltd.', 'Micro-Star International Co., Ltd.', 'Supermicro', 'System manufacturer'],
    models: [d('PRIME B460M-A'), d('B450M DS3H'), d('MS-7C56'), s('X11SSH-F'), d('System Product Name')],
    ouis: ['00:E0:4C', '04:D4:C4', '1C:1B:0D', 'AC:1F:6B', '70:85:C2'],
    virtual: false,
  },
  vmware: {
    manufacturer: 'VMware, Inc.',
    models: [s('VMware Virtual Platform'), s('VMware7,1'), d('VMware7,1')],
    ouis: ['00:50:56', '00:0C:29'],
    virtual: true,
  },
  hyperv: {
    manufacturer: 'Microsoft Corporation',
    models: [s('Virtual Machine'), d('Virtual Machine')],
    ouis: ['00:15:5D'],
    virtual: true,
  },
};

/** Firmware vendors of boards sold to system builders (white boxes). */
const INDEPENDENT_BIOS_VENDORS = ['American Megatrends Inc.', 'American Megatrends International, LLC.', 'Insyde Corp.', 'Phoenix Technologies Ltd.'] as const;

/** The board makers behind a white box's system manufacturer (including the unset "System manufacturer"). */
const WHITEBOX_BOARDS: Readonly<Record<string, string>> = {
  ASUS: 'ASUSTeK COMPUTER INC.',
  'System manufacturer': 'ASUSTeK COMPUTER INC.',
  Supermicro: 'Supermicro',
};

/**
 * What a machine's firmware and board say about their own makers — which on white boxes and
 * VMs is not the system's manufacturer: Automate shows the firmware vendor as
 * `BiosManufacturer`, N-central the board's maker under `motherboard`. `pick` chooses among a
 * white box's firmware vendors (any integer; the same one gives the same answer).
 */
export function firmwareOf(manufacturer: string, pick: number): { biosVendor: string; boardManufacturer: string } {
  switch (manufacturer) {
    case 'VMware, Inc.':
      return { biosVendor: 'Phoenix Technologies LTD', boardManufacturer: 'Intel Corporation' };
    case 'Microsoft Corporation':
    case 'Dell Inc.':
    case 'LENOVO':
      return { biosVendor: manufacturer, boardManufacturer: manufacturer };
    case 'HP':
    case 'Hewlett-Packard':
      return { biosVendor: 'HP', boardManufacturer: manufacturer };
    default:
      return { biosVendor: INDEPENDENT_BIOS_VENDORS[Math.abs(pick) % INDEPENDENT_BIOS_VENDORS.length] as string, boardManufacturer: WHITEBOX_BOARDS[manufacturer] ?? manufacturer };
  }
}

/** Vendor weights of a typical SMB fleet. */
const VENDOR_WEIGHTS: readonly (readonly [VendorKey, number])[] = [
  ['dell', 30], ['hp', 25], ['lenovo', 22], ['whitebox', 8], ['vmware', 9], ['hyperv', 6],
];

/** Wi-Fi chipset OUIs (Intel AX201/AX211, Realtek) for laptops' second NIC. */
const WIFI_OUIS = ['7C:B2:7D', 'F4:26:79', '3C:91:80', '84:1B:77'];

const TAG = '0123456789BCDFGHJKLMNPQRSTVWXYZ'; // Dell avoids vowels in service tags
const ALNUM = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const HEX = '0123456789ABCDEF';

function chars(rng: Rng, alphabet: string, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += alphabet[rng.int(alphabet.length)];
  return out;
}

/** A random upper-case SMBIOS UUID (8-4-4-4-12 hex). */
export function randomUuid(rng: Rng): string {
  const h = chars(rng, HEX, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A MAC `AA:BB:CC:DD:EE:FF` under the given OUI. */
export function macUnder(rng: Rng, oui: string): string {
  const tail = chars(rng, HEX, 6);
  return `${oui}:${tail.slice(0, 2)}:${tail.slice(2, 4)}:${tail.slice(4, 6)}`;
}

/** Picks a vendor by market weight. */
export function pickVendor(rng: Rng, virtualOnly = false): VendorKey {
  if (virtualOnly) return rng.chance(0.6) ? 'vmware' : 'hyperv';
  return rng.weighted(VENDOR_WEIGHTS);
}

/** Hardware of one machine, before any RMM-side mess. */
export interface Hardware {
  vendor: VendorKey;
  manufacturer: string;
  model: string;
  role: MachineRole;
  isVirtual: boolean;
  serialNumber: string;
  boardSerial: string;
  smbiosUuid: string;
  macAddresses: string[];
}

/** Builds a machine's hardware from a vendor and a random source. */
export function buildHardware(rng: Rng, vendor: VendorKey): Hardware {
  const v = VENDORS[vendor];
  const manufacturer = typeof v.manufacturer === 'string' ? v.manufacturer : rng.pick(v.manufacturer);
  const { model, role } = rng.pick(v.models);
  let serialNumber: string;
  let boardSerial: string;
  let smbiosUuid = randomUuid(rng);
  switch (vendor) {
    case 'dell': {
      serialNumber = chars(rng, TAG, 7); // 7-character service tag
      boardSerial = `/${serialNumber}/CN${chars(rng, '0123456789', 4)}${chars(rng, ALNUM, 3)}${chars(rng, '0123456789', 4)}${chars(rng, ALNUM, 2)}/`;
      // Dell derives the SMBIOS UUID from the service tag under the "LLED" (4C4C4544) prefix.
      const hex = [...serialNumber].map((c) => c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')).join('');
      smbiosUuid = `4C4C4544-00${hex.slice(0, 2)}-${hex.slice(2, 6)}-80${hex.slice(6, 8)}-${hex.slice(8, 14)}${chars(rng, HEX, 12 - hex.slice(8, 14).length)}`;
      break;
    }
    case 'hp':
      serialNumber = `${rng.pick(['CZC', '5CG', 'MXL', '2UA', '8CG', 'USH'])}${chars(rng, '0123456789', 4)}${chars(rng, ALNUM, 3)}`; // 10 chars
      boardSerial = `PX${chars(rng, ALNUM, 8)}${chars(rng, '0123456789', 4)}`;
      break;
    case 'lenovo':
      serialNumber = `${rng.pick(['PF', 'MJ', 'PC', 'R9', 'S1'])}${chars(rng, ALNUM, 6)}`; // 8 chars
      boardSerial = `L1HF${chars(rng, '0123456789', 3)}${chars(rng, ALNUM, 4)}`;
      break;
    case 'whitebox':
      serialNumber = chars(rng, ALNUM, 15);
      boardSerial = `${chars(rng, ALNUM, 2)}${chars(rng, '0123456789', 13)}`;
      break;
    case 'vmware': {
      const h = smbiosUuid.replace(/-/g, '').toLowerCase();
      const pairs = (x: string): string => x.match(/../g)?.join(' ') ?? x;
      serialNumber = `VMware-${pairs(h.slice(0, 16))}-${pairs(h.slice(16))}`;
      boardSerial = 'None';
      break;
    }
    default: {
      // Hyper-V: "0123-4567-8901-2345-6789-0123-45"
      const digits = chars(rng, '0123456789', 30);
      serialNumber = `${digits.slice(0, 4)}-${digits.slice(4, 8)}-${digits.slice(8, 12)}-${digits.slice(12, 16)}-${digits.slice(16, 20)}-${digits.slice(20, 24)}-${digits.slice(24, 26)}`;
      boardSerial = serialNumber;
    }
  }
  const macAddresses = [macUnder(rng, rng.pick(v.ouis))];
  if (role === 'laptop') macAddresses.push(macUnder(rng, rng.pick(WIFI_OUIS)));
  if (role === 'server' && !v.virtual) for (let i = rng.range(1, 3); i > 0; i--) macAddresses.push(macUnder(rng, rng.pick(v.ouis)));
  return { vendor, manufacturer, model, role, isVirtual: v.virtual, serialNumber, boardSerial, smbiosUuid, macAddresses };
}

const OS_BY_ROLE: Record<MachineRole, readonly (readonly [string, number])[]> = {
  desktop: [['Windows 11 Pro', 5], ['Windows 10 Pro', 5], ['Windows 11 Enterprise', 1], ['Windows 10 Enterprise', 1]],
  laptop: [['Windows 11 Pro', 6], ['Windows 10 Pro', 4], ['Windows 11 Home', 1]],
  server: [['Windows Server 2022 Standard', 4], ['Windows Server 2019 Standard', 4], ['Windows Server 2016 Standard', 2], ['Windows Server 2019 Datacenter', 1]],
};

/** An OS edition fitting the machine's role. */
export function pickOs(rng: Rng, role: MachineRole): string {
  return rng.weighted(OS_BY_ROLE[role]);
}

/**
 * A pool of USB Ethernet / dock MACs (Realtek RTL8153 dongles, Dell and Lenovo docks) that
 * move between machines; index `k` of the pool for a seed.
 */
export function sharedUsbNicMac(seed: number, k: number): string {
  const rng = createRng(deriveSeed(seed, 0x05b, k));
  return macUnder(rng, rng.pick(['00:E0:4C', '9C:EB:E8', 'A0:CE:C8', '8C:AE:4C', '00:24:9B']));
}
