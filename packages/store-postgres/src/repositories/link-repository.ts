import {
  stableStringify,
  type LinkDecisionRecord,
  type LinkReason,
  type LinkRepository,
  type LinkSuggestionRecord,
  type ReplaceCounts,
  type TenantLinkRecord,
} from '@rmm-hub/core';

import type { Database } from '../database.js';
import { orUndefined } from './columns.js';
import { fingerprint } from './fingerprint.js';

/**
 * What a linking run reads — clients, tenants, decisions, and for clients not linked yet their
 * agents' computers (the device-overlap evidence) — and what it writes (links, suggestions),
 * each with the order that makes its digest stable.
 */
const FINGERPRINT_QUERIES = [
  {
    select: `SELECT a.integration_id, a.client_id, a.agent_id, l.computer_id, c.tenant_id,
        (SELECT string_agg(DISTINCT o.integration_id, ',' ORDER BY o.integration_id) FROM agent_links o WHERE o.computer_id = l.computer_id) AS computer_integrations
      FROM agents a
      LEFT JOIN agent_links l ON l.integration_id = a.integration_id AND l.agent_id = a.agent_id
      LEFT JOIN computers c ON c.id = l.computer_id
      WHERE a.gone_at IS NULL AND NOT EXISTS (SELECT 1 FROM tenant_links t WHERE t.integration_id = a.integration_id AND t.client_id = a.client_id)`,
    order: 'integration_id, agent_id',
  },
  { select: 'SELECT integration_id, client_id, content_hash, gone_at FROM rmm_clients', order: 'integration_id, client_id' },
  { select: 'SELECT id, name, psa_company_id, domains, is_msp FROM tenants', order: 'id' },
  { select: 'SELECT id, revoked_at FROM link_decisions', order: 'id' },
  { select: 'SELECT integration_id, client_id, tenant_id, source, score, reasons FROM tenant_links', order: 'integration_id, client_id' },
  { select: 'SELECT integration_id, client_id, tenant_id, score, rank, reasons FROM link_suggestions', order: 'integration_id, client_id, tenant_id' },
] as const;

interface LinkRow {
  [column: string]: unknown;
  integration_id: string;
  client_id: string;
  tenant_id: string;
  source: 'auto' | 'manual';
  score: number | null;
  reasons: LinkReason[];
  created_at: string;
}

interface DecisionRow {
  [column: string]: unknown;
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
  [column: string]: unknown;
  integration_id: string;
  client_id: string;
  tenant_id: string;
  score: number;
  rank: number;
  reasons: LinkReason[];
}

/** Conditions AND-ed into a WHERE clause, `$n` numbered over `params` as they are added. */
function where(params: unknown[], conditions: [column: string, value: string | undefined][], extra: string[] = []): string {
  const active = [...conditions.filter(([, value]) => value !== undefined).map(([column, value]) => `${column} = $${params.push(value)}`), ...extra];
  return active.length ? `WHERE ${active.join(' AND ')}` : '';
}

/**
 * Links, decisions and suggestions. Every write compares first, so an unchanged value writes
 * nothing; replacing the suggestions is one read and at most three set statements.
 */
export class PgLinkRepository implements LinkRepository {
  constructor(private readonly db: Database) {}

  inputFingerprint(): Promise<string> {
    return fingerprint(this.db, FINGERPRINT_QUERIES);
  }

  async listLinks(filter: { integrationId?: string; tenantId?: string } = {}): Promise<TenantLinkRecord[]> {
    const params: unknown[] = [];
    const sql = `SELECT * FROM tenant_links ${where(params, [['integration_id', filter.integrationId], ['tenant_id', filter.tenantId]])} ORDER BY integration_id, client_id`;
    return (await this.db.rows<LinkRow>(sql, params)).map(toLink);
  }

  async getLink(integrationId: string, clientId: string): Promise<TenantLinkRecord | undefined> {
    const [row] = await this.db.rows<LinkRow>('SELECT * FROM tenant_links WHERE integration_id = $1 AND client_id = $2', [integrationId, clientId]);
    return row ? toLink(row) : undefined;
  }

  async putLink(link: TenantLinkRecord): Promise<boolean> {
    const before = await this.getLink(link.integrationId, link.clientId);
    if (before && before.tenantId === link.tenantId && before.source === link.source && before.score === link.score && sameReasons(before.reasons, link.reasons)) return false;
    await this.db.query(
      `INSERT INTO tenant_links (integration_id, client_id, tenant_id, source, score, reasons, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (integration_id, client_id) DO UPDATE SET tenant_id = excluded.tenant_id, source = excluded.source, score = excluded.score, reasons = excluded.reasons,
         created_at = CASE WHEN tenant_links.tenant_id = excluded.tenant_id THEN tenant_links.created_at ELSE excluded.created_at END`,
      [link.integrationId, link.clientId, link.tenantId, link.source, link.score ?? null, JSON.stringify(link.reasons), link.createdAt],
    );
    return true;
  }

  async removeLink(integrationId: string, clientId: string): Promise<TenantLinkRecord | undefined> {
    const [row] = await this.db.rows<LinkRow>('DELETE FROM tenant_links WHERE integration_id = $1 AND client_id = $2 RETURNING *', [integrationId, clientId]);
    return row ? toLink(row) : undefined;
  }

