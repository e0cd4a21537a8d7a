/**
 * Computers a page at a time, for the HTTP API: keyset pages in (name, id) order, the name compared
 * without case (`computers_by_name`, migration 7), so any page — the first, one deep in a fleet of
 * 100,000, one of a search — reads only its own rows plus one index seek. Search is by the start
 * of the name (any case), which that index answers as a range; a substring search would scan the
 * fleet on every keystroke. (A computer's id is looked up directly, not searched.)
 */
import type Database from 'better-sqlite3';

import type { ComputerPageQuery, ComputerRecord, ComputerSummary } from '@rmm-hub/core';

import { StatementCache } from './statement-cache.js';

type Counts = [computerId: string, agents: number, stale: number, needsIdentity: number];

/** Past every character a name can continue with: the upper end of a prefix range. */
const AFTER_PREFIX = '\u{10FFFF}';

/** The page query over the repository's own row shape (`Row`, read raw). */
export class ComputerPages<Row> {
  readonly #statements: StatementCache;
  readonly #agentCounts: Database.Statement;
  readonly #conflictCounts: Database.Statement;

  constructor(
    db: Database.Database,
    private readonly columns: string,
    private readonly toComputer: (row: Row) => ComputerRecord,
  ) {
    this.#statements = new StatementCache(db);
    // Flag bits as AgentLinkRecord documents them: 1 stale, 2 needs identity.
    this.#agentCounts = db.prepare(`SELECT computer_id, count(*), sum((flags & 1) != 0), sum((flags & 2) != 0) FROM agent_links
      WHERE computer_id IN (SELECT value FROM json_each(?)) GROUP BY computer_id`);
    this.#conflictCounts = db.prepare(`SELECT j.value, count(*) FROM identification_conflicts c, json_each(c.computer_ids) j
      WHERE c.status = 'open' AND j.value IN (SELECT value FROM json_each(?)) GROUP BY j.value`);
  }

  page(query: ComputerPageQuery): ComputerSummary[] {
    const where: string[] = [];
    const args: Record<string, string | number> = { limit: query.limit };
    if (query.tenantId !== undefined) {
      where.push('tenant_id = @tenantId');
      args.tenantId = query.tenantId;
    }
    if (query.includeRetired !== true) where.push('retired_at IS NULL');
    if (query.search !== undefined && query.search !== '') {
      where.push('name COLLATE NOCASE >= @prefix AND name COLLATE NOCASE < @prefixEnd');
      args.prefix = query.search;
      args.prefixEnd = query.search + AFTER_PREFIX;
    }
    if (query.after !== undefined) {
      // The first term is the index seek; a row-value comparison would scan from the start.
      where.push('name COLLATE NOCASE >= @afterName AND (name COLLATE NOCASE > @afterName OR id > @afterId)');
      args.afterName = query.after.name;
      args.afterId = query.after.id;
    }
    const sql = `SELECT ${this.columns} FROM computers ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY name COLLATE NOCASE, id LIMIT @limit`;
    const computers = (this.#statements.get(sql).raw().all(args) as Row[]).map(this.toComputer);
    if (computers.length === 0) return [];
    const ids = JSON.stringify(computers.map((c) => c.id));
    const agents = new Map((this.#agentCounts.raw().all(ids) as Counts[]).map(([id, ...counts]) => [id, counts]));
    const conflicts = new Map(this.#conflictCounts.raw().all(ids) as [string, number][]);
    return computers.map((c) => {
      const [total, staleAgents, needsIdentity] = agents.get(c.id) ?? [0, 0, 0];
      return { ...c, agents: total, staleAgents, needsIdentity, openConflicts: conflicts.get(c.id) ?? 0 };
    });
  }
}
