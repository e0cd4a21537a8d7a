import type Database from 'better-sqlite3';

import type {
  LinkDecisionRecord,
  LinkReason,
  LinkRepository,
  LinkSuggestionRecord,
  ReplaceCounts,
  TenantLinkRecord,
} from '@rmm-hub/core';

import { orUndefined, parseJson } from '../json-column.js';
import { digestRows, type ChunkedRows } from '../table-digest.js';
import type { Synchronous } from '../gated-repository.js';

/**
 * What a linking run reads — clients, tenants, decisions, and for clients not linked yet their
 * agents' computers (the device-overlap evidence) — and what it writes (links, suggestions).
 * Agents go in rowid order, chunked (see the identification fingerprint's note).
 */
const FINGERPRINT_QUERIES: readonly (string | ChunkedRows)[] = [
  {
    values: [
      'a.integration_id', 'a.client_id', 'a.agent_id', 'l.computer_id', 'c.tenant_id',
      '(SELECT group_concat(DISTINCT o.integration_id) FROM agent_links o WHERE o.computer_id = l.computer_id)',
    ],
    from: `FROM agents a
      LEFT JOIN agent_links l ON l.integration_id = a.integration_id AND l.agent_id = a.agent_id
      LEFT JOIN computers c ON c.id = l.computer_id`,
    where: 'a.gone_at IS NULL AND NOT EXISTS (SELECT 1 FROM tenant_links t WHERE t.integration_id = a.integration_id AND t.client_id = a.client_id)',
    rowid: 'a.rowid',
  },
  'SELECT integration_id, client_id, content_hash, gone_at FROM rmm_clients ORDER BY integration_id, client_id',
  'SELECT id, name, psa_company_id, domains, is_msp FROM tenants ORDER BY id',
  'SELECT id, revoked_at FROM link_decisions ORDER BY id',
  'SELECT integration_id, client_id, tenant_id, source, score, reasons FROM tenant_links ORDER BY integration_id, client_id',
  'SELECT integration_id, client_id, tenant_id, score, rank, reasons FROM link_suggestions ORDER BY integration_id, client_id, tenant_id',
];

interface LinkRow {
  integration_id: string;
  client_id: string;
  tenant_id: string;
  source: 'auto' | 'manual';
  score: number | null;
  reasons: string;
  created_at: string;
}

interface DecisionRow {
  id: string;
  integration_id: string;
  client_id: string;
  kind: LinkDecisionRecord['kind'];
  tenant_id: string | null;
  actor: string;
  reason: string | null;
  decided_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
  revoke_reason: string | null;
}

interface SuggestionRow {
  integration_id: string;
  client_id: string;
  tenant_id: string;
  score: number;
  rank: number;
  reasons: string;
}

function where(conditions: (string | false)[]): string {
  const active = conditions.filter((c): c is string => c !== false);
  return active.length ? `WHERE ${active.join(' AND ')}` : '';
}

/** Links, decisions and suggestions. Every write compares first, so an unchanged value writes nothing. */
export class SqliteLinkRepository implements Synchronous<LinkRepository> {
  readonly #getLink: Database.Statement<[string, string], LinkRow>;
  readonly #putLink: Database.Statement;
  readonly #removeLink: Database.Statement<[string, string]>;
  readonly #getDecision: Database.Statement<[string], DecisionRow>;

