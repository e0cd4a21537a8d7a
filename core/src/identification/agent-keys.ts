/**
 * Turns the agents the RMMs report into the engine's working form: identifiers normalised,
 * known-bad values dropped (and recorded as registry hits), values seen on too many machines
 * quarantined, and every value interned to a small integer so the matching that follows works
 * on arrays indexed by value instead of string-keyed maps (the difference between seconds and
 * a fraction of a second at 200,000 agents).
 */
import {
  normaliseHostname,
  normaliseMac,
  normaliseManufacturer,
  normaliseSerial,
  normaliseText,
  normaliseUuid,
} from './identifier-normaliser.js';
import type { IdentificationAgent } from './identification.types.js';
import { agentKey } from './identification.types.js';
import type { IdentifierKind, KnownBadRegistry, RegistryHit } from './known-bad-registry.js';

/** An agent ready for matching. Strong keys are undefined (ids -1) when missing, bad or quarantined. */
export interface PreparedAgent {
  index: number;
  key: string;
  source: IdentificationAgent;
  tenantId: string;
  /** Interned tenant. */
  tenant: number;
  /** Normalised hostname (upper-case, no DNS suffix), for comparisons. */
  host: string;
  uuid: string | undefined;
  serial: string | undefined;
  vendor: string | undefined;
  board: string | undefined;
  macs: string[];
  uuidId: number;
  serialId: number;
  boardId: number;
  macIds: number[];
  registryHits: RegistryHit[];
}

/** Agent indices per interned value: a number for one agent, an array once there are more. */
export type ValueGroups = (number | number[] | undefined)[];

/** The prepared agents plus their value groups, in first-occurrence (hence agent-key) order. */
export interface PreparedAgents {
  agents: PreparedAgent[];
  quarantined: { kind: IdentifierKind; value: string }[];
  groups: { uuid: ValueGroups; serial: ValueGroups; board: ValueGroups; mac: ValueGroups };
}

/**
 * A string → dense integer dictionary: open addressing over a power-of-two Int32Array, so the
 * hundreds of thousands of lookups a run makes neither rehash a growing Map nor allocate.
 */
class Interner {
  readonly values: string[] = [];
  private slots: Int32Array;
  private mask: number;

  constructor(expected: number) {
    let size = 1024;
    while (size < expected * 2) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }

  id(value: string): number {
    let slot = hash(value) & this.mask;
    for (;;) {
      const id = this.slots[slot] as number;
      if (id === -1) break;
      if (this.values[id] === value) return id;
      slot = (slot + 1) & this.mask;
    }
    const id = this.values.length;
    this.values.push(value);
    this.slots[slot] = id;
    if (this.values.length * 2 > this.slots.length) this.grow();
    return id;
  }

  private grow(): void {
    const size = this.slots.length * 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    this.values.forEach((value, id) => {
      let slot = hash(value) & this.mask;
      while ((this.slots[slot] as number) !== -1) slot = (slot + 1) & this.mask;
      this.slots[slot] = id;
    });
  }
}

/** FNV-1a over UTF-16 code units, with a final avalanche so linear probing stays short. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  return (h ^ (h >>> 12)) >>> 0;
}

/**
 * Distinct machines per value, a machine being approximated by its hostname (prior-art §D.3:
 * "seen on more than N distinct hostnames"). Allocation-free for the common case of a value
 * on one machine.
 */
class Overuse {
  private readonly first: string[] = [];
  private readonly more = new Map<number, Set<string>>();
  add(valueId: number, machine: string): void {
    const first = this.first[valueId];
    if (first === undefined) this.first[valueId] = machine;
    else if (first !== machine) {
      const set = this.more.get(valueId);
      if (set === undefined) this.more.set(valueId, new Set([first, machine]));
      else set.add(machine);
    }
  }
  over(threshold: number): Set<number> {
    const out = new Set<number>();
    for (const [valueId, set] of this.more) if (set.size >= threshold) out.add(valueId);
    return out;
  }
}

const NO_HITS: RegistryHit[] = [];

/**
 * Sorts agents by key (so every later step sees one order, whatever the input order), drops
 * repeated agent keys (keeping the most recently seen), normalises, vets and interns.
 */
