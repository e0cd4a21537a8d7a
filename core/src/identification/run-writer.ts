/**
 * Writes one identification run, tenant by tenant: only computers, links and conflicts that
 * changed; agents that moved between computers as one undoable operation with timeline
 * entries; wipes as lifecycle entries (once per install). A run equal to what is stored writes
 * nothing at all. Each tenant's stored state is read just before its run and dropped after,
 * so memory follows the largest tenant, not the fleet.
 */
import type { EmitEvent } from '../events/events.js';
import type { AgentRef } from './model/agent-records.js';
import type { AgentLinkRecord, ComputerRecord, ConflictRecord, OpChange, TimelineEntry } from './model/computer-records.js';
import type { Store } from '../store/store.js';
import { encodeEvidence, LinkFlags } from './evidence-codec.js';
import type { ConflictResult, LifecycleEvent, PriorComputer } from './identification.types.js';
import { parseAgentKey } from './identification.types.js';
import type { PriorLookup, TenantIdentification } from './tenant-identification.js';

/** What a run changed. */
export interface RunCounts {
  computers: number;
  computersCreated: number;
  computersUpdated: number;
  computersRetired: number;
  links: number;
  linksWritten: number;
  linksRemoved: number;
  agentsMoved: number;
  conflictsOpened: number;
  conflictsCleared: number;
  lifecycleEvents: number;
  needsIdentity: number;
  stale: number;
}

/** What is stored of one tenant, as its run starts. */
export interface TenantState {
  /** The tenant's computers, retired ones included. */
  computers: Map<string, ComputerRecord>;
  /** Links of the tenant's agents (wherever they point) and links to the tenant's computers. */
  links: Map<string, AgentLinkRecord>;
}

/**
 * Rows buffered before a write, across tenants: most tenants have fewer rows than one of the
 * repository's multi-row statements takes, and row-at-a-time inserts cost far more.
 * A few statements' worth and no more: buffered rows outlive the collector's young generation
 * and are promoted, so a bigger buffer leaves heap behind that the process then keeps as its
 * peak, for no time saved.
 */
const WRITE_CHUNK = 512;

export class RunWriter {
  readonly counts: RunCounts = {
    computers: 0, computersCreated: 0, computersUpdated: 0, computersRetired: 0,
    links: 0, linksWritten: 0, linksRemoved: 0, agentsMoved: 0,
    conflictsOpened: 0, conflictsCleared: 0, lifecycleEvents: 0, needsIdentity: 0, stale: 0,
  };
  private readonly moves: OpChange[] = [];
  private readonly wipes: LifecycleEvent[] = [];
  /** Links to a tenant's computers whose agent that tenant no longer has: deleted at the end unless another tenant took the agent. */
  private readonly orphans: (AgentRef & { computerId: string })[] = [];
  private readonly events: (() => void)[] = [];
  /**
   * Computers created, as id and tenant pairs (flat), announced at the end. Plain strings
   * rather than a closure per computer: a first run creates one per agent, and closures would
   * hold every computer's whole result until the run ends.
   */
  private readonly created: string[] = [];
  private readonly computerRows: ComputerRecord[] = [];
  private readonly linkRows: AgentLinkRecord[] = [];
  /** Stored computers of other tenants looked up during the run (few: moved agents' old computers). */
  private readonly elsewhere = new Map<string, PriorComputer | undefined>();

  /** `stored`: what the store held as the run began (an empty store needs no lookups at all). */
  constructor(
    private readonly store: Store,
    private readonly ctx: { at: string; actor: string; newOpId: () => string; emit: EmitEvent | undefined },
    private readonly stored: { computers: number; links: number },
  ) {}

