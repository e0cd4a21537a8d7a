/**
 * Which records of a page an upsert writes, and how the page counts: the same answer a
 * row-by-row upsert gives (a record repeated in the page is compared with its earlier self),
 * worked out in memory against the stored hashes so the writes can go in one statement.
 */
import type { UpsertCounts } from '@rmm-hub/core';

export interface Candidate<R> {
  key: string;
  hash: string;
  record: R;
}

export interface StoredState {
  hash: string;
  /** Marked gone: writing the record again brings it back. */
  gone: boolean;
}

export interface UpsertPlan<R> {
  counts: UpsertCounts;
  /** The last version of every record to write, one per key. */
  writes: Candidate<R>[];
}

export interface PlanRules<R, S extends StoredState> {
  /** What is stored once `candidate` is written. */
  written(candidate: Candidate<R>): S;
  /** Whether a record whose content is unchanged must be written all the same (an agent's presence that moved far enough). */
  stale(stored: S, record: R): boolean;
}

export function planUpserts<R, S extends StoredState>(candidates: readonly Candidate<R>[], stored: ReadonlyMap<string, S>, rules: PlanRules<R, S>): UpsertPlan<R> {
  const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  const state = new Map<string, S>(stored);
  const writes = new Map<string, Candidate<R>>();
  for (const candidate of candidates) {
    const existing = state.get(candidate.key);
    if (existing === undefined) counts.inserted++;
    else if (existing.hash !== candidate.hash || existing.gone || rules.stale(existing, candidate.record)) counts.updated++;
    else {
      counts.unchanged++;
      continue;
    }
    state.set(candidate.key, rules.written(candidate));
    writes.set(candidate.key, candidate);
  }
  return { counts, writes: [...writes.values()] };
}
