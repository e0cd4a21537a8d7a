/**
 * Where an identification run's agents come from. A run needs the spread of every value over
 * the fleet first (quarantine, cross-tenant candidates), then identifies one tenant at a time;
 * a source serves both, from memory or from the store.
 */
import type { Store } from '../store/store.js';
import { identifiersOf, scriptOverride, withScriptAnswer } from './agent-identifiers.js';
import { factsOf, latestPerKey, prepareAgent, type PreparedAgent } from './agent-keys.js';
import { agentKey, parseAgentKey } from './identification.types.js';
import type { IdentificationAgent, LinkedAgentIdentifiers, LinkedAgentKeys } from './model/agent-records.js';
import { spreadOf, type SpreadValue } from './model/identifier-spread.js';
import type { ScriptIdentity } from './identity-script.js';
import type { KnownBadRegistry } from './known-bad-registry.js';

/** Where a run's agents come from: their spread over the fleet up front, then tenant by tenant. */
export interface AgentSource {
  /** The values on at least the quarantine threshold's machines or in more than one tenant. */
  spread: readonly SpreadValue[];
  /** Tenants with agents. */
  tenants: string[];
  /** One tenant's agents, vetted, in key order (see `identifyTenant`). */
  preparedOf(tenantId: string): PreparedAgent[] | Promise<PreparedAgent[]>;
}

/** A source in memory hands each tenant's agents over at once (the pure engine runs on it). */
export interface MemoryAgentSource extends AgentSource {
  preparedOf(tenantId: string): PreparedAgent[];
}

/** What both sources need besides the agents. */
export interface SourceContext {
  /** The quarantine threshold, in machines. */
  machines: number;
  registry: KnownBadRegistry;
  /** Identities reported by the identity script, by agent key. */
  answers: ReadonlyMap<string, ScriptIdentity>;
}

/** Agents given in memory: normalised and vetted once, kept for the tenants' runs. */
export function memorySource(agents: readonly IdentificationAgent[], ctx: SourceContext): MemoryAgentSource {
  const { agents: unique, keys } = latestPerKey(agents);
  const vendors = new Map<string, string | undefined>();
  const byTenant = new Map<string, PreparedAgent[]>();
  const surveyed: LinkedAgentKeys[] = [];
  unique.forEach((agent, k) => {
    const key = keys[k] as string;
    const ids = withScriptAnswer(agent, identifiersOf(agent.hostname, agent.identity), ctx.answers.get(key));
    const { tenantId, integrationId, agentId } = agent;
    surveyed.push({ tenantId, integrationId, agentId, host: ids.host, uuid: ids.uuid, serial: ids.serial, board: ids.board, macs: ids.macs });
    const prepared = prepareAgent(key, factsOf(agent, ids), ids, ctx.registry, vendors);
    const list = byTenant.get(tenantId);
    if (list === undefined) byTenant.set(tenantId, [prepared]);
    else list.push(prepared);
  });
  return {
    spread: spreadOf(surveyed, { machines: ctx.machines, overrides: [] }),
    tenants: [...byTenant.keys()],
    preparedOf: (tenantId) => byTenant.get(tenantId) ?? [],
  };
}

/**
 * The store's live agents of linked clients: their spread is the store's to count, and each
 * tenant's agents are read when its turn comes. The store keeps every agent's identifiers
 * normalised (see `AgentIdentifiers`), so a read is columns, not JSON to parse and values to
 * normalise, and a run holds one tenant's agents at a time, not a copy of the fleet.
 */
export async function storeSource(store: Store, ctx: SourceContext): Promise<AgentSource> {
  const { registry, answers } = ctx;
  const overrides = [...answers].map(([key, answer]) => scriptOverride(parseAgentKey(key), answer));
  const spread = await store.agents.identifierSpread({ machines: ctx.machines, overrides });
  const tenants = [...new Set((await store.links.listLinks()).map((link) => link.tenantId))];
  const vendors = new Map<string, string | undefined>();
  const prepare = (row: LinkedAgentIdentifiers): PreparedAgent => {
    const key = agentKey(row);
    const ids = answers.size === 0 ? row : withScriptAnswer(row, row, answers.get(key));
    return prepareAgent(key, factsOf(row, ids), ids, registry, vendors);
  };
  return {
    spread,
    tenants,
    preparedOf: async (tenantId) => {
      const prepared = (await store.agents.linkedIdentifiersOf(tenantId)).map(prepare);
      prepared.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      return prepared;
    },
  };
}