  /**
   * The stored state of one tenant whose agents have the keys `agentKeys`, with the computers
   * of other tenants its links and `pins` point at (the engine looks them up synchronously).
   */
  async stateOf(tenantId: string, agentKeys: readonly string[], pins: ReadonlyMap<string, string>): Promise<TenantState> {
    const state: TenantState = { computers: new Map(), links: new Map() };
    const repo = this.store.computers;
    if (this.stored.computers > 0) for (const c of await repo.list({ tenantId, includeRetired: true })) state.computers.set(c.id, c);
    if (this.stored.links > 0) {
      for (const l of await repo.linksToTenant(tenantId)) state.links.set(`${l.integrationId}/${l.agentId}`, l);
      // An agent whose client was linked to another tenant before: its link points there.
      for (const key of agentKeys) {
        if (state.links.has(key)) continue;
        const link = await repo.getLink(parseAgentKey(key));
        if (link !== undefined) state.links.set(key, link);
      }
    }
    if (this.stored.computers > 0) {
      const pointedAt = [...[...state.links.values()].map((l) => l.computerId), ...agentKeys.map((key) => pins.get(key))];
      for (const id of pointedAt) {
        if (id === undefined || state.computers.has(id) || this.elsewhere.has(id)) continue;
        const c = await repo.get(id);
        this.elsewhere.set(id, c === undefined ? undefined : { tenantId: c.tenantId, hostname: c.name, osInstallDate: c.osInstallDate });
      }
    }
    return state;
  }

  /** The previous run, as the engine asks for it, for one tenant. */
  priorOf(state: TenantState, pins: ReadonlyMap<string, string>): PriorLookup {
    return {
      link: (key) => state.links.get(key)?.computerId,
      pin: (key) => pins.get(key),
      computer: (id) => {
        const own = state.computers.get(id);
        if (own !== undefined) return { tenantId: own.tenantId, hostname: own.name, osInstallDate: own.osInstallDate };
        return this.elsewhere.get(id);
      },
    };
  }

  /** Writes what changed for one tenant (inside the caller's transaction). */
  async writeTenant(part: TenantIdentification, state: TenantState): Promise<void> {
    const { at, emit } = this.ctx;
    const counts = this.counts;
    counts.computers += part.computers.length;
    counts.links += part.links.length;

    // Lifecycle first: it decides the computers' wipedInstallDate.
    const wipes = new Map<string, LifecycleEvent>();
    for (const event of part.lifecycle) {
      if (state.computers.get(event.computerId)?.wipedInstallDate !== event.osInstallDate) wipes.set(event.computerId, event);
    }
    this.wipes.push(...wipes.values());

    let kept = 0;
    for (const c of part.computers) {
      const existing = state.computers.get(c.id);
      if (existing !== undefined) kept++;
      const row: ComputerRecord = {
        id: c.id,
        tenantId: c.tenantId,
        name: c.name,
        createdAt: existing?.createdAt ?? at,
        osInstallDate: c.osInstallDate,
        wipedInstallDate: wipes.get(c.id)?.osInstallDate ?? existing?.wipedInstallDate,
        retiredAt: undefined,
      };
      if (existing === undefined) {
        counts.computersCreated++;
        this.computerRows.push(row);
        if (emit) this.created.push(c.id, c.tenantId);
      } else if (
        existing.tenantId !== row.tenantId || existing.name !== row.name || existing.osInstallDate !== row.osInstallDate ||
        existing.wipedInstallDate !== row.wipedInstallDate || existing.retiredAt !== undefined
      ) {
        counts.computersUpdated++;
        this.computerRows.push(row);
      }
      if (this.computerRows.length >= WRITE_CHUNK) await this.flush();
    }
    if (kept < state.computers.size) {
      const active = new Set(part.computers.map((c) => c.id));
      for (const existing of state.computers.values()) {
        if (existing.retiredAt === undefined && !active.has(existing.id)) {
          counts.computersRetired++;
          this.computerRows.push({ ...existing, retiredAt: at });
          if (this.computerRows.length >= WRITE_CHUNK) await this.flush();
        }
      }
    }

    let found = 0;
    for (const link of part.links) {
      const evidence = encodeEvidence(link.evidence);
      const flags = (link.stale ? LinkFlags.stale : 0) | (link.needsIdentity ? LinkFlags.needsIdentity : 0);
      if (link.stale) counts.stale++;
      if (link.needsIdentity) counts.needsIdentity++;
      const existing = state.links.get(link.key);
      if (existing !== undefined) found++;
      if (existing !== undefined && existing.computerId === link.computerId && existing.evidence === evidence && existing.flags === flags) continue;
      if (existing !== undefined && existing.computerId !== link.computerId) {
        this.moves.push({ entity: 'link', key: link.key, before: existing.computerId, after: link.computerId });
      }
      counts.linksWritten++;
      this.linkRows.push({
        integrationId: link.integrationId,
        agentId: link.agentId,
        computerId: link.computerId,
        evidence,
        flags,
        linkedAt: existing !== undefined && existing.computerId === link.computerId ? existing.linkedAt : at,
      });
      if (this.linkRows.length >= WRITE_CHUNK) await this.flush();
    }
    if (found < state.links.size) {
      const current = new Set(part.links.map((l) => l.key));
      for (const [key, link] of state.links) if (!current.has(key)) this.orphans.push({ ...parseAgentKey(key), computerId: link.computerId });
    }
  }

