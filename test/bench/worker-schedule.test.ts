/**
 * The workers benchmark's yardstick (./worker-schedule.ts): the longest-processing-time schedule
 * of the 1-worker run's job times, and the ratios a run is judged by.
 */
import { describe, expect, it } from 'vitest';

import { lptMakespan, makespanLowerBound, scalingRatios } from './worker-schedule.js';

describe('worker schedule', () => {
  it('gives each job, longest first, to the worker that frees up first', () => {
    // Four long N-central syncs and four short Automate ones.
    const jobs = [100, 100, 100, 100, 10, 10, 10, 10];
    expect(lptMakespan(jobs, 1)).toBe(440);
    expect(lptMakespan(jobs, 2)).toBe(220);
    expect(lptMakespan(jobs, 4)).toBe(110);
    // Greedy: 7 | 6 | 5, then 4 → 5's worker, 3 → 6's, 3 → 7's: 10.
    expect(lptMakespan([3, 3, 4, 5, 6, 7], 3)).toBe(10);
  });

  it('cannot beat the longest job, nor spread work over more workers than jobs', () => {
    expect(lptMakespan([300, 10, 10, 10], 2)).toBe(300);
    expect(lptMakespan([50, 40], 4)).toBe(50);
    expect(makespanLowerBound([300, 10, 10, 10], 2)).toBe(300);
    expect(makespanLowerBound([100, 100, 100], 2)).toBe(150);
    expect(lptMakespan([], 2)).toBe(0);
  });

  it('refuses a worker count that is not a positive integer', () => {
    expect(() => lptMakespan([1], 0)).toThrow(/positive integer/);
    expect(() => lptMakespan([1], 1.5)).toThrow(/positive integer/);
  });

  it('judges an N-worker run against linear scaling and against the schedule, which differ when jobs are unequal', () => {
    // One job as long as the other two together: 2 workers can at best end at 200, and 4 can do no better.
    const jobs = [200, 100, 100];
    const oneWorker = 410;
    expect(scalingRatios(oneWorker, jobs, 2, 205)).toEqual({ toLinear: 1, toSchedule: 0.976, scheduleMs: 200, lowerBoundMs: 200 });
    expect(scalingRatios(oneWorker, jobs, 4, 205)).toEqual({ toLinear: 0.5, toSchedule: 0.976, scheduleMs: 200, lowerBoundMs: 200 });
  });
});
