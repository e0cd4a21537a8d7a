import type { AgentRef } from '../identification/model/agent-records.js';
import type {
  AgentLinkRecord,
  ComputerPageQuery,
  ComputerRecord,
  ComputerSummary,
  ConflictPageQuery,
  ConflictRecord,
  ConflictStatus,
  IdentificationOp,
  IdentityReportRecord,
  OpChange,
  PinRecord,
  TimelineEntry,
} from '../identification/model/computer-records.js';
import type { ComputerRepository, IdentificationMemo } from '../identification/port/computer-repository.js';
import { asJson, compareText, copy, digestOf, foldAsciiCase, key, linkedTenantOf, orderBy, type MemoryTables } from './memory-tables.js';

const refKey = (ref: AgentRef): string => key(ref.integrationId, ref.agentId);

/** Identification persistence: computers, links, pins, timeline, operations, conflicts, identity reports. */
export class MemoryComputerRepository implements ComputerRepository {
  constructor(private readonly tables: MemoryTables) {}

  async get(computerId: string): Promise<ComputerRecord | undefined> {
    return copy(this.tables.rows.computers.get(computerId));
  }

  async agentsOf(computerId: string): Promise<AgentRef[]> {
    const { agents } = this.tables.rows;
    const links = [...this.tables.rows.agentLinks.values()].filter((l) => l.computerId === computerId);
    return orderBy(links, (l) => ({ desc: agents.get(refKey(l))?.lastSeen }), (l) => l.integrationId, (l) => l.agentId).map((l) => ({ integrationId: l.integrationId, agentId: l.agentId }));
  }

  async computerOf(agent: AgentRef): Promise<string | undefined> {
    return this.tables.rows.agentLinks.get(refKey(agent))?.computerId;
  }

  async list(filter: { tenantId?: string; includeRetired?: boolean } = {}): Promise<ComputerRecord[]> {
    const computers = [...this.tables.rows.computers.values()].filter(
      (c) => (filter.tenantId === undefined || c.tenantId === filter.tenantId) && (filter.includeRetired === true || c.retiredAt === undefined),
    );
    return orderBy(copy(computers), (c) => c.tenantId, (c) => c.name, (c) => c.id);
  }

  async page(query: ComputerPageQuery): Promise<ComputerSummary[]> {
    const prefix = query.search ? foldAsciiCase(query.search) : undefined;
    const after = query.after && { name: foldAsciiCase(query.after.name), id: query.after.id };
    const fits = (c: ComputerRecord): boolean => {
      const name = foldAsciiCase(c.name);
      return (
        (query.tenantId === undefined || c.tenantId === query.tenantId) &&
        (query.includeRetired === true || c.retiredAt === undefined) &&
        (prefix === undefined || name.startsWith(prefix)) &&
        (after === undefined || compareText(name, after.name) > 0 || (name === after.name && compareText(c.id, after.id) > 0))
      );
    };
    const computers = orderBy(copy([...this.tables.rows.computers.values()].filter(fits)), (c) => foldAsciiCase(c.name), (c) => c.id).slice(0, query.limit);
    const { agentLinks, conflicts } = this.tables.rows;
    return computers.map((c) => {
      const links = [...agentLinks.values()].filter((l) => l.computerId === c.id);
      return {
        ...c,
        agents: links.length,
        staleAgents: links.filter((l) => (l.flags & 1) !== 0).length,
        needsIdentity: links.filter((l) => (l.flags & 2) !== 0).length,
        openConflicts: [...conflicts.values()].filter((k) => k.status === 'open' && k.computerIds.includes(c.id)).length,
      };
    });
  }

  async loadAll(): Promise<{ computers: ComputerRecord[]; links: AgentLinkRecord[]; pins: PinRecord[] }> {
    const { computers, agentLinks, pins } = this.tables.rows;
    return copy({ computers: [...computers.values()], links: [...agentLinks.values()], pins: [...pins.values()] });
  }

  async linksOf(computerId: string): Promise<AgentLinkRecord[]> {
    const links = [...this.tables.rows.agentLinks.values()].filter((l) => l.computerId === computerId);
    return orderBy(copy(links), (l) => l.integrationId, (l) => l.agentId);
  }

  async getLink(agent: AgentRef): Promise<AgentLinkRecord | undefined> {
    return copy(this.tables.rows.agentLinks.get(refKey(agent)));
  }

  async linksToTenant(tenantId: string): Promise<AgentLinkRecord[]> {
    const { computers } = this.tables.rows;
    return copy([...this.tables.rows.agentLinks.values()].filter((l) => computers.get(l.computerId)?.tenantId === tenantId));
  }