  /**
   * Writes the computers and links still buffered. Buffered rows never concern another
   * tenant's read (an agent, and a computer, belong to one tenant in a run), so they may wait.
   */
  async flush(): Promise<void> {
    // Computers before links: links reference them. splice hands the repository an array of
    // its own and empties ours.
    if (this.computerRows.length > 0) await this.store.computers.upsertComputers(this.computerRows.splice(0));
    if (this.linkRows.length > 0) await this.store.computers.upsertLinks(this.linkRows.splice(0));
  }

  /**
   * Ends the run: orphaned links, the undoable operation and timeline, the conflict queue
   * (`conflicts` replace the stored conflicts among tenants that `concerns` the run, and only those).
   * `announce` sends the run's events: the caller calls it once its unit of work has committed,
   * so listeners never hear of a computer that was rolled back.
   */
  async finish(conflicts: readonly ConflictResult[], concerns: (tenantIds: readonly string[]) => boolean = () => true): Promise<{ counts: RunCounts; opId: string | undefined; announce: () => void }> {
    const { at, emit } = this.ctx;
    const repo = this.store.computers;
    // Orphans are deleted only if still pointing at their old computer: after every upsert.
    await this.flush();
    const counts = this.counts;
    counts.linksRemoved = this.orphans.length === 0 ? 0 : await repo.deleteLinksTo(this.orphans);
    counts.agentsMoved = this.moves.length;
    let opId: string | undefined;
    if (this.moves.length > 0 || this.wipes.length > 0) {
      opId = this.ctx.newOpId();
      await repo.recordOp({ id: opId, kind: 'run', actor: this.ctx.actor, at, summary: `identification: ${this.moves.length} agent(s) moved, ${this.wipes.length} wipe(s)` }, this.moves);
      await repo.appendTimeline(timelineOf(this.moves, this.wipes, opId, at, emit, this.events));
      counts.lifecycleEvents = this.wipes.length;
    }
    const conflictCounts = await persistConflicts(this.store, conflicts, concerns, at, emit, this.events);
    counts.conflictsOpened = conflictCounts.opened;
    counts.conflictsCleared = conflictCounts.cleared;
    const events = this.events.splice(0);
    const created = this.created.splice(0);
    const announce = (): void => {
      for (let i = 0; i < created.length; i += 2) emit?.('computer:created', { computerId: created[i] as string, tenantId: created[i + 1] as string });
      for (const fire of events) fire();
    };
    return { counts, opId, announce };
  }

}

