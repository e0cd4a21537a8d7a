import type { RmmKind } from './fleet.types.js';
import type { Rng } from './prng.js';

/**
 * The in-memory skeleton of a fleet: who owns which machines (as index ranges), which RMM
 * clients list which machines (as a few machine-index segments), and each client's contiguous
 * agent-index range. Everything per agent is derived from this on demand.
 */

/** The owner of a contiguous run of machine indices: a tenant, or an orphan RMM client. */
export interface Owner {
  /** Index into the fleet's tenants of the machines' true tenant (the MSP for orphans). */
  tenantIndex: number;
  /** Set for an orphan client's machines: the RMM it lives in. */
  orphanRmm?: RmmKind | undefined;
  machineStart: number;
  machineCount: number;
  /** RMM presence of a tenant; orphans are in `orphanRmm` only. */
  inNcentral: boolean;
  inAutomate: boolean;
  /**
   * Machines are laid out `[both-regular][both-misfiled][ncentral-only][automate-only]`,
   * so membership is arithmetic on the offset within the owner.
   */
  both: number;
  ncOnly: number;
  cwOnly: number;
  /** Machines at the end of the both-block that `wrongRmm` files under another tenant. */
  misfiled: number;
  wrongRmm: RmmKind;
  /** Hostname prefix and naming scheme of the tenant. */
  hostPrefix: string;
  hostScheme: 'prefix-role' | 'desktop-random' | 'prefix-num';
}

/** A run of consecutive machine indices. */
export interface Segment {
  start: number;
  count: number;
}

/** A site / location: a contiguous sub-range of its client's agent range. */
export interface SubRange {
  id: number;
  start: number;
  end: number;
}

/** Everything needed to derive one RMM client's agents. */
export interface ClientLayout {
  rmm: RmmKind;
  clientId: number;
  /** Tenant index of the client, or -1 for an orphan client. */
  tenantIndex: number;
  /** The machines the client lists as live agents, in order. */
  segments: Segment[];
  primaryCount: number;
  /** Stale agents (reinstall, then wipe) come first in the range, before the live ones. */
  reinstallCount: number;
  wipeCount: number;
  reinstallPhase: number;
  wipePhase: number;
  rangeStart: number;
  rangeEnd: number;
  /** Sites (N-central) or locations (Automate), contiguous, in order; may not cover the whole range in N-central. */
  sub: SubRange[];
  /** N-central only: whether this customer's first live agent runs a Windows probe. */
  hasProbe: boolean;
}

/** Rounds `x` up or down at random so that the expectation is exactly `x`. */
export function randomRound(rng: Rng, x: number): number {
  const f = Math.floor(x);
  return f + (rng.next() < x - f ? 1 : 0);
}

/** Splits `total` into parts proportional to `weights` (largest remainder, exact sum). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map((_, i) => (i === 0 ? total : 0));
  const raw = weights.map((w) => (w / sum) * total);
  const out = raw.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) {
    const i = (order[k] as readonly [number, number])[1];
    out[i] = (out[i] as number) + 1;
  }
  return out;
}

/** The live machines an owner puts under its own client in `rmm`. */
export function ownSegments(o: Owner, rmm: RmmKind): Segment[] {
  if (o.orphanRmm !== undefined) return o.orphanRmm === rmm ? [{ start: o.machineStart, count: o.machineCount }] : [];
  const s = o.machineStart;
  const regular = o.both - o.misfiled;
  const segs: Segment[] = [{ start: s, count: regular }];
  if (o.wrongRmm !== rmm) segs.push({ start: s + regular, count: o.misfiled });
  if (rmm === 'ncentral') segs.push({ start: s + o.both, count: o.ncOnly });
  else segs.push({ start: s + o.both + o.ncOnly, count: o.cwOnly });
  return segs.filter((g) => g.count > 0);
}

/** The machine index at position `pos` of a client's live list. */
export function machineAt(segments: readonly Segment[], pos: number): number {
  let p = pos;
  for (const g of segments) {
    if (p < g.count) return g.start + p;
    p -= g.count;
  }
  throw new RangeError(`position ${pos} is outside the client's live agents`);
}

/** Binary search: the last element whose `key` is ≤ `value` (elements sorted by key). */
export function findLast<T>(items: readonly T[], key: (t: T) => number, value: number): T | undefined {
  let lo = 0;
  let hi = items.length - 1;
  let found: T | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const item = items[mid] as T;
    if (key(item) <= value) {
      found = item;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * Splits a client's agent range into `parts` contiguous chunks with random proportions.
 * Returns `parts` [start, end) pairs covering [start, end) in order.
 */
export function splitRange(rng: Rng, start: number, end: number, parts: number): [number, number][] {
  const sizes = apportion(end - start, Array.from({ length: parts }, () => 0.3 + rng.next()));
  const out: [number, number][] = [];
  let at = start;
  for (const n of sizes) {
    out.push([at, at + n]);
    at += n;
  }
  return out;
}
