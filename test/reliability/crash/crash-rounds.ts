/**
 * What the kill -9 suites share, whichever store they crash: where kills land (stages and
 * seeded points), syncing until the state no longer moves, and how two dumps differ.
 */
import { expect } from 'vitest';

import type { Rng } from '@rmm-hub/simulators';

import { lostSince, type StateDump } from '../support/state.js';
import { runCliChild } from './cli-child.js';

/** Where kills land: the sync's set-up, its agent batches, identification's write transaction. */
export const STAGES = { setup: /^(started|clients|linking):/, agents: /^agents:/, identification: /^identification:/ } as const;
export type Stage = keyof typeof STAGES;
export const stageOf = (point: string): Stage | undefined => (Object.keys(STAGES) as Stage[]).find((stage) => STAGES[stage].test(point));

/** A seeded point to kill at: a stage first (so each is hit about as often), then a point of it. */
export function choosePoint(rng: Rng, points: readonly string[]): string {
  const stage = rng.pick(Object.keys(STAGES) as Stage[]);
  return rng.pick(points.filter((p) => stageOf(p) === stage));
}

/**
 * Runs `rmm-hub sync --json` until a run writes nothing (the state no longer moves). Returns
 * the crash points the first sync passed: where a sync from the same state can be killed.
 */
export async function syncUntilStable(config: string, cwd: string): Promise<{ syncs: number; ms: number; firstPoints: string[] }> {
  let ms = 0;
  let firstPoints: string[] = [];
  for (let syncs = 1; syncs <= 5; syncs++) {
    const run = await runCliChild(['--config', config, 'sync', '--json'], { cwd, crashPoints: {} });
    ms += run.ms;
    if (syncs === 1) firstPoints = run.points;
    if (run.code !== 0) throw new Error(`sync exited ${run.code}: ${run.stderr.slice(0, 500)} ${run.stdout.slice(0, 500)}`);
    const report = JSON.parse(run.stdout) as { rowsWritten: number };
    if (report.rowsWritten === 0) return { syncs, ms, firstPoints };
  }
  throw new Error('five syncs in a row kept writing: the state never settled');
}

/** Lines only one of two dumps has, marked `+` (crashed run) or `-` (reference); at most 20. */
export function difference(ours: StateDump, theirs: StateDump): string[] {
  const out: string[] = [];
  for (const kind of ['clients', 'agents', 'links', 'computers'] as const) {
    const a = new Set(ours[kind]);
    const b = new Set(theirs[kind]);
    for (const line of a) if (!b.has(line)) out.push(`+ ${kind}: ${line}`);
    for (const line of b) if (!a.has(line)) out.push(`- ${kind}: ${line}`);
  }
  // Show, for the first few keys, both versions side by side.
  const key = (line: string): string => line.slice(2).split('|')[0] ?? line;
  const sorted = out.sort((x, y) => key(x).localeCompare(key(y)) || x.localeCompare(y));
  return sorted.length > 20 ? [`${out.length} lines differ`, ...sorted.slice(0, 20)] : sorted;
}

export interface KillRecord {
  round: number;
  /** The crash point the run was killed at (crash-point.mjs names them). */
  at: string;
  killed: boolean;
  integrity: string;
  foreignKeyViolations: number;
  lost: number;
  /** What the killed run had stored so far (agents), to show where kills landed. */
  agentsAtKill: number;
  computersAtKill: number;
}

export interface RoundRecord {
  round: number;
  kills: number;
  syncsToSettle: number;
  equalsReference: boolean;
}

/** A store's state and consistency right after a run: `integrity` is 'ok' when the store finds nothing wrong with itself. */
export interface Inspection {
  dump: StateDump;
  integrity: string;
  foreignKeyViolations: number;
  /** Sync runs by status. */
  runs: Record<string, number>;
}

export interface CrashRoundOptions {
  round: number;
  /** Where each killed run of the round stops, in order. */
  points: readonly string[];
  /** The config whose store is the round's own copy of the prepared store. */
  config: string;
  cwd: string;
  inspect(): Promise<Inspection> | Inspection;
  prepared: StateDump;
  reference: StateDump;
}

/** One round: `points.length` killed syncs in a row on the round's store, then syncs until settled. */
export async function crashRound(o: CrashRoundOptions): Promise<{ kills: KillRecord[]; round: RoundRecord }> {
  const { round } = o;
  const kills: KillRecord[] = [];
  for (const [k, at] of o.points.entries()) {
    // Every run of a round reaches the reference's points again: a kill undoes nothing stored
    // before it, and identification (always last) commits only when the run is done.
    const run = await runCliChild(['--config', o.config, 'sync', '--json'], { cwd: o.cwd, crashPoints: { killAt: at } });
    const after = await o.inspect();
    const record: KillRecord = {
      round,
      at,
      killed: run.killed,
      integrity: after.integrity,
      foreignKeyViolations: after.foreignKeyViolations,
      lost: lostSince(o.prepared, after.dump).length,
      agentsAtKill: after.dump.agents.length,
      computersAtKill: after.dump.computers.length,
    };
    kills.push(record);
    expect(after.integrity, `round ${round} kill ${k} at ${at}`).toBe('ok');
    expect(after.foreignKeyViolations, `round ${round} kill ${k} at ${at}`).toBe(0);
    expect(record.lost, `round ${round} kill ${k}: records of the prepared state lost`).toBe(0);
  }
  const settled = await syncUntilStable(o.config, o.cwd);
  const final = await o.inspect();
  expect(final.integrity, `round ${round}`).toBe('ok');
  expect(final.foreignKeyViolations, `round ${round}`).toBe(0);
  expect(final.runs['running'] ?? 0, `round ${round}: a killed run is still marked running after the next sync`).toBe(0);
  expect(difference(final.dump, o.reference), `round ${round}`).toEqual([]);
  return { kills, round: { round, kills: o.points.length, syncsToSettle: settled.syncs, equalsReference: JSON.stringify(final.dump) === JSON.stringify(o.reference) } };
}
