/**
 * Turns agents (their identifiers already normalised, see `agent-identifiers.ts`) into the
 * engine's working form: known-bad values dropped (and recorded as registry hits), values the
 * run quarantined for being seen on too many machines dropped too, and every value interned to
 * a small integer so the matching that follows works on arrays indexed by value instead of
 * string-keyed maps.
 */
import { normaliseManufacturer, normaliseText } from './identifier-normaliser.js';
import { agentKey } from './identification.types.js';
import type { QuarantinedValues } from './identifier-survey.js';
import type { IdentifierKind, KnownBadRegistry, RegistryHit } from './known-bad-registry.js';
import type { LinkedAgentIdentifiers } from './model/agent-records.js';

/** An agent ready for matching. Strong keys are undefined (ids -1) when missing, bad or quarantined. */
export interface PreparedAgent {
  index: number;
  key: string;
  /** The agent as the run read it (an identity script's answer applied). */
  source: LinkedAgentIdentifiers;
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
  groups: { uuid: ValueGroups; serial: ValueGroups; board: ValueGroups; mac: ValueGroups };
}

const NO_HITS: RegistryHit[] = [];

/**
 * The agents in key order with repeated agent keys dropped (an RMM listing the same agent
 * twice broke ImmyBot's sync; here the most recently seen copy wins): every later step sees
 * one order, whatever the input order.
 */
export function latestPerKey(input: readonly LinkedAgentIdentifiers[]): LinkedAgentIdentifiers[] {
  const keys = input.map(agentKey);
  const order = input.map((_, i) => i);
  order.sort((a, b) => compareKeyed(keys[a] as string, input[a] as LinkedAgentIdentifiers, keys[b] as string, input[b] as LinkedAgentIdentifiers));
  const agents: LinkedAgentIdentifiers[] = [];
  let previousKey: string | undefined;
  for (const position of order) {
    const key = keys[position] as string;
    if (key === previousKey) continue;
    previousKey = key;
    agents.push(input[position] as LinkedAgentIdentifiers);
  }
  return agents;
}

/**
 * Groups normalised agents (of one tenant, in key order, one per key — see {@link latestPerKey}
 * and {@link prepareAgent}) by value after dropping the run's quarantined values. The
 * agents are numbered by their position here.
 */
export function groupAgents(agents: PreparedAgent[], quarantined: QuarantinedValues): PreparedAgents {
  const n = agents.length;
  const tenants = numbering();
  const uuids = numbering();
  const serials = numbering();
  const boards = numbering();
  const macs = numbering();
  const groups = { uuid: [] as ValueGroups, serial: [] as ValueGroups, board: [] as ValueGroups, mac: [] as ValueGroups };
  for (let k = 0; k < n; k++) {
    const p = agents[k] as PreparedAgent;
    p.index = k;
    p.tenant = tenants(p.tenantId);
    applyQuarantine(p, quarantined);
    if (p.uuid !== undefined) addTo(groups.uuid, (p.uuidId = uuids(p.uuid)), k);
    if (p.serial !== undefined) addTo(groups.serial, (p.serialId = serials(p.serial)), k);
    if (p.board !== undefined) addTo(groups.board, (p.boardId = boards(p.board)), k);
    if (p.macs.length > 0) {
      // map() sizes the array exactly; an empty array grown by push() reserves 17 slots.
      p.macIds = p.macs.map((mac) => macs(mac));
      if (p.host !== '') for (const id of p.macIds) addTo(groups.mac, id, k);
    }
  }
  return { agents, groups };
}

/** Numbers strings densely in order of first appearance. */
function numbering(): (value: string) => number {
  const ids = new Map<string, number>();
  return (value) => {
    let id = ids.get(value);
    if (id === undefined) ids.set(value, (id = ids.size));
    return id;
  };
}

