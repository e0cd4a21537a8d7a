import { isDeepStrictEqual } from 'node:util';

import type { IdentifiedAgent } from '../capabilities/agent.schema.js';
import { identifiersOf } from '../identification/agent-identifiers.js';
import type { IdentificationAgent, LinkedAgentIdentifiers } from '../identification/model/agent-records.js';
import { spreadOf, type SpreadQuery, type SpreadValue } from '../identification/model/identifier-spread.js';
import { presenceMoved } from '../store/content-hash.js';
import type { StoredAgent, StoredIdentity, UpsertCounts } from '../store/records.js';
import type { AgentRepository } from '../store/repositories.js';
import { asJson, copy, key, linkedTenantOf, orderBy, upsertEach, type MemoryTables } from './memory-tables.js';

type AgentFilter = { integrationId?: string; clientIds?: readonly string[]; includeGone?: boolean };

export class MemoryAgentRepository implements AgentRepository {
  constructor(private readonly tables: MemoryTables) {}

  async upsertMany(integrationId: string, agents: readonly IdentifiedAgent[], at: string): Promise<UpsertCounts> {
    return upsertEach(
      this.tables,
      this.tables.rows.agents,
      agents,
      (a) => key(integrationId, a.id),
      (agent, before): StoredAgent => ({
        integrationId, id: agent.id, clientId: agent.clientId, siteId: agent.siteId, hostname: agent.hostname, os: agent.os, online: agent.online,
        lastSeen: agent.lastSeen, identity: asJson(agent.identity), canRunScripts: agent.canRunScripts, firstSeenAt: before?.firstSeenAt ?? at, goneAt: undefined,
      }),
      // Presence alone is written only once it moved by more than the resolution.
      (before, next) => !presenceMoved(before.lastSeen, next.lastSeen) && isDeepStrictEqual(before, { ...next, lastSeen: before.lastSeen }),
    );
  }

  async identitiesOf(integrationId: string, agentIds: readonly string[]): Promise<Map<string, StoredIdentity>> {
    const found = new Map<string, StoredIdentity>();
    for (const agentId of agentIds) {
      const agent = this.tables.rows.agents.get(key(integrationId, agentId));
      if (agent === undefined) continue;
      const check = this.tables.rows.identityChecks.get(key(integrationId, agentId));
      found.set(agentId, { identity: copy(agent.identity), checkedAt: check?.checkedAt, basis: check?.basis });
    }
    return found;
  }

  async recordIdentityChecks(integrationId: string, checks: readonly { agentId: string; basis: string }[], at: string): Promise<void> {
    let recorded = 0;
    for (const { agentId, basis } of checks) {
      if (!this.tables.rows.agents.has(key(integrationId, agentId))) continue;
      this.tables.rows.identityChecks.set(key(integrationId, agentId), { checkedAt: at, basis });
      recorded++;
    }
    this.tables.changed(recorded);
  }

  async markGone(integrationId: string, clientIds: readonly string[], seenIds: ReadonlySet<string>, at: string): Promise<number> {
    const listed = new Set(clientIds);
    let marked = 0;
    for (const agent of this.tables.rows.agents.values()) {
      if (agent.integrationId !== integrationId || agent.goneAt !== undefined || seenIds.has(agent.id)) continue;
      if (!listed.has(agent.clientId) && (agent.siteId === undefined || !listed.has(agent.siteId))) continue;
      agent.goneAt = at;
      marked++;
    }
    this.tables.changed(marked);
    return marked;
  }

  async get(integrationId: string, agentId: string): Promise<StoredAgent | undefined> {
    return copy(this.tables.rows.agents.get(key(integrationId, agentId)));
  }

  async *iterate(filter: AgentFilter = {}): AsyncIterableIterator<StoredAgent> {
    yield* orderBy(copy(this.#matching(filter)), (a) => a.integrationId, (a) => a.id);
  }

  async *iterateLinked(): AsyncIterableIterator<IdentificationAgent> {
    for (const { tenantId, agent } of this.#linked()) {
      yield {
        tenantId, integrationId: agent.integrationId, agentId: agent.id, hostname: agent.hostname, online: agent.online,
        lastSeen: agent.lastSeen, identity: copy(agent.identity), canRunScripts: agent.canRunScripts,
      };
    }
  }

  async identifierSpread(query: SpreadQuery): Promise<SpreadValue[]> {
    return spreadOf(this.#linkedIdentifiers(), query);
  }

  async linkedIdentifiersOf(tenantId: string): Promise<LinkedAgentIdentifiers[]> {
    return [...this.#linkedIdentifiers()].filter((a) => a.tenantId === tenantId);
  }

  async count(filter: { integrationId?: string; includeGone?: boolean } = {}): Promise<number> {
    return this.#matching(filter).length;
  }

  #matching(filter: AgentFilter): StoredAgent[] {
    const clients = filter.clientIds && new Set(filter.clientIds);
    return [...this.tables.rows.agents.values()].filter(
      (a) =>
        (filter.integrationId === undefined || a.integrationId === filter.integrationId) &&
        (clients === undefined || clients.has(a.clientId)) &&
        (filter.includeGone === true || a.goneAt === undefined),
    );
  }

  /** The live agents of clients (or sites) linked to a tenant, with that tenant. */
  *#linked(): IterableIterator<{ tenantId: string; agent: StoredAgent }> {
    for (const agent of this.tables.rows.agents.values()) {
      if (agent.goneAt !== undefined) continue;
      const tenantId = linkedTenantOf(this.tables, agent);
      if (tenantId !== undefined) yield { tenantId, agent };
    }
  }

  *#linkedIdentifiers(): IterableIterator<LinkedAgentIdentifiers> {
    for (const { tenantId, agent } of this.#linked()) {
      yield {
        tenantId, integrationId: agent.integrationId, agentId: agent.id, hostname: agent.hostname, online: agent.online, lastSeen: agent.lastSeen,
        canRunScripts: agent.canRunScripts, ...identifiersOf(agent.hostname, agent.identity),
      };
    }
  }
}