export function prepareAgents(input: readonly IdentificationAgent[], registry: KnownBadRegistry, quarantineThreshold: number): PreparedAgents {
  const keys = input.map(agentKey);
  const order = input.map((_, i) => i);
  order.sort((a, b) => compareKeyed(keys[a] as string, input[a] as IdentificationAgent, keys[b] as string, input[b] as IdentificationAgent));

  const n = input.length;
  const tenants = new Interner(64);
  const uuids = new Interner(n);
  const serials = new Interner(n);
  const boards = new Interner(n);
  const macs = new Interner(n * 2);
  const vendors = new Map<string, string | undefined>();
  const overuse = { uuid: new Overuse(), serial: new Overuse(), board: new Overuse(), mac: new Overuse() };

  const agents: PreparedAgent[] = [];
  let previousKey: string | undefined;
  for (const position of order) {
    const key = keys[position] as string;
    const agent = input[position] as IdentificationAgent;
    // An RMM listing the same agent twice broke ImmyBot's sync; here the newest copy wins.
    if (key === previousKey) continue;
    previousKey = key;
    const p = normalise(agents.length, key, agent, registry, vendors);
    p.tenant = tenants.id(p.tenantId);
    if (p.uuid !== undefined) overuse.uuid.add((p.uuidId = uuids.id(p.uuid)), p.host);
    if (p.serial !== undefined) overuse.serial.add((p.serialId = serials.id(p.serial)), p.host);
    if (p.board !== undefined) overuse.board.add((p.boardId = boards.id(p.board)), p.host);
    if (p.macs.length > 0) {
      // map() sizes the array exactly; an empty array grown by push() reserves 17 slots, and
      // 200,000 of those surviving the run cost the garbage collector dearly.
      p.macIds = p.macs.map((mac) => macs.id(mac));
      for (const id of p.macIds) overuse.mac.add(id, p.host);
    }
    agents.push(p);
  }

  const over = {
    uuid: overuse.uuid.over(quarantineThreshold),
    serial: overuse.serial.over(quarantineThreshold),
    board: overuse.board.over(quarantineThreshold),
    mac: overuse.mac.over(quarantineThreshold),
  };
  const quarantined = [
    ...[...over.uuid].map((id) => ({ kind: 'uuid' as const, value: uuids.values[id] as string })),
    ...[...over.serial].map((id) => ({ kind: 'serial' as const, value: serials.values[id] as string })),
    ...[...over.board].map((id) => ({ kind: 'board' as const, value: boards.values[id] as string })),
    ...[...over.mac].map((id) => ({ kind: 'mac' as const, value: macs.values[id] as string })),
  ].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.value < b.value ? -1 : a.value > b.value ? 1 : 0));

  const groups = { uuid: [] as ValueGroups, serial: [] as ValueGroups, board: [] as ValueGroups, mac: [] as ValueGroups };
  for (const p of agents) {
    if (p.uuid !== undefined && over.uuid.has(p.uuidId)) {
      hit(p, { kind: 'uuid', value: p.uuid, verdict: 'quarantined' });
      p.uuid = undefined;
      p.uuidId = -1;
    }
    if (p.serial !== undefined && over.serial.has(p.serialId)) {
      hit(p, { kind: 'serial', value: p.serial, verdict: 'quarantined' });
      p.serial = undefined;
      p.serialId = -1;
    }
    if (p.board !== undefined && over.board.has(p.boardId)) {
      hit(p, { kind: 'board', value: p.board, verdict: 'quarantined' });
      p.board = undefined;
      p.boardId = -1;
    }
    if (over.mac.size > 0 && p.macIds.some((id) => over.mac.has(id))) {
      const keep: number[] = [];
      const keepMacs: string[] = [];
      p.macIds.forEach((id, k) => {
        if (over.mac.has(id)) hit(p, { kind: 'mac', value: p.macs[k] as string, verdict: 'quarantined' });
        else {
          keep.push(id);
          keepMacs.push(p.macs[k] as string);
        }
      });
      p.macIds = keep;
      p.macs = keepMacs;
    }
    if (p.uuidId >= 0) addTo(groups.uuid, p.uuidId, p.index);
    if (p.serialId >= 0) addTo(groups.serial, p.serialId, p.index);
    if (p.boardId >= 0) addTo(groups.board, p.boardId, p.index);
    if (p.host !== '') for (const mac of p.macIds) addTo(groups.mac, mac, p.index);
  }
  return { agents, quarantined, groups };
}

