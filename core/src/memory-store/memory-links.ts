import { isDeepStrictEqual } from 'node:util';

import type { LinkDecisionRecord, LinkSuggestionRecord, TenantLinkRecord } from '../linking/model/link-records.js';
import type { LinkRepository, ReplaceCounts } from '../linking/port/link-repository.js';
import { asJson, copy, digestOf, key, orderBy, type MemoryTables } from './memory-tables.js';

/** Links, decisions and suggestions. Every write compares first, so an unchanged value writes nothing. */
export class MemoryLinkRepository implements LinkRepository {
  constructor(private readonly tables: MemoryTables) {}

  async listLinks(filter: { integrationId?: string; tenantId?: string } = {}): Promise<TenantLinkRecord[]> {
    const links = [...this.tables.rows.tenantLinks.values()].filter(
      (l) => (filter.integrationId === undefined || l.integrationId === filter.integrationId) && (filter.tenantId === undefined || l.tenantId === filter.tenantId),
    );
    return orderBy(copy(links), (l) => l.integrationId, (l) => l.clientId);
  }

  async inputFingerprint(): Promise<string> {
    const { agents, agentLinks, computers, clients, tenants, decisions, tenantLinks, suggestions } = this.tables.rows;
    // What a linking run reads of agents: for clients not linked yet, their computers (device overlap).
    const unlinkedAgents = [...agents.values()]
      .filter((a) => a.goneAt === undefined && !tenantLinks.has(key(a.integrationId, a.clientId)))
      .map((a) => {
        const computerId = agentLinks.get(key(a.integrationId, a.id))?.computerId;
        const integrations = [...agentLinks.values()].filter((l) => computerId !== undefined && l.computerId === computerId).map((l) => l.integrationId);
        return [a.integrationId, a.clientId, a.id, computerId, computerId && computers.get(computerId)?.tenantId, [...new Set(integrations)].sort()];
      });
    return digestOf([
      unlinkedAgents,
      [...clients.values()],
      [...tenants.values()].map(({ createdAt: _createdAt, ...content }) => content),
      [...decisions.values()].map((d) => [d.id, d.revokedAt]),
      [...tenantLinks.values()].map(({ createdAt: _createdAt, ...content }) => content),
      [...suggestions.values()],
    ]);
  }

  async getLink(integrationId: string, clientId: string): Promise<TenantLinkRecord | undefined> {
    return copy(this.tables.rows.tenantLinks.get(key(integrationId, clientId)));
  }

  async putLink(link: TenantLinkRecord): Promise<boolean> {
    const links = this.tables.rows.tenantLinks;
    const before = links.get(key(link.integrationId, link.clientId));
    const next: TenantLinkRecord = {
      integrationId: link.integrationId, clientId: link.clientId, tenantId: link.tenantId, source: link.source, score: link.score,
      reasons: asJson(link.reasons), createdAt: before?.tenantId === link.tenantId ? before.createdAt : link.createdAt,
    };
    if (isDeepStrictEqual(before, next)) return false;
    links.set(key(link.integrationId, link.clientId), next);
    this.tables.changed();
    return true;
  }

  async removeLink(integrationId: string, clientId: string): Promise<TenantLinkRecord | undefined> {
    const before = this.getLink(integrationId, clientId);
    if (before === undefined) return undefined;
    this.tables.rows.tenantLinks.delete(key(integrationId, clientId));
    this.tables.changed();
    return before;
  }

  async insertDecision(decision: Omit<LinkDecisionRecord, 'revokedAt' | 'revokedBy' | 'revokeReason'>): Promise<LinkDecisionRecord> {
    const { decisions } = this.tables.rows;
    // Decisions are kept for good: an id is never reused, as SQLite's primary key refuses it.
    if (decisions.has(decision.id)) throw new Error(`link decision ${decision.id} already exists`);
    decisions.set(decision.id, {
      id: decision.id, integrationId: decision.integrationId, clientId: decision.clientId, kind: decision.kind, tenantId: decision.tenantId,
      actor: decision.actor, reason: decision.reason, decidedAt: decision.decidedAt, revokedAt: undefined, revokedBy: undefined, revokeReason: undefined,
    });
    this.tables.changed();
    return { ...decision };
  }

  async revokeDecision(id: string, revocation: { actor: string; at: string; reason?: string | undefined }): Promise<boolean> {
    const decision = this.tables.rows.decisions.get(id);
    if (decision === undefined || decision.revokedAt !== undefined) return false;
    Object.assign(decision, { revokedAt: revocation.at, revokedBy: revocation.actor, revokeReason: revocation.reason });
    this.tables.changed();
    return true;
  }

  async getDecision(id: string): Promise<LinkDecisionRecord | undefined> {
    return copy(this.tables.rows.decisions.get(id));
  }

  async listDecisions(filter: { integrationId?: string; clientId?: string; includeRevoked?: boolean } = {}): Promise<LinkDecisionRecord[]> {
    const decisions = [...this.tables.rows.decisions.values()].filter(
      (d) =>
        (filter.integrationId === undefined || d.integrationId === filter.integrationId) &&
        (filter.clientId === undefined || d.clientId === filter.clientId) &&
        (filter.includeRevoked === true || d.revokedAt === undefined),
    );
    return orderBy(copy(decisions), (d) => d.decidedAt, (d) => d.id);
  }

  async listSuggestions(filter: { integrationId?: string; clientId?: string } = {}): Promise<LinkSuggestionRecord[]> {
    const suggestions = [...this.tables.rows.suggestions.values()].filter(
      (s) => (filter.integrationId === undefined || s.integrationId === filter.integrationId) && (filter.clientId === undefined || s.clientId === filter.clientId),
    );
    return orderBy(copy(suggestions), (s) => s.integrationId, (s) => s.clientId, (s) => s.rank, (s) => s.tenantId);
  }

  async replaceSuggestions(suggestions: readonly LinkSuggestionRecord[]): Promise<ReplaceCounts> {
    return this.tables.atomically(() => {
      const counts: ReplaceCounts = { inserted: 0, updated: 0, deleted: 0, unchanged: 0 };
      const rows = this.tables.rows.suggestions;
      const stale = new Set(rows.keys());
      for (const s of suggestions) {
        const at = key(s.integrationId, s.clientId, s.tenantId);
        const before = rows.get(at);
        const next: LinkSuggestionRecord = { integrationId: s.integrationId, clientId: s.clientId, tenantId: s.tenantId, score: s.score, rank: s.rank, reasons: asJson(s.reasons) };
        stale.delete(at);
        if (isDeepStrictEqual(before, next)) {
          counts.unchanged++;
          continue;
        }
        rows.set(at, next);
        if (before) counts.updated++;
        else counts.inserted++;
      }
      for (const at of stale) rows.delete(at);
      counts.deleted = stale.size;
      this.tables.changed(counts.inserted + counts.updated + counts.deleted);
      return counts;
    });
  }
}