/** Timeline entries for the run's moves (one per computer joined or left) and wipes. */
function timelineOf(
  moves: readonly OpChange[],
  wipes: readonly LifecycleEvent[],
  opId: string,
  at: string,
  emit: EmitEvent | undefined,
  events: (() => void)[],
): Omit<TimelineEntry, 'seq'>[] {
  const timeline: Omit<TimelineEntry, 'seq'>[] = [];
  const into = new Map<string, { agent: string; from: string }[]>();
  const outOf = new Map<string, { agent: string; to: string }[]>();
  for (const move of moves) {
    const from = move.before as string;
    const to = move.after as string;
    (into.get(to) ?? into.set(to, []).get(to))?.push({ agent: move.key, from });
    (outOf.get(from) ?? outOf.set(from, []).get(from))?.push({ agent: move.key, to });
  }
  for (const [computerId, agents] of into) {
    timeline.push({ computerId, at, kind: 'merged', opId, summary: `${agents.length} agent(s) joined from ${[...new Set(agents.map((a) => a.from))].join(', ')}`, details: { agents } });
    if (emit) events.push(() => emit('computer:merged', { computerId, agents: agents.map((a) => parseAgentKey(a.agent)) }));
  }
  for (const [computerId, agents] of outOf) {
    timeline.push({ computerId, at, kind: 'split', opId, summary: `${agents.length} agent(s) left for ${[...new Set(agents.map((a) => a.to))].join(', ')}`, details: { agents } });
    if (emit) for (const to of new Set(agents.map((a) => a.to))) events.push(() => emit('computer:split', { computerId, newComputerId: to }));
  }
  for (const event of wipes) {
    timeline.push({
      computerId: event.computerId, at, kind: 'wiped', opId,
      summary: `re-imaged: ${event.previousHostname ?? '?'} → ${event.hostname}, OS installed ${event.osInstallDate}`,
      details: { ...event },
    });
    if (emit) events.push(() => emit('computer:lifecycle', { computerId: event.computerId, event: 'wiped' }));
  }
  return timeline;
}

/** The conflict queue after a run: new conflicts open, changed ones update, vanished open ones (that concern the run) clear. */
async function persistConflicts(store: Store, conflicts: readonly ConflictResult[], concerns: (tenantIds: readonly string[]) => boolean, at: string, emit: EmitEvent | undefined, events: (() => void)[]): Promise<{ opened: number; cleared: number }> {
  const repo = store.computers;
  const existing = new Map((await repo.listConflicts()).map((c) => [c.id, c]));
  const rows: ConflictRecord[] = [];
  let opened = 0;
  let cleared = 0;
  const current = new Set<string>();
  for (const c of conflicts) {
    current.add(c.id);
    const before = existing.get(c.id);
    const status = before === undefined || before.status === 'cleared' ? 'open' : before.status;
    const row: ConflictRecord = {
      id: c.id, kind: c.kind, tenantIds: c.tenantIds, key: c.key, computerIds: c.computerIds, ambiguousAgents: c.ambiguousAgents,
      detail: c.detail, status, resolution: before?.resolution, resolvedBy: before?.resolvedBy, resolvedAt: before?.resolvedAt,
      firstSeenAt: before?.firstSeenAt ?? at, updatedAt: at,
    };
    if (
      before !== undefined && before.status === status && before.detail === row.detail &&
      before.computerIds.join(',') === row.computerIds.join(',') && JSON.stringify(before.ambiguousAgents) === JSON.stringify(row.ambiguousAgents)
    ) continue;
    if (status === 'open' && before?.status !== 'open') {
      opened++;
      if (emit) events.push(() => emit('computer:conflict', { conflictId: c.id, kind: c.kind }));
    }
    rows.push(row);
  }
  for (const before of existing.values()) {
    if (before.status === 'open' && !current.has(before.id) && concerns(before.tenantIds)) {
      cleared++;
      rows.push({ ...before, status: 'cleared', updatedAt: at });
    }
  }
  if (rows.length > 0) await repo.upsertConflicts(rows);
  return { opened, cleared };
}