  async tenantsWithActiveComputers(): Promise<string[]> {
    const tenants = new Set([...this.tables.rows.computers.values()].filter((c) => c.retiredAt === undefined).map((c) => c.tenantId));
    return orderBy([...tenants], (t) => t);
  }

  async counts(): Promise<{ computers: number; links: number }> {
    return { computers: this.tables.rows.computers.size, links: this.tables.rows.agentLinks.size };
  }

  async upsertComputers(rows: readonly ComputerRecord[]): Promise<void> {
    const { computers } = this.tables.rows;
    for (const c of rows) {
      // An update keeps when the computer was created, as the SQL upsert does.
      const createdAt = computers.get(c.id)?.createdAt ?? c.createdAt;
      computers.set(c.id, {
        id: c.id, tenantId: c.tenantId, name: c.name, createdAt, osInstallDate: c.osInstallDate, wipedInstallDate: c.wipedInstallDate, retiredAt: c.retiredAt,
      });
    }
    this.tables.changed(rows.length);
  }

  async upsertLinks(rows: readonly AgentLinkRecord[]): Promise<void> {
    for (const l of rows) {
      this.tables.rows.agentLinks.set(refKey(l), {
        integrationId: l.integrationId, agentId: l.agentId, computerId: l.computerId, evidence: l.evidence, flags: l.flags, linkedAt: l.linkedAt,
      });
    }
    this.tables.changed(rows.length);
  }

  /** Nothing to suspend in memory: a plain unit of work. */
  async bulkLoad<T>(work: () => Promise<T>): Promise<T> {
    return this.tables.transaction(work);
  }

  async inputFingerprint(): Promise<string> {
    const { agents, pins, identityReports, computers, agentLinks, conflicts } = this.tables.rows;
    const linkedAgents = [...agents.values()].flatMap((a) => {
      const tenantId = linkedTenantOf(this.tables, a);
      return tenantId === undefined || a.goneAt !== undefined ? [] : [[a, tenantId]];
    });
    return digestOf([
      linkedAgents,
      orderBy([...pins.values()], (p) => p.integrationId, (p) => p.agentId),
      orderBy([...identityReports.values()], (r) => r.integrationId, (r) => r.agentId).map(({ lastError: _lastError, at: _at, ...read }) => read),
      [...computers.values()],
      [...agentLinks.values()],
      orderBy([...conflicts.values()], (c) => c.id).map((c) => [c.id, c.status, c.computerIds, c.ambiguousAgents, c.detail]),
    ]);
  }

  async deleteLinks(refs: readonly AgentRef[]): Promise<void> {
    for (const ref of refs) if (this.tables.rows.agentLinks.delete(refKey(ref))) this.tables.changed();
  }

  async deleteLinksTo(rows: readonly (AgentRef & { computerId: string })[]): Promise<number> {
    let deleted = 0;
    for (const row of rows) {
      if (this.tables.rows.agentLinks.get(refKey(row))?.computerId !== row.computerId) continue;
      this.tables.rows.agentLinks.delete(refKey(row));
      deleted++;
    }
    this.tables.changed(deleted);
    return deleted;
  }

  async setPins(rows: readonly PinRecord[]): Promise<void> {
    for (const p of rows) this.tables.rows.pins.set(refKey(p), { integrationId: p.integrationId, agentId: p.agentId, computerId: p.computerId, opId: p.opId, at: p.at });
    this.tables.changed(rows.length);
  }

  async deletePins(refs: readonly AgentRef[]): Promise<void> {
    for (const ref of refs) if (this.tables.rows.pins.delete(refKey(ref))) this.tables.changed();
  }

  async listPins(computerId?: string): Promise<PinRecord[]> {
    const pins = [...this.tables.rows.pins.values()].filter((p) => computerId === undefined || p.computerId === computerId);
    return orderBy(copy(pins), (p) => p.integrationId, (p) => p.agentId);
  }

  async appendTimeline(entries: readonly Omit<TimelineEntry, 'seq'>[]): Promise<void> {
    for (const e of entries) {
      const seq = ++this.tables.rows.sequences.timeline;
      this.tables.rows.timeline.push({ seq, computerId: e.computerId, at: e.at, kind: e.kind, opId: e.opId, summary: e.summary, details: asJson(e.details) });
    }
    this.tables.changed(entries.length);
  }

  async timeline(computerId: string): Promise<TimelineEntry[]> {
    return copy(this.tables.rows.timeline.filter((e) => e.computerId === computerId));
  }

