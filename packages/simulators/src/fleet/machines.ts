import type { FleetMachine, FleetTenant, MessRates, RmmKind } from './fleet.types.js';
import { buildHardware, pickOs, pickVendor, randomUuid, sharedUsbNicMac, type MachineRole } from './hardware.js';
import { findLast, type Owner } from './layout.js';
import { PLACEHOLDER_SERIALS, PLACEHOLDER_UUIDS } from './placeholders.js';
import { createRng, deriveSeed, type Rng } from './prng.js';

/** Stream tags keep the PRNG streams of different derivations independent. */
const STREAM = { machine: 0xa11, clone: 0xc10, mess: 0x3e55 } as const;

/** Machines per VM-clone block: a clone block's machines all share one SMBIOS UUID. */
export const CLONE_BLOCK = 3;

const DAY_MS = 86_400_000;

/** What the machine derivation needs from the fleet skeleton. */
export interface MachineContext {
  seed: number;
  epochMs: number;
  rates: Readonly<MessRates>;
  owners: readonly Owner[];
  tenants: readonly FleetTenant[];
  /** Probability that a machine in both RMMs is known by its old name in one of them. */
  renameGivenBoth: number;
  /** Placeholder-UUID probability among non-clones, so the overall rate matches. */
  placeholderUuidGivenNotClone: number;
  /** Size of the pool of USB NIC MACs shared between machines. */
  usbPoolSize: number;
}

/** A machine with the facts the agent derivation needs beyond the public {@link FleetMachine}. */
export interface MachineFacts {
  machine: FleetMachine;
  index: number;
  owner: Owner;
  inBoth: boolean;
  role: MachineRole;
  /** A shared USB NIC MAC this machine's agents report, if any. */
  usbMac?: string | undefined;
  /** The RMM that still shows `previousHostname` on the live agent (renamed host). */
  renamedIn?: RmmKind | undefined;
  /** The hostname before a rename or wipe. */
  previousHostname: string;
}

/** The public id of machine `index` (and back). */
export const machineIdOf = (index: number): string => `mach-${index}`;

/** Inverse of {@link machineIdOf}; undefined for a malformed id. */
export function machineIndexOf(id: string): number | undefined {
  const m = /^mach-(0|[1-9]\d*)$/.exec(id);
  return m ? Number(m[1]) : undefined;
}

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const randomChars = (rng: Rng, n: number): string => Array.from({ length: n }, () => ALNUM[rng.int(36)]).join('');

function windowsDefaultName(rng: Rng, role: MachineRole): string {
  if (role === 'server') return `WIN-${randomChars(rng, 11)}`;
  return `${role === 'laptop' ? 'LAPTOP' : 'DESKTOP'}-${randomChars(rng, 7)}`;
}

function schemeName(owner: Owner, role: MachineRole, n: number): string {
  const num = String(n).padStart(3, '0');
  if (owner.hostScheme === 'prefix-num') return `${owner.hostPrefix}${role === 'server' ? 'SRV' : ''}${num}`;
  const code = role === 'laptop' ? 'LT' : role === 'server' ? 'SRV' : 'WS';
  return `${owner.hostPrefix}-${code}-${num}`;
}

/** Derives machine `index` from the seed and the skeleton alone (no per-machine state is kept). */
export function deriveMachine(ctx: MachineContext, index: number): MachineFacts {
  const owner = findLast(ctx.owners, (o) => o.machineStart, index);
  if (!owner || index >= owner.machineStart + owner.machineCount) throw new RangeError(`no machine ${index}`);
  const offset = index - owner.machineStart;
  const rng = createRng(deriveSeed(ctx.seed, STREAM.machine, index));
  const mess = createRng(deriveSeed(ctx.seed, STREAM.mess, index));

  const block = Math.floor(index / CLONE_BLOCK);
  const blockRng = createRng(deriveSeed(ctx.seed, STREAM.clone, block));
  const isClone = blockRng.next() < ctx.rates.vmCloneUuid;
  const vendor = isClone ? pickVendor(blockRng, true) : pickVendor(rng);
  const hw = buildHardware(rng, vendor);
  if (isClone) hw.smbiosUuid = randomUuid(blockRng); // shared by the whole block; serials stay distinct
  else if (mess.next() < ctx.placeholderUuidGivenNotClone) hw.smbiosUuid = mess.pick(PLACEHOLDER_UUIDS);
  if (mess.next() < ctx.rates.placeholderSerial) hw.serialNumber = mess.pick(PLACEHOLDER_SERIALS);

  const usbMac = mess.next() < ctx.rates.sharedUsbNic ? sharedUsbNicMac(ctx.seed, mess.int(ctx.usbPoolSize)) : undefined;
  const inBoth = offset < owner.both;
  const renamedIn = inBoth && mess.next() < ctx.renameGivenBoth ? (mess.chance(0.5) ? 'ncentral' : 'automate') : undefined;

  const role = hw.role;
  const hostname = owner.hostScheme === 'desktop-random' ? windowsDefaultName(rng, role) : schemeName(owner, role, offset + 1);
  let previousHostname = owner.hostScheme === 'desktop-random' ? schemeName(owner, role, offset + 1) : windowsDefaultName(rng, role);
  if (previousHostname === hostname) previousHostname = `${hostname}-OLD`;
  const osInstall = ctx.epochMs - rng.range(20, 2000) * DAY_MS - rng.int(DAY_MS);
  const tenant = ctx.tenants[owner.tenantIndex];
  if (!tenant) throw new RangeError(`owner of machine ${index} has no tenant`);
  return {
    machine: {
      id: machineIdOf(index),
      tenantId: tenant.id,
      hostname,
      os: pickOs(rng, role),
      isVirtual: hw.isVirtual,
      identity: {
        smbiosUuid: hw.smbiosUuid,
        serialNumber: hw.serialNumber,
        boardSerial: hw.boardSerial,
        manufacturer: hw.manufacturer,
        model: hw.model,
        macAddresses: hw.macAddresses,
        osInstallDate: new Date(osInstall).toISOString(),
      },
    },
    index,
    owner,
    inBoth,
    role,
    usbMac,
    renamedIn,
    previousHostname,
  };
}
