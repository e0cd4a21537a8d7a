/**
 * What people read of identification's results — the CLI's `computers`, `computers --conflicts`
 * and `computer <id> [--timeline]` — answered from the store. Reading never runs the engine;
 * `IdentificationService` runs it and carries out decisions.
 */
import type { Store } from '../store/store.js';
import { decodeEvidence, LinkFlags } from './evidence-codec.js';
import type { LinkEvidence } from './identification.types.js';
import type { AgentRef } from './model/agent-records.js';
import type { ComputerPageQuery, ComputerRecord, ComputerSummary, ConflictPageQuery, ConflictRecord, ConflictStatus, TimelineEntry } from './model/computer-records.js';

/** `rmm-hub computer <id>`. */
export interface ComputerDetail {
  computer: ComputerRecord;
  agents: { agent: AgentRef; evidence: LinkEvidence; stale: boolean; needsIdentity: boolean; linkedAt: string }[];
  conflicts: ConflictRecord[];
  timeline?: TimelineEntry[] | undefined;
}

export class ComputerQueries {
  constructor(private readonly store: Store) {}

  /** `rmm-hub computers`: computers with agent counts and open conflicts. */
  async listComputers(filter: { tenantId?: string; includeRetired?: boolean } = {}): Promise<ComputerSummary[]> {
    const computers = await this.store.computers.list(filter);
    const { links } = await this.store.computers.loadAll();
    const stats = new Map<string, { agents: number; stale: number; needs: number }>();
    for (const link of links) {
      const s = stats.get(link.computerId) ?? { agents: 0, stale: 0, needs: 0 };
      s.agents++;
      if (link.flags & LinkFlags.stale) s.stale++;
      if (link.flags & LinkFlags.needsIdentity) s.needs++;
      stats.set(link.computerId, s);
    }
    const conflicts = new Map<string, number>();
    for (const c of await this.store.computers.listConflicts({ status: 'open' })) for (const id of c.computerIds) conflicts.set(id, (conflicts.get(id) ?? 0) + 1);
    return computers.map((c) => {
      const s = stats.get(c.id);
      return { ...c, agents: s?.agents ?? 0, staleAgents: s?.stale ?? 0, needsIdentity: s?.needs ?? 0, openConflicts: conflicts.get(c.id) ?? 0 };
    });
  }

  /** One page of computers in (name without case, id) order, counted in the store: what a console lists, whatever the fleet's size. */
  page(query: ComputerPageQuery): Promise<ComputerSummary[]> {
    return this.store.computers.page(query);
  }

  /** `rmm-hub computers --conflicts`: the conflict queue (open ones by default). */
  async listConflicts(filter: { status?: ConflictStatus | 'all'; tenantId?: string } = {}): Promise<ConflictRecord[]> {
    const status = filter.status ?? 'open';
    return await this.store.computers.listConflicts({ ...(status === 'all' ? {} : { status }), ...(filter.tenantId === undefined ? {} : { tenantId: filter.tenantId }) });
  }

  /** One page of the conflict queue in id order, filtered in the store: what a console lists, however long the queue. */
  conflictPage(query: ConflictPageQuery): Promise<ConflictRecord[]> {
    return this.store.computers.conflictPage(query);
  }

  /** `rmm-hub computer <id> [--timeline]`: its agents with evidence, its conflicts, its timeline. */
  async describeComputer(computerId: string, options: { timeline?: boolean } = {}): Promise<ComputerDetail | undefined> {
    const computer = await this.store.computers.get(computerId);
    if (computer === undefined) return undefined;
    const agents = (await this.store.computers.linksOf(computerId)).map((l) => ({
      agent: { integrationId: l.integrationId, agentId: l.agentId },
      evidence: decodeEvidence(l.evidence),
      stale: (l.flags & LinkFlags.stale) !== 0,
      needsIdentity: (l.flags & LinkFlags.needsIdentity) !== 0,
      linkedAt: l.linkedAt,
    }));
    const conflicts = (await this.store.computers.listConflicts()).filter((c) => c.computerIds.includes(computerId));
    return { computer, agents, conflicts, ...(options.timeline ? { timeline: await this.store.computers.timeline(computerId) } : {}) };
  }
}
