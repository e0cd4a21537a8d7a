/**
 * What N workers could at best achieve on a set of jobs, given how long each took alone: the
 * yardstick of the workers benchmark. "N workers are N× faster" holds only when the jobs split
 * evenly; with unequal jobs (a 10,000-device N-central sync waits on its identity reads, an
 * Automate one does not) no schedule beats the longest job, nor the total work ÷ N.
 */

/**
 * The longest-processing-time-first schedule (Graham): each job, longest first, goes to the
 * worker that frees up first; returns when the last one ends. Within 4/3 of the optimum, and the
 * optimum itself for the small sets here when jobs are near-equal.
 */
export function lptMakespan(durations: readonly number[], workers: number): number {
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`workers must be a positive integer, got ${workers}`);
  const loads = new Array<number>(workers).fill(0);
  for (const d of [...durations].sort((a, b) => b - a)) {
    let least = 0;
    for (let w = 1; w < workers; w++) if (loads[w]! < loads[least]!) least = w;
    loads[least]! += d;
  }
  return Math.max(...loads);
}

/** No schedule of these jobs on N workers ends sooner than the longest job, nor than the total ÷ N. */
export function makespanLowerBound(durations: readonly number[], workers: number): number {
  const total = durations.reduce((sum, d) => sum + d, 0);
  return Math.max(total / workers, ...durations, 0);
}

/** How one N-worker run compares with the 1-worker run of the same jobs. */
export interface ScalingRatios {
  /** 1-worker wall ÷ N ÷ N-worker wall: 1 when N workers are exactly N× faster. */
  toLinear: number;
  /** The LPT schedule of the 1-worker run's job times on N workers ÷ N-worker wall: 1 when the run did as well as that schedule. */
  toSchedule: number;
  /** The LPT schedule's makespan (ms), the achievable ideal. */
  scheduleMs: number;
  /** max(longest job, total ÷ N) (ms): nothing beats it. */
  lowerBoundMs: number;
}

/**
 * `oneWorkerWallMs` and `jobMs` come from the 1-worker run (its jobs ran one after another, so
 * each one's time is its own); `wallMs` is the N-worker run's.
 */
export function scalingRatios(oneWorkerWallMs: number, jobMs: readonly number[], workers: number, wallMs: number): ScalingRatios {
  const scheduleMs = lptMakespan(jobMs, workers);
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  return { toLinear: round(oneWorkerWallMs / workers / wallMs), toSchedule: round(scheduleMs / wallMs), scheduleMs: Math.round(scheduleMs), lowerBoundMs: Math.round(makespanLowerBound(jobMs, workers)) };
}
