/**
 * The one thing identification must know about the whole fleet before it identifies any tenant:
 * which values are on too many machines to mean anything (quarantined, prior-art §D.3), and which
 * strong values occur in more than one tenant (the candidates for a cross-tenant conflict).
 *
 * It is a question the store answers (`AgentRepository.identifierSpread`): a `GROUP BY` over the
 * identifier columns in SQL. {@link spreadOf} is the same answer over agents in memory, the
 * reference the SQL stores are held to by the store conformance suite.
 */
import type { AgentIdentifiers, AgentRef, LinkedAgentIdentifiers } from './agent-records.js';

/** The kinds of value whose spread is counted: the strong ones and MACs. */
export type SpreadKind = 'uuid' | 'serial' | 'board' | 'mac';

/** One value that is on at least the asked number of machines, or (not a MAC) in more than one tenant. */
export interface SpreadValue {
  kind: SpreadKind;
  value: string;
  /** Distinct normalised hostnames of the live agents of linked clients that have it: a machine is approximated by its hostname. */
  machines: number;
  /** The tenants of those agents, sorted. */
  tenantIds: string[];
}

/**
 * An agent's identifiers as its identity script answered them: a field present replaces what
 * is stored (`null`: with nothing usable), a field absent keeps it.
 */
export interface IdentifierOverride extends AgentRef {
  uuid?: string | null;
  serial?: string | null;
  board?: string | null;
  macs?: string[];
}

export interface SpreadQuery {
  /** Values on at least this many machines (≥ 2) are returned, MACs only for this. */
  machines: number;
  /** Agents whose identifiers are read as overridden (an agent that is not a live agent of a linked client is ignored). */
  overrides: readonly IdentifierOverride[];
}

/** `agent` with `override` (of the same agent) applied. */
export function overridden<T extends Pick<AgentIdentifiers, 'uuid' | 'serial' | 'board' | 'macs'>>(agent: T, override: IdentifierOverride | undefined): T {
  if (override === undefined) return agent;
  return {
    ...agent,
    uuid: override.uuid === undefined ? agent.uuid : (override.uuid ?? undefined),
    serial: override.serial === undefined ? agent.serial : (override.serial ?? undefined),
    board: override.board === undefined ? agent.board : (override.board ?? undefined),
    macs: override.macs ?? agent.macs,
  };
}

/** The spread of `agents`' values (one per agent key), in no particular order: what a store answers for `query`. */
export function spreadOf(agents: Iterable<LinkedAgentIdentifiers>, query: SpreadQuery): SpreadValue[] {
  const overrides = new Map(query.overrides.map((o) => [`${o.integrationId}/${o.agentId}`, o]));
  const seen = new Map<string, { kind: SpreadKind; value: string; hosts: Set<string>; tenants: Set<string> }>();
  const count = (kind: SpreadKind, value: string | undefined, host: string, tenantId: string): void => {
    if (value === undefined) return;
    const id = `${kind}\u0000${value}`;
    const entry = seen.get(id) ?? { kind, value, hosts: new Set<string>(), tenants: new Set<string>() };
    seen.set(id, entry);
    entry.hosts.add(host);
    entry.tenants.add(tenantId);
  };
  for (const stored of agents) {
    const a = overridden(stored, overrides.get(`${stored.integrationId}/${stored.agentId}`));
    count('uuid', a.uuid, a.host, a.tenantId);
    count('serial', a.serial, a.host, a.tenantId);
    count('board', a.board, a.host, a.tenantId);
    for (const mac of a.macs) count('mac', mac, a.host, a.tenantId);
  }
  const out: SpreadValue[] = [];
  for (const { kind, value, hosts, tenants } of seen.values()) {
    if (hosts.size >= query.machines || (kind !== 'mac' && tenants.size > 1)) out.push({ kind, value, machines: hosts.size, tenantIds: [...tenants].sort() });
  }
  return out;
}
