/**
 * Turns the agents the RMMs report into the engine's working form: identifiers normalised,
 * known-bad values dropped (and recorded as registry hits), values seen on too many machines
 * quarantined. Runs once per agent per identification, so it avoids anything costly per agent.
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
import { OveruseCounter, type IdentifierKind, type KnownBadRegistry, type RegistryHit } from './known-bad-registry.js';

/** An agent ready for matching. Strong keys are undefined when missing, bad or quarantined. */
export interface PreparedAgent {
  index: number;
  key: string;
  source: IdentificationAgent;
  tenantId: string;
  /** Normalised hostname (upper-case, no DNS suffix), for comparisons. */
  host: string;
  uuid: string | undefined;
  serial: string | undefined;
  vendor: string | undefined;
  board: string | undefined;
  macs: string[];
  registryHits: RegistryHit[];
}

const PREFIX: Record<'uuid' | 'serial' | 'board' | 'mac', string> = { uuid: 'u:', serial: 's:', board: 'b:', mac: 'm:' };

/**
 * Sorts agents by key (so every later step sees one order, whatever the input order), drops
 * repeated agent keys (keeping the most recently seen), normalises and vets identifiers.
 */
export function prepareAgents(
  input: readonly IdentificationAgent[],
  registry: KnownBadRegistry,
  quarantineThreshold: number,
): { agents: PreparedAgent[]; quarantined: { kind: IdentifierKind; value: string }[] } {
  const keyed = input.map((agent) => ({ key: agentKey(agent), agent }));
  keyed.sort((a, b) => compareKeyed(a.key, a.agent, b.key, b.agent));

  const agents: PreparedAgent[] = [];
  const counter = new OveruseCounter(quarantineThreshold);
  let previousKey: string | undefined;
  for (const { key, agent } of keyed) {
    // An RMM listing the same agent twice broke ImmyBot's sync; here the newest copy wins.
    if (key === previousKey) continue;
    previousKey = key;
    const prepared = normalise(agents.length, key, agent, registry);
    agents.push(prepared);
    const machine = `${prepared.tenantId}\u0000${prepared.host}`;
    if (prepared.uuid !== undefined) counter.add(PREFIX.uuid + prepared.uuid, machine);
    if (prepared.serial !== undefined) counter.add(PREFIX.serial + prepared.serial, machine);
    if (prepared.board !== undefined) counter.add(PREFIX.board + prepared.board, machine);
    for (const mac of prepared.macs) counter.add(PREFIX.mac + mac, machine);
  }

  const overused = counter.quarantined();
  const quarantined = [...overused].sort().map((entry) => ({ kind: kindOf(entry), value: entry.slice(2) }));
  if (overused.size > 0) {
    for (const agent of agents) {
      if (agent.uuid !== undefined && overused.has(PREFIX.uuid + agent.uuid)) {
        agent.registryHits.push({ kind: 'uuid', value: agent.uuid, verdict: 'quarantined' });
        agent.uuid = undefined;
      }
      if (agent.serial !== undefined && overused.has(PREFIX.serial + agent.serial)) {
        agent.registryHits.push({ kind: 'serial', value: agent.serial, verdict: 'quarantined' });
        agent.serial = undefined;
      }
      if (agent.board !== undefined && overused.has(PREFIX.board + agent.board)) {
        agent.registryHits.push({ kind: 'board', value: agent.board, verdict: 'quarantined' });
        agent.board = undefined;
      }
      if (agent.macs.length > 0 && agent.macs.some((mac) => overused.has(PREFIX.mac + mac))) {
        for (const mac of agent.macs) if (overused.has(PREFIX.mac + mac)) agent.registryHits.push({ kind: 'mac', value: mac, verdict: 'quarantined' });
        agent.macs = agent.macs.filter((mac) => !overused.has(PREFIX.mac + mac));
      }
    }
  }
  return { agents, quarantined };
}

/** Whether the agent still has an identifier strong enough to be a key. */
export function hasStrongKey(agent: PreparedAgent): boolean {
  return agent.uuid !== undefined || agent.serial !== undefined || agent.board !== undefined;
}

function normalise(index: number, key: string, agent: IdentificationAgent, registry: KnownBadRegistry): PreparedAgent {
  const identity = agent.identity;
  const hits: RegistryHit[] = [];
  const vet = (kind: IdentifierKind, value: string | undefined): string | undefined => {
    if (value === undefined) return undefined;
    if (registry.isKnownBad(kind, value)) {
      hits.push({ kind, value, verdict: 'known-bad' });
      return undefined;
    }
    return value;
  };
  const uuid = vet('uuid', normaliseUuid(identity.smbiosUuid));
  const serial = vet('serial', normaliseSerial(identity.serialNumber));
  const board = vet('board', normaliseSerial(identity.boardSerial));
  const rawVendor = normaliseText(identity.manufacturer);
  const vendor = rawVendor === undefined || registry.isKnownBad('manufacturer', rawVendor) ? undefined : normaliseManufacturer(rawVendor);
  const macs: string[] = [];
  for (const raw of identity.macAddresses ?? []) {
    const mac = vet('mac', normaliseMac(raw));
    if (mac !== undefined && !macs.includes(mac)) macs.push(mac);
  }
  macs.sort();
  return {
    index,
    key,
    source: agent,
    tenantId: agent.tenantId,
    host: normaliseHostname(agent.hostname) ?? '',
    uuid,
    serial,
    vendor,
    board,
    macs,
    registryHits: hits,
  };
}

function kindOf(entry: string): IdentifierKind {
  switch (entry.slice(0, 2)) {
    case 'u:':
      return 'uuid';
    case 's:':
      return 'serial';
    case 'b:':
      return 'board';
    default:
      return 'mac';
  }
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