/** Drops the agent's quarantined values, recording each as a registry hit. */
function applyQuarantine(p: PreparedAgent, quarantined: QuarantinedValues): void {
  if (p.uuid !== undefined && quarantined.uuid.has(p.uuid)) {
    hit(p, { kind: 'uuid', value: p.uuid, verdict: 'quarantined' });
    p.uuid = undefined;
  }
  if (p.serial !== undefined && quarantined.serial.has(p.serial)) {
    hit(p, { kind: 'serial', value: p.serial, verdict: 'quarantined' });
    p.serial = undefined;
  }
  if (p.board !== undefined && quarantined.board.has(p.board)) {
    hit(p, { kind: 'board', value: p.board, verdict: 'quarantined' });
    p.board = undefined;
  }
  if (quarantined.mac.size > 0 && p.macs.some((mac) => quarantined.mac.has(mac))) {
    for (const mac of p.macs) if (quarantined.mac.has(mac)) hit(p, { kind: 'mac', value: mac, verdict: 'quarantined' });
    p.macs = p.macs.filter((mac) => !quarantined.mac.has(mac));
  }
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

const NO_MAC_IDS: number[] = [];

/**
 * One agent ready for its tenant's run: its identifiers vetted against the registry (known-bad
 * values dropped and recorded as hits); value ids are left at -1 for the caller to intern.
 * `vendors` caches manufacturer spellings across calls.
 */
export function prepareAgent(ids: LinkedAgentIdentifiers, registry: KnownBadRegistry, vendors: Map<string, string | undefined>): PreparedAgent {
  // Plain code rather than a per-agent vetting closure: a closure and its context per agent of
  // the fleet are garbage the collector has to sweep for nothing.
  let hits = NO_HITS;
  let uuid = ids.uuid;
  if (uuid !== undefined && registry.isKnownBad('uuid', uuid)) {
    hits = knownBad(hits, 'uuid', uuid);
    uuid = undefined;
  }
  let serial = ids.serial;
  if (serial !== undefined && registry.isKnownBad('serial', serial)) {
    hits = knownBad(hits, 'serial', serial);
    serial = undefined;
  }
  let board = ids.board;
  if (board !== undefined && registry.isKnownBad('board', board)) {
    hits = knownBad(hits, 'board', board);
    board = undefined;
  }
  const vendor = ids.manufacturer === undefined ? undefined : vendorOf(ids.manufacturer, registry, vendors);
  const macs = usableMacs(ids.macs, registry);
  if (macs !== ids.macs) for (const mac of ids.macs) if (registry.isKnownBad('mac', mac)) hits = knownBad(hits, 'mac', mac);
  return {
    index: 0,
    key: agentKey(ids),
    source: ids,
    tenantId: ids.tenantId,
    tenant: -1,
    host: ids.host,
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

/** `macs` without the known-bad ones: the same array when none is (no closure, no copy, for every agent of a fleet). */
function usableMacs(macs: string[], registry: KnownBadRegistry): string[] {
  let out = macs;
  for (let i = 0; i < macs.length; i++) {
    const mac = macs[i] as string;
    if (registry.isKnownBad('mac', mac)) {
      if (out === macs) out = macs.slice(0, i);
    } else if (out !== macs) out.push(mac);
  }
  return out;
}

/** Key order; for repeated keys the most recently seen first, then a stable tie-break. */
function compareKeyed(ak: string, a: LinkedAgentIdentifiers, bk: string, b: LinkedAgentIdentifiers): number {
  if (ak !== bk) return ak < bk ? -1 : 1;
  const al = a.lastSeen ?? '';
  const bl = b.lastSeen ?? '';
  if (al !== bl) return al > bl ? -1 : 1;
  if (a.online !== b.online) return a.online ? -1 : 1;
  const ah = `${a.hostname}\u0000${a.tenantId}`;
  const bh = `${b.hostname}\u0000${b.tenantId}`;
  return ah < bh ? -1 : ah > bh ? 1 : 0;
}
