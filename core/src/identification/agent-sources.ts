/**
 * Where an identification run's agents come from. A run surveys every agent first (quarantine,
 * cross-tenant candidates), then identifies one tenant at a time; a source serves both passes,
 * from memory or from the store.
 */
import type { LinkedAgentIdentifiers } from './model/agent-records.js';
import type { Store } from '../store/store.js';
import { identifiersOf, withScriptAnswer } from './agent-identifiers.js';
import { factsOf, latestPerKey, prepareAgent, surveyedKeys, type PreparedAgent } from './agent-keys.js';
import type { IdentifierSurvey } from './identifier-survey.js';
import { agentKey } from './identification.types.js';
import type { IdentificationAgent } from './model/agent-records.js';
import type { ScriptIdentity } from './identity-script.js';
import type { KnownBadRegistry } from './known-bad-registry.js';

/** Where a run's agents come from: surveyed once up front, then handed over tenant by tenant. */
export interface AgentSource {
  /** Agents surveyed (one per agent key). */
  agents: number;
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
  survey: IdentifierSurvey;
  registry: KnownBadRegistry;
  /** Identities reported by the identity script, by agent key. */
  answers: ReadonlyMap<string, ScriptIdentity>;
}

/** Agents given in memory: normalised and vetted once, kept for the tenants' runs. */
export function memorySource(agents: readonly IdentificationAgent[], ctx: SourceContext): MemoryAgentSource {
  const { agents: unique, keys } = latestPerKey(agents);
  const vendors = new Map<string, string | undefined>();
  const byTenant = new Map<string, PreparedAgent[]>();
  unique.forEach((agent, k) => {
    const key = keys[k] as string;
    const ids = withScriptAnswer(identifiersOf(agent.hostname, agent.identity), ctx.answers.get(key));
    const prepared = prepareAgent(key, factsOf(agent, ids), ids, ctx.registry, vendors);
    ctx.survey.add(prepared.tenantId, prepared);
    const list = byTenant.get(agent.tenantId);
    if (list === undefined) byTenant.set(agent.tenantId, [prepared]);
    else list.push(prepared);
  });
  return { agents: unique.length, tenants: [...byTenant.keys()], preparedOf: (tenantId) => byTenant.get(tenantId) ?? [] };
}

/**
 * The store's live agents of linked clients, read twice rather than held: once streamed through
 * the survey, then again one tenant at a time when its turn comes. The store keeps every agent's
 * identifiers normalised (see `AgentIdentifiers`), so a read is columns, not JSON to parse and
 * values to normalise, and a run holds one tenant's agents at a time, not a copy of the fleet.
 */
export async function storeSource(store: Store, ctx: SourceContext): Promise<AgentSource> {
  const { survey, registry, answers } = ctx;
  const tenants = new Set<string>();
  let agents = 0;
  for await (const row of store.agents.iterateLinkedKeys()) {
    agents++;
    tenants.add(row.tenantId);
    // What the survey reads is all an answer can replace (a run's other fields come later).
    const answer = answers.size === 0 ? undefined : answers.get(agentKey(row));
    const ids = answer === undefined ? row : withScriptAnswer({ ...row, manufacturer: undefined, osInstallDate: undefined }, answer);
    survey.add(row.tenantId, surveyedKeys(ids, registry));
  }
  const vendors = new Map<string, string | undefined>();
  const prepare = (row: LinkedAgentIdentifiers): PreparedAgent => {
    const key = agentKey(row);
    const ids = answers.size === 0 ? row : withScriptAnswer(row, answers.get(key));
    return prepareAgent(key, factsOf(row, ids), ids, registry, vendors);
  };
  return {
    agents,
    tenants: [...tenants],
    preparedOf: async (tenantId) => {
      const prepared = (await store.agents.linkedIdentifiersOf(tenantId)).map(prepare);
      prepared.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      return prepared;
    },
  };
}
