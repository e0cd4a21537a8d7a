import type { FleetAgent, MachineIdentity, RmmKind } from './fleet.types.js';
import { findLast, machineAt, type ClientLayout } from './layout.js';
import { firmwareOf } from './hardware.js';
import { deriveMachine, type MachineContext, type MachineFacts } from './machines.js';
import { createRng, deriveSeed } from './prng.js';

const DAY_MS = 86_400_000;
const RMM_TAG: Record<RmmKind, number> = { ncentral: 0x4e43, automate: 0x4357 };
const FIRMWARE_TAG = 0xf1a3;

/** Share of live agents that are online. */
const ONLINE_SHARE = 0.85;

/**
 * Agent ids are an affine function of the agent index plus a little per-index jitter, so they
 * look unsequenced yet invert in O(1). N-central ids straddle 2^31 (half the fleet above it)
 * so that every fleet, however small, exercises int32 overflow in clients.
 */
export interface AgentIdScheme {
  base: number;
  stride: number;
  jitterSeed: number;
}

/** The id scheme of an RMM for a fleet of `count` agents. */
export function agentIdScheme(rmm: RmmKind, seed: number, count: number): AgentIdScheme {
  const jitterSeed = deriveSeed(seed, RMM_TAG[rmm], 0x1d);
  if (rmm === 'ncentral') {
    const stride = 7;
    return { base: 2 ** 31 - Math.ceil(count / 2) * stride, stride, jitterSeed };
  }
  return { base: 100 + (jitterSeed % 900), stride: 3, jitterSeed };
}

/** The agent id at `index`. */
export function agentIdAt(s: AgentIdScheme, index: number): number {
  return s.base + index * s.stride + (deriveSeed(s.jitterSeed, index) % s.stride);
}

/** The index of `agentId`, or undefined when no agent has that id. */
export function agentIndexOf(s: AgentIdScheme, count: number, agentId: number): number | undefined {
  if (!Number.isSafeInteger(agentId)) return undefined;
  const index = Math.floor((agentId - s.base) / s.stride);
  if (index < 0 || index >= count) return undefined;
  return agentIdAt(s, index) === agentId ? index : undefined;
}

/** Where in its client an agent index falls. */
export interface AgentSlot {
  client: ClientLayout;
  machineIndex: number;
  kind: 'live' | 'reinstalled' | 'wiped';
  /** Position in the client's live list (the stale agent's machine, for stale slots). */
  position: number;
}

/** Spreads `count` stale agents evenly (with a per-client phase) over `live` positions. */
const spread = (j: number, count: number, live: number, phase: number): number => Math.floor(((j + phase) * live) / count);

/** Resolves an agent index to its client, machine and kind. */
export function slotOf(clients: readonly ClientLayout[], index: number): AgentSlot {
  const client = findLast(clients, (c) => c.rangeStart, index);
  if (!client || index >= client.rangeEnd) throw new RangeError(`agent index ${index} is out of range`);
  const local = index - client.rangeStart;
  const stale = client.reinstallCount + client.wipeCount;
  if (local >= stale) {
    const position = local - stale;
    return { client, machineIndex: machineAt(client.segments, position), kind: 'live', position };
  }
  const wiped = local >= client.reinstallCount;
  const position = wiped
    ? spread(local - client.reinstallCount, client.wipeCount, client.primaryCount, client.wipePhase)
    : spread(local, client.reinstallCount, client.primaryCount, client.reinstallPhase);
  return { client, machineIndex: machineAt(client.segments, position), kind: wiped ? 'wiped' : 'reinstalled', position };
}

function osLabel(rmm: RmmKind, os: string): string {
  // The RMMs spell the same OS differently; clients must not compare these verbatim.
  return rmm === 'ncentral' ? `Microsoft ${os}` : `Microsoft ${os} x64`;
}

/** Derives the agent at `index` of one RMM. */
export function deriveAgent(
  ctx: MachineContext,
  rmm: RmmKind,
  clients: readonly ClientLayout[],
  ids: AgentIdScheme,
  index: number,
): FleetAgent {
  const slot = slotOf(clients, index);
  const facts: MachineFacts = deriveMachine(ctx, slot.machineIndex);
  const { machine } = facts;
  const rng = createRng(deriveSeed(ctx.seed, RMM_TAG[rmm], index));
  const stale = slot.kind !== 'live';

  let hostname = machine.hostname;
  let osInstallDate = machine.identity.osInstallDate;
  let lastSeenMs: number;
  let online = false;
  if (slot.kind === 'wiped') {
    // The agent from before the wipe: old hostname, old OS install, last seen just before the re-image.
    hostname = facts.previousHostname;
    const installMs = Date.parse(osInstallDate);
    osInstallDate = new Date(installMs - rng.range(200, 1500) * DAY_MS).toISOString();
    lastSeenMs = installMs - rng.int(2 * DAY_MS);
  } else if (slot.kind === 'reinstalled') {
    lastSeenMs = ctx.epochMs - rng.range(20, 300) * DAY_MS - rng.int(DAY_MS);
  } else {
    if (facts.renamedIn === rmm) hostname = facts.previousHostname;
    online = rng.chance(ONLINE_SHARE);
    lastSeenMs = online ? ctx.epochMs - rng.int(3_600_000) : ctx.epochMs - rng.range(1, 45) * DAY_MS - rng.int(DAY_MS);
  }

  const inventory = !rng.chance(ctx.rates.missingInventory);
  const reported: Partial<MachineIdentity> & { macAddresses: string[] } = inventory
    ? {
        ...machine.identity,
        osInstallDate,
        macAddresses: facts.usbMac ? [...machine.identity.macAddresses, facts.usbMac] : [...machine.identity.macAddresses],
      }
    : { macAddresses: [] };
  // Its own draw, so fleets keep every other value they had before this mess existed.
  const firmwareRng = createRng(deriveSeed(ctx.seed, RMM_TAG[rmm], index, FIRMWARE_TAG));
  const noSystemRow = inventory && firmwareRng.chance(ctx.rates.missingSystemRow);
  if (noSystemRow) {
    // What the plugins can still read: Automate keeps the serial on the Computer row, N-central
    // the board serial under `motherboard`.
    delete reported.smbiosUuid;
    delete reported.manufacturer;
    delete reported.model;
    if (rmm === 'automate') delete reported.boardSerial;
    else delete reported.serialNumber;
  }
  const firmware = inventory ? firmwareOf(machine.identity.manufacturer, firmwareRng.int(1 << 30)) : undefined;

  const site = findLast(slot.client.sub, (s) => s.start, index);
  return {
    rmm,
    agentId: agentIdAt(ids, index),
    clientId: slot.client.clientId,
    siteId: site && index < site.end ? site.id : undefined,
    hostname,
    os: osLabel(rmm, machine.os),
    online,
    lastSeen: new Date(lastSeenMs).toISOString(),
    isProbe: rmm === 'ncentral' && slot.kind === 'live' && slot.position === 0 && slot.client.hasProbe,
    reported,
    ...(firmware ? { biosVendor: firmware.biosVendor, boardManufacturer: firmware.boardManufacturer } : {}),
    ...(noSystemRow ? { noSystemRow } : {}),
    machineId: machine.id,
    stale,
  };
}
