/**
 * `hub.computers`: the computers identified across RMMs, one computer with its evidence and
 * history, the conflict queue, and the decisions on it. Every read of identification data the
 * facade offers goes through this file.
 */
import type { ComputerDetail, ComputerPageQuery, ComputerQueries, ComputerSummary, ConflictPageQuery, ConflictRecord, ConflictResolution, ConflictStatus, DecisionOutcome, IdentificationService } from '@rmm-hub/core';

/** Who decides, for the audit log, and why. */
export interface Decider {
  /** Who decides (a user name, `system:...` for automation). */
  actor: string;
  /** Why, for the audit log. */
  reason?: string;
}

/** Computers and their conflicts. */
export class HubComputers {
  /** @internal Built by RmmHub. */
  constructor(
    private readonly queries: ComputerQueries,
    private readonly identification: IdentificationService,
  ) {}

  /** Every computer, with counts of its agents and open conflicts; retired ones only on request. */
  async list(filter: { tenantId?: string; includeRetired?: boolean } = {}): Promise<ComputerSummary[]> {
    return this.queries.listComputers(filter);
  }

  /** One page of computers in (name without case, id) order, filtered and counted in the store: for lists that must stay fast at any fleet size. */
  page(query: ComputerPageQuery): Promise<ComputerSummary[]> {
    return this.queries.page(query);
  }

  /** One computer: its agents with each link's evidence, its conflicts and, on request, its timeline; undefined when unknown. */
  async describe(computerId: string, options: { timeline?: boolean } = {}): Promise<ComputerDetail | undefined> {
    return this.queries.describeComputer(computerId, options);
  }

  /** The conflict queue: open conflicts by default. */
  async conflicts(filter: { status?: ConflictStatus | 'all'; tenantId?: string } = {}): Promise<ConflictRecord[]> {
    return this.queries.listConflicts(filter);
  }

  /** One page of the conflict queue in id order, filtered in the store: for lists that must stay fast however long the queue. */
  conflictPage(query: ConflictPageQuery): Promise<ConflictRecord[]> {
    return this.queries.conflictPage(query);
  }

  /** Resolves a conflict (merge, keep apart, mark wiped); the outcome names the operation to undo it. */
  async resolveConflict(conflictId: string, resolution: ConflictResolution, decider: Decider): Promise<DecisionOutcome> {
    return this.identification.resolveConflict(conflictId, resolution, decider);
  }

  /** Undoes an identification operation (a merge, split or resolution) by its id from a timeline. */
  async undo(opId: string, decider: Decider): Promise<DecisionOutcome> {
    return this.identification.undo(opId, decider);
  }
}