/** Whether the agent still has an identifier strong enough to be a key. */
export function hasStrongKey(agent: PreparedAgent): boolean {
  return agent.uuid !== undefined || agent.serial !== undefined || agent.board !== undefined;
}

/** The vendor of a manufacturer string, placeholders dropped; cached per run (a fleet has a few dozen spellings). */
function vendorOf(raw: string, registry: KnownBadRegistry, cache: Map<string, string | undefined>): string | undefined {
  if (cache.has(raw)) return cache.get(raw);
  const text = normaliseText(raw);
  const vendor = text === undefined || registry.isKnownBad('manufacturer', text) ? undefined : normaliseManufacturer(text);
  cache.set(raw, vendor);
  return vendor;
}

function addTo(groups: ValueGroups, valueId: number, index: number): void {
  const existing = groups[valueId];
  if (existing === undefined) groups[valueId] = index;
  else if (typeof existing === 'number') groups[valueId] = [existing, index];
  else existing.push(index);
}

function hit(p: PreparedAgent, h: RegistryHit): void {
  if (p.registryHits === NO_HITS) p.registryHits = [];
  p.registryHits.push(h);
}

/** `hits` with one more known-bad value (allocating only on the first hit of an agent). */
function knownBad(hits: RegistryHit[], kind: IdentifierKind, value: string): RegistryHit[] {
  const out = hits === NO_HITS ? [] : hits;
  out.push({ kind, value, verdict: 'known-bad' });
  return out;
}

/** Shared by agents without MACs: never written to (the quarantine pass replaces, never pushes). */
const NO_MACS: string[] = [];
const NO_MAC_IDS: number[] = [];

function normalise(index: number, key: string, agent: IdentificationAgent, registry: KnownBadRegistry, vendors: Map<string, string | undefined>): PreparedAgent {
  const identity = agent.identity;
  // Plain code rather than a per-agent vetting closure: 200,000 closures and contexts are
  // garbage the collector has to sweep for nothing.
  let hits = NO_HITS;
  let uuid = normaliseUuid(identity.smbiosUuid);
  if (uuid !== undefined && registry.isKnownBad('uuid', uuid)) {
    hits = knownBad(hits, 'uuid', uuid);
    uuid = undefined;
  }
  let serial = normaliseSerial(identity.serialNumber);
  if (serial !== undefined && registry.isKnownBad('serial', serial)) {
    hits = knownBad(hits, 'serial', serial);
    serial = undefined;
  }
  let board = normaliseSerial(identity.boardSerial);
  if (board !== undefined && registry.isKnownBad('board', board)) {
    hits = knownBad(hits, 'board', board);
    board = undefined;
  }
  const vendor = identity.manufacturer === undefined ? undefined : vendorOf(identity.manufacturer, registry, vendors);
  let macs = NO_MACS;
  for (const raw of identity.macAddresses ?? []) {
    const mac = normaliseMac(raw);
    if (mac === undefined) continue;
    if (registry.isKnownBad('mac', mac)) {
      hits = knownBad(hits, 'mac', mac);
      continue;
    }
    if (macs === NO_MACS) macs = [mac];
    else if (!macs.includes(mac)) macs.push(mac);
  }
  if (macs.length > 1) macs.sort();
  return {
    index,
    key,
    source: agent,
    tenantId: agent.tenantId,
    tenant: -1,
    host: normaliseHostname(agent.hostname) ?? '',
    uuid,
    serial,
    vendor,
    board,
    macs,
    uuidId: -1,
    serialId: -1,
    boardId: -1,
    macIds: NO_MAC_IDS,
    registryHits: hits,
  };
}

/** Key order; for repeated keys the most recently seen first, then a stable tie-break. */
function compareKeyed(ak: string, a: IdentificationAgent, bk: string, b: IdentificationAgent): number {
  if (ak !== bk) return ak < bk ? -1 : 1;
  const al = a.lastSeen ?? '';
  const bl = b.lastSeen ?? '';
  if (al !== bl) return al > bl ? -1 : 1;
  if (a.online !== b.online) return a.online ? -1 : 1;
  const ah = `${a.hostname}\u0000${a.tenantId}`;
  const bh = `${b.hostname}\u0000${b.tenantId}`;
  return ah < bh ? -1 : ah > bh ? 1 : 0;
}
