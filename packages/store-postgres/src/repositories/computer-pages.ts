/**
 * Computers a page at a time, for the HTTP API: keyset pages in (name without case, id) order
 * (`computers_by_name`, migration 4), so any page reads only its own rows plus one index seek.
 * Search is by the start of the name (any case), which that index answers as a range. The same
 * order and matching as the SQLite store's: `lower` on a "C" column folds ASCII only, as NOCASE.
 */
import type { ComputerPageQuery, ComputerRecord, ComputerSummary } from '@rmm-hub/core';

import type { Database } from '../database.js';

/** Past every character a name can continue with: the upper end of a prefix range. */
const AFTER_PREFIX = '\u{10FFFF}';

export async function computerPage<Row extends Record<string, unknown>>(
  db: Database,
  columns: string,
  toComputer: (row: Row) => ComputerRecord,
  query: ComputerPageQuery,
): Promise<ComputerSummary[]> {
  const params: unknown[] = [query.limit];
  const where: string[] = [];
  if (query.tenantId !== undefined) where.push(`tenant_id = $${params.push(query.tenantId)}`);
  if (query.includeRetired !== true) where.push('retired_at IS NULL');
  if (query.search !== undefined && query.search !== '') {
    const prefix = params.push(query.search);
    where.push(`lower(name) >= lower($${prefix}) AND lower(name) < lower($${prefix}) || '${AFTER_PREFIX}'`);
  }
  if (query.after !== undefined) {
    const name = params.push(query.after.name);
    const id = params.push(query.after.id);
    // The first term is the index seek over the range; the second steps past the last row.
    where.push(`lower(name) >= lower($${name}) AND (lower(name) > lower($${name}) OR id > $${id})`);
  }
  const rows = await db.rows<Row>(`SELECT ${columns} FROM computers ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY lower(name), id LIMIT $1`, params);
  const computers = rows.map(toComputer);
  if (computers.length === 0) return [];
  const ids = computers.map((c) => c.id);
  // Flag bits as AgentLinkRecord documents them: 1 stale, 2 needs identity.
  const agentCounts = await db.rows<{ computer_id: string; agents: number; stale: number; needs_identity: number }>(
    `SELECT computer_id, count(*)::int AS agents, count(*) FILTER (WHERE flags & 1 <> 0)::int AS stale, count(*) FILTER (WHERE flags & 2 <> 0)::int AS needs_identity
     FROM agent_links WHERE computer_id = ANY($1::text[]) GROUP BY computer_id`,
    [ids],
  );
  const conflictCounts = await db.rows<{ computer_id: string; n: number }>(
    `SELECT u.computer_id, count(*)::int AS n FROM identification_conflicts c, unnest(c.computer_ids) AS u(computer_id)
     WHERE c.status = 'open' AND u.computer_id = ANY($1::text[]) GROUP BY u.computer_id`,
    [ids],
  );
  const agents = new Map(agentCounts.map((row) => [row.computer_id, row]));
  const conflicts = new Map(conflictCounts.map((row) => [row.computer_id, row.n]));
  return computers.map((c) => {
    const counts = agents.get(c.id);
    return { ...c, agents: counts?.agents ?? 0, staleAgents: counts?.stale ?? 0, needsIdentity: counts?.needs_identity ?? 0, openConflicts: conflicts.get(c.id) ?? 0 };
  });
}