  constructor(private readonly db: Database.Database) {
    this.#getLink = db.prepare('SELECT * FROM tenant_links WHERE integration_id = ? AND client_id = ?');
    this.#putLink = db.prepare(`INSERT INTO tenant_links (integration_id, client_id, tenant_id, source, score, reasons, created_at)
      VALUES (@integrationId, @clientId, @tenantId, @source, @score, @reasons, @createdAt)
      ON CONFLICT (integration_id, client_id) DO UPDATE SET tenant_id = excluded.tenant_id, source = excluded.source,
        score = excluded.score, reasons = excluded.reasons,
        created_at = CASE WHEN tenant_links.tenant_id = excluded.tenant_id THEN tenant_links.created_at ELSE excluded.created_at END`);
    this.#removeLink = db.prepare('DELETE FROM tenant_links WHERE integration_id = ? AND client_id = ?');
    this.#getDecision = db.prepare('SELECT * FROM link_decisions WHERE id = ?');
  }

  inputFingerprint(): string {
    return digestRows(this.db, FINGERPRINT_QUERIES);
  }

  listLinks(filter: { integrationId?: string; tenantId?: string } = {}): TenantLinkRecord[] {
    const sql = `SELECT * FROM tenant_links ${where([
      filter.integrationId !== undefined && 'integration_id = @integrationId',
      filter.tenantId !== undefined && 'tenant_id = @tenantId',
    ])} ORDER BY integration_id, client_id`;
    return (this.db.prepare(sql).all(filter) as LinkRow[]).map(toLink);
  }

  getLink(integrationId: string, clientId: string): TenantLinkRecord | undefined {
    const row = this.#getLink.get(integrationId, clientId);
    return row ? toLink(row) : undefined;
  }

  putLink(link: TenantLinkRecord): boolean {
    const reasons = JSON.stringify(link.reasons);
    const score = link.score ?? null;
    const before = this.#getLink.get(link.integrationId, link.clientId);
    if (before && before.tenant_id === link.tenantId && before.source === link.source && before.score === score && before.reasons === reasons) {
      return false;
    }
    this.#putLink.run({ ...link, score, reasons });
    return true;
  }

  removeLink(integrationId: string, clientId: string): TenantLinkRecord | undefined {
    const before = this.getLink(integrationId, clientId);
    if (before) this.#removeLink.run(integrationId, clientId);
    return before;
  }

  insertDecision(decision: Omit<LinkDecisionRecord, 'revokedAt' | 'revokedBy' | 'revokeReason'>): LinkDecisionRecord {
    this.db
      .prepare(`INSERT INTO link_decisions (id, integration_id, client_id, kind, tenant_id, actor, reason, decided_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(decision.id, decision.integrationId, decision.clientId, decision.kind, decision.tenantId ?? null, decision.actor, decision.reason ?? null, decision.decidedAt);
    return { ...decision };
  }

  revokeDecision(id: string, revocation: { actor: string; at: string; reason?: string | undefined }): boolean {
    const info = this.db
      .prepare('UPDATE link_decisions SET revoked_at = ?, revoked_by = ?, revoke_reason = ? WHERE id = ? AND revoked_at IS NULL')
      .run(revocation.at, revocation.actor, revocation.reason ?? null, id);
    return info.changes > 0;
  }

  getDecision(id: string): LinkDecisionRecord | undefined {
    const row = this.#getDecision.get(id);
    return row ? toDecision(row) : undefined;
  }

  listDecisions(filter: { integrationId?: string; clientId?: string; includeRevoked?: boolean } = {}): LinkDecisionRecord[] {
    const sql = `SELECT * FROM link_decisions ${where([
      filter.integrationId !== undefined && 'integration_id = @integrationId',
      filter.clientId !== undefined && 'client_id = @clientId',
      !filter.includeRevoked && 'revoked_at IS NULL',
    ])} ORDER BY decided_at, id`;
    return (this.db.prepare(sql).all({ integrationId: filter.integrationId, clientId: filter.clientId }) as DecisionRow[]).map(toDecision);
  }

  listSuggestions(filter: { integrationId?: string; clientId?: string } = {}): LinkSuggestionRecord[] {
    const sql = `SELECT * FROM link_suggestions ${where([
      filter.integrationId !== undefined && 'integration_id = @integrationId',
      filter.clientId !== undefined && 'client_id = @clientId',
    ])} ORDER BY integration_id, client_id, rank, tenant_id`;
    return (this.db.prepare(sql).all({ integrationId: filter.integrationId, clientId: filter.clientId }) as SuggestionRow[]).map(toSuggestion);
  }

  replaceSuggestions(suggestions: readonly LinkSuggestionRecord[]): ReplaceCounts {
    const counts: ReplaceCounts = { inserted: 0, updated: 0, deleted: 0, unchanged: 0 };
    const key = (s: { integration_id: string; client_id: string; tenant_id: string }): string =>
      `${s.integration_id}\u0000${s.client_id}\u0000${s.tenant_id}`;
    this.db.transaction(() => {
      const existing = new Map((this.db.prepare('SELECT * FROM link_suggestions').all() as SuggestionRow[]).map((r) => [key(r), r]));
      const insert = this.db.prepare(`INSERT INTO link_suggestions (integration_id, client_id, tenant_id, score, rank, reasons)
        VALUES (@integration_id, @client_id, @tenant_id, @score, @rank, @reasons)`);
      const update = this.db.prepare(`UPDATE link_suggestions SET score = @score, rank = @rank, reasons = @reasons
        WHERE integration_id = @integration_id AND client_id = @client_id AND tenant_id = @tenant_id`);
      const remove = this.db.prepare('DELETE FROM link_suggestions WHERE integration_id = ? AND client_id = ? AND tenant_id = ?');
      for (const s of suggestions) {
        const row: SuggestionRow = {
          integration_id: s.integrationId,
          client_id: s.clientId,
          tenant_id: s.tenantId,
          score: s.score,
          rank: s.rank,
          reasons: JSON.stringify(s.reasons),
        };
        const k = key(row);
        const before = existing.get(k);
        existing.delete(k);
        if (!before) {
          insert.run(row);
          counts.inserted++;
        } else if (before.score !== row.score || before.rank !== row.rank || before.reasons !== row.reasons) {
          update.run(row);
          counts.updated++;
        } else counts.unchanged++;
      }
      for (const gone of existing.values()) {
        remove.run(gone.integration_id, gone.client_id, gone.tenant_id);
        counts.deleted++;
      }
    }).immediate();
    return counts;
  }
}

function toLink(row: LinkRow): TenantLinkRecord {
  return {
    integrationId: row.integration_id,
    clientId: row.client_id,
    tenantId: row.tenant_id,
    source: row.source,
    score: orUndefined(row.score),
    reasons: parseJson<LinkReason[]>(row.reasons, []),
    createdAt: row.created_at,
  };
}

function toDecision(row: DecisionRow): LinkDecisionRecord {
  return {
    id: row.id,
    integrationId: row.integration_id,
    clientId: row.client_id,
    kind: row.kind,
    tenantId: orUndefined(row.tenant_id),
    actor: row.actor,
    reason: orUndefined(row.reason),
    decidedAt: row.decided_at,
    revokedAt: orUndefined(row.revoked_at),
    revokedBy: orUndefined(row.revoked_by),
    revokeReason: orUndefined(row.revoke_reason),
  };
}

function toSuggestion(row: SuggestionRow): LinkSuggestionRecord {
  return {
    integrationId: row.integration_id,
    clientId: row.client_id,
    tenantId: row.tenant_id,
    score: row.score,
    rank: row.rank,
    reasons: parseJson<LinkReason[]>(row.reasons, []),
  };
}