  async insertDecision(decision: Omit<LinkDecisionRecord, 'revokedAt' | 'revokedBy' | 'revokeReason'>): Promise<LinkDecisionRecord> {
    await this.db.query(
      'INSERT INTO link_decisions (id, integration_id, client_id, kind, tenant_id, actor, reason, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [decision.id, decision.integrationId, decision.clientId, decision.kind, decision.tenantId ?? null, decision.actor, decision.reason ?? null, decision.decidedAt],
    );
    return { ...decision };
  }

  async revokeDecision(id: string, revocation: { actor: string; at: string; reason?: string | undefined }): Promise<boolean> {
    const result = await this.db.query('UPDATE link_decisions SET revoked_at = $1, revoked_by = $2, revoke_reason = $3 WHERE id = $4 AND revoked_at IS NULL', [
      revocation.at, revocation.actor, revocation.reason ?? null, id,
    ]);
    return (result.rowCount ?? 0) > 0;
  }

  async getDecision(id: string): Promise<LinkDecisionRecord | undefined> {
    const [row] = await this.db.rows<DecisionRow>('SELECT * FROM link_decisions WHERE id = $1', [id]);
    return row ? toDecision(row) : undefined;
  }

  async listDecisions(filter: { integrationId?: string; clientId?: string; includeRevoked?: boolean } = {}): Promise<LinkDecisionRecord[]> {
    const params: unknown[] = [];
    const conditions = where(params, [['integration_id', filter.integrationId], ['client_id', filter.clientId]], filter.includeRevoked ? [] : ['revoked_at IS NULL']);
    return (await this.db.rows<DecisionRow>(`SELECT * FROM link_decisions ${conditions} ORDER BY decided_at, id`, params)).map(toDecision);
  }

  async listSuggestions(filter: { integrationId?: string; clientId?: string } = {}): Promise<LinkSuggestionRecord[]> {
    const params: unknown[] = [];
    const sql = `SELECT * FROM link_suggestions ${where(params, [['integration_id', filter.integrationId], ['client_id', filter.clientId]])} ORDER BY integration_id, client_id, rank, tenant_id`;
    return (await this.db.rows<SuggestionRow>(sql, params)).map(toSuggestion);
  }

  async replaceSuggestions(suggestions: readonly LinkSuggestionRecord[]): Promise<ReplaceCounts> {
    return this.db.transaction(async () => {
      const counts: ReplaceCounts = { inserted: 0, updated: 0, deleted: 0, unchanged: 0 };
      const key = (s: { integrationId: string; clientId: string; tenantId: string }): string => `${s.integrationId}\u0000${s.clientId}\u0000${s.tenantId}`;
      const existing = new Map((await this.db.rows<SuggestionRow>('SELECT * FROM link_suggestions')).map((row) => [key(toSuggestion(row)), toSuggestion(row)]));
      const inserts: LinkSuggestionRecord[] = [];
      const updates: LinkSuggestionRecord[] = [];
      for (const suggestion of suggestions) {
        const k = key(suggestion);
        const before = existing.get(k);
        existing.delete(k);
        if (!before) inserts.push(suggestion);
        else if (before.score !== suggestion.score || before.rank !== suggestion.rank || !sameReasons(before.reasons, suggestion.reasons)) updates.push(suggestion);
        else counts.unchanged++;
      }
      const gone = [...existing.values()];
      const columns = (rows: readonly LinkSuggestionRecord[]): unknown[] => [
        rows.map((s) => s.integrationId), rows.map((s) => s.clientId), rows.map((s) => s.tenantId),
        rows.map((s) => s.score), rows.map((s) => s.rank), rows.map((s) => JSON.stringify(s.reasons)),
      ];
      const input = 'unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::int[], $6::text[]) AS i(integration_id, client_id, tenant_id, score, rank, reasons)';
      if (inserts.length > 0) {
        counts.inserted = (await this.db.query(`INSERT INTO link_suggestions (integration_id, client_id, tenant_id, score, rank, reasons)
          SELECT i.integration_id, i.client_id, i.tenant_id, i.score, i.rank, i.reasons::jsonb FROM ${input}`, columns(inserts))).rowCount ?? 0;
      }
      if (updates.length > 0) {
        counts.updated = (await this.db.query(`UPDATE link_suggestions s SET score = i.score, rank = i.rank, reasons = i.reasons::jsonb FROM ${input}
          WHERE s.integration_id = i.integration_id AND s.client_id = i.client_id AND s.tenant_id = i.tenant_id`, columns(updates))).rowCount ?? 0;
      }
      if (gone.length > 0) {
        counts.deleted = (await this.db.query(`DELETE FROM link_suggestions s USING unnest($1::text[], $2::text[], $3::text[]) AS i(integration_id, client_id, tenant_id)
          WHERE s.integration_id = i.integration_id AND s.client_id = i.client_id AND s.tenant_id = i.tenant_id`, columns(gone).slice(0, 3))).rowCount ?? 0;
      }
      return counts;
    });
  }
}

/** jsonb keeps its own key order, so reasons compare by content. */
function sameReasons(a: readonly LinkReason[], b: readonly LinkReason[]): boolean {
  return stableStringify(a) === stableStringify(b);
}

function toLink(row: LinkRow): TenantLinkRecord {
  return {
    integrationId: row.integration_id,
    clientId: row.client_id,
    tenantId: row.tenant_id,
    source: row.source,
    score: orUndefined(row.score),
    reasons: row.reasons,
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
  return { integrationId: row.integration_id, clientId: row.client_id, tenantId: row.tenant_id, score: row.score, rank: row.rank, reasons: row.reasons };
}
