/**
 * Where an identification run's agents come from. A run needs the spread of every value over
 * the fleet first (quarantine, cross-tenant candidates), then identifies one tenant at a time;
 * a source serves both, from memory or from the store.
 */
import type { Store } from '../store/store.js';
import { identificationRecord, scriptOverride, withScriptAnswer } from './agent-identifiers.js';
import { latestPerKey, prepareAgent, type PreparedAgent } from './agent-keys.js';
import { agentKey, parseAgentKey } from './identification.types.js';
import type { IdentificationAgent, LinkedAgentIdentifiers } from './model/agent-records.js';
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
  preparedOf(tenantId: string): Promise<PreparedAgent[]>;
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
export function memorySource(agents: readonly IdentificationAgent[], ctx: SourceContext): AgentSource {
  const records = latestPerKey(agents.map(identificationRecord)).map((agent) => withScriptAnswer(agent, ctx.answers.get(agentKey(agent))));
  const prepare = preparer(ctx.registry);
  const byTenant = new Map<string, PreparedAgent[]>();
  for (const record of records) {
    const list = byTenant.get(record.tenantId);
    if (list === undefined) byTenant.set(record.tenantId, [prepare(record)]);
    else list.push(prepare(record));
  }
  return {
    spread: spreadOf(records, { machines: ctx.machines, overrides: [] }),
    tenants: [...byTenant.keys()],
    preparedOf: (tenantId) => Promise.resolve(byTenant.get(tenantId) ?? []),
  };
}

/**
 * The store's live agents of linked clients: their spread is the store's to count, and each
 * tenant's agents are read when its turn comes. The store keeps every agent's identifiers
 * normalised (see `AgentIdentifiers`), so a read is columns, not JSON to parse and values to
 * normalise, and a run holds one tenant's agents at a time, not a copy of the fleet.
 */
export async function storeSource(store: Store, ctx: SourceContext): Promise<AgentSource> {
  const overrides = [...ctx.answers].map(([key, answer]) => scriptOverride(parseAgentKey(key), answer));
  const spread = await store.agents.identifierSpread({ machines: ctx.machines, overrides });
  const tenants = [...new Set((await store.links.listLinks()).map((link) => link.tenantId))];
  return { spread, tenants, preparedOf: storedTenantReader(store, ctx) };
}

/** One tenant's live agents of linked clients from the store, vetted, in key order: a store source's `preparedOf`. */
export function storedTenantReader(store: Store, ctx: Pick<SourceContext, 'registry' | 'answers'>): (tenantId: string) => Promise<PreparedAgent[]> {
  const { answers } = ctx;
  const prepare = preparer(ctx.registry);
  return async (tenantId) => {
    const rows = await store.agents.linkedIdentifiersOf(tenantId);
    const prepared = rows.map((row) => prepare(answers.size === 0 ? row : withScriptAnswer(row, answers.get(agentKey(row)))));
    prepared.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return prepared;
  };
}

/** Vets agents for a run, with one cache of manufacturer spellings across them. */
function preparer(registry: KnownBadRegistry): (agent: LinkedAgentIdentifiers) => PreparedAgent {
  const vendors = new Map<string, string | undefined>();
  return (agent) => prepareAgent(agent, registry, vendors);
}