  async recordOp(op: IdentificationOp, changes: readonly OpChange[]): Promise<void> {
    const { ops } = this.tables.rows;
    // Operations are what undo replays: an id is never reused, as SQLite's primary key refuses it.
    if (ops.has(op.id)) throw new Error(`identification operation ${op.id} already exists`);
    ops.set(op.id, {
      op: { id: op.id, kind: op.kind, actor: op.actor, at: op.at, summary: op.summary, undoneAt: undefined, undoneBy: undefined },
      changes: changes.map((c) => ({ entity: c.entity, key: c.key, before: c.before, after: c.after })),
    });
    this.tables.changed(1 + changes.length);
  }

  async getOp(opId: string): Promise<{ op: IdentificationOp; changes: OpChange[] } | undefined> {
    return copy(this.tables.rows.ops.get(opId));
  }

  async markOpUndone(opId: string, undoneBy: string, at: string): Promise<void> {
    const stored = this.tables.rows.ops.get(opId);
    if (stored === undefined) return;
    Object.assign(stored.op, { undoneAt: at, undoneBy });
    this.tables.changed();
  }

  async upsertConflicts(rows: readonly ConflictRecord[]): Promise<void> {
    const { conflicts } = this.tables.rows;
    for (const c of rows) {
      // An update keeps when the conflict was first seen, as the SQL upsert does.
      const firstSeenAt = conflicts.get(c.id)?.firstSeenAt ?? c.firstSeenAt;
      conflicts.set(c.id, {
        id: c.id, kind: c.kind, tenantIds: asJson(c.tenantIds), key: c.key, computerIds: asJson(c.computerIds), ambiguousAgents: asJson(c.ambiguousAgents),
        detail: c.detail, status: c.status, resolution: c.resolution, resolvedBy: c.resolvedBy, resolvedAt: c.resolvedAt, firstSeenAt, updatedAt: c.updatedAt,
      });
    }
    this.tables.changed(rows.length);
  }

  async getConflict(id: string): Promise<ConflictRecord | undefined> {
    return copy(this.tables.rows.conflicts.get(id));
  }

  async listConflicts(filter: { status?: ConflictStatus; tenantId?: string } = {}): Promise<ConflictRecord[]> {
    const conflicts = [...this.tables.rows.conflicts.values()].filter(
      (c) => (filter.status === undefined || c.status === filter.status) && (filter.tenantId === undefined || c.tenantIds.includes(filter.tenantId)),
    );
    return orderBy(copy(conflicts), (c) => c.firstSeenAt, (c) => c.id);
  }

  async openConflictCounts(): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const c of this.tables.rows.conflicts.values()) if (c.status === 'open') counts[c.kind] = (counts[c.kind] ?? 0) + 1;
    return counts;
  }

  async conflictPage(query: ConflictPageQuery): Promise<ConflictRecord[]> {
    const conflicts = [...this.tables.rows.conflicts.values()].filter(
      (c) =>
        (query.status === undefined || c.status === query.status) &&
        (query.tenantId === undefined || c.tenantIds.includes(query.tenantId)) &&
        (query.kind === undefined || c.kind === query.kind) &&
        (query.after === undefined || compareText(c.id, query.after) > 0),
    );
    return orderBy(copy(conflicts), (c) => c.id).slice(0, query.limit);
  }

  async upsertIdentityReports(rows: readonly IdentityReportRecord[]): Promise<void> {
    const reports = this.tables.rows.identityReports;
    for (const r of rows) {
      // The answer a script gave stays, whatever a later attempt that failed says.
      if (reports.get(refKey(r))?.status === 'ok' && r.status === 'failed') continue;
      reports.set(refKey(r), {
        integrationId: r.integrationId, agentId: r.agentId, status: r.status, identity: r.identity, attempts: r.attempts,
        lastError: r.lastError, nextAttemptAt: r.nextAttemptAt, at: r.at,
      });
      this.tables.changed();
    }
  }

  async listIdentityReports(): Promise<IdentityReportRecord[]> {
    return orderBy(copy([...this.tables.rows.identityReports.values()]), (r) => r.integrationId, (r) => r.agentId);
  }

  async identificationMemo(): Promise<IdentificationMemo | undefined> {
    return copy(this.tables.rows.identificationMemo);
  }

  async recordIdentificationMemo(memo: IdentificationMemo): Promise<void> {
    this.tables.rows.identificationMemo = copy(memo);
    this.tables.changed();
  }
}
