/**
 * Where an identification run's agents come from. A run surveys every agent first (quarantine,
 * cross-tenant candidates), then identifies one tenant at a time; a source serves both passes,
 * from memory or streamed from the store.
 */
import type { Store } from '../store/store.js';
import { latestPerKey, type PreparedAgent } from './agent-keys.js';
import type { IdentifierSurvey } from './identifier-survey.js';
import { agentKey, type IdentificationAgent } from './identification.types.js';
import { PackedTenantAgents } from './packed-agents.js';

/** Where a run's agents come from: surveyed once up front, then handed over tenant by tenant. */
export interface AgentSource {
  /** Agents surveyed (one per agent key). */
  agents: number;
  /** Tenants with agents. */
  tenants: string[];
  /** One tenant's agents, normalised, in key order (see `identifyTenant`). */
  preparedOf(tenantId: string): PreparedAgent[];
}

/** Agents given in memory: the survey's normalising is kept for the tenants' runs. */
export function memorySource(agents: readonly IdentificationAgent[], survey: IdentifierSurvey): AgentSource {
  const { agents: unique, keys } = latestPerKey(agents);
  const byTenant = new Map<string, PreparedAgent[]>();
  unique.forEach((agent, k) => {
    const prepared = survey.add(agent, keys[k] as string);
    const list = byTenant.get(agent.tenantId);
    if (list === undefined) byTenant.set(agent.tenantId, [prepared]);
    else list.push(prepared);
  });
  return { agents: unique.length, tenants: [...byTenant.keys()], preparedOf: (tenantId) => byTenant.get(tenantId) ?? [] };
}

/**
 * The store's live agents of linked clients, streamed once through the survey; what the
 * tenants' runs need of each agent is kept packed by tenant (see {@link PackedTenantAgents}),
 * so no agent is read or normalised twice.
 */
export function storeSource(store: Store, survey: IdentifierSurvey, withAnswers: (agent: IdentificationAgent) => IdentificationAgent): AgentSource {
  const packed = new PackedTenantAgents(survey);
  let agents = 0;
  for (const agent of store.agents.iterateLinked()) {
    agents++;
    packed.add(survey.add(withAnswers(agent), agentKey(agent)));
  }
  return { agents, tenants: packed.tenants, preparedOf: (tenantId) => packed.take(tenantId) };
}
