/**
 * What the two plugin listing benchmarks share: consume a ListComputers stream while sampling
 * the heap (after a GC, when exposed), and tell whether the heap stayed flat from the first
 * quarter of the run to the last — the streaming claim, measured.
 */
import type { RmmAgentInput } from '@rmm-hub/core/plugin';

export interface HeapSample {
  agents: number;
  heapMiB: number;
  rssMiB: number;
  seconds: number;
}

export interface ListingMeasurement {
  count: number;
  idSum: number;
  withUuid: number;
  samples: HeapSample[];
  seconds: number;
}

const MiB = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10;

export async function measureListing(agents: AsyncIterable<RmmAgentInput>, expected: number, gc: (() => void) | undefined): Promise<ListingMeasurement> {
  const started = performance.now();
  const samples: HeapSample[] = [];
  let count = 0;
  let idSum = 0;
  let withUuid = 0;
  const every = Math.max(1000, Math.floor(expected / 50));
  for await (const agent of agents) {
    count++;
    idSum += Number(agent.id);
    if (agent.identity?.smbiosUuid) withUuid++;
    if (count % every === 0) {
      gc?.();
      const m = process.memoryUsage();
      samples.push({ agents: count, heapMiB: MiB(m.heapUsed), rssMiB: MiB(m.rss), seconds: Math.round((performance.now() - started) / 100) / 10 });
    }
  }
  return { count, idSum, withUuid, samples, seconds: (performance.now() - started) / 1000 };
}

/** Mean heap of the first and last quarter of the samples; flat when it grew by at most 32 MiB. */
export function heapTrend(samples: readonly HeapSample[]): { firstQuarterMiB: number; lastQuarterMiB: number; flat: boolean } {
  const quarter = Math.max(1, Math.floor(samples.length / 4));
  const avg = (xs: number[]): number => Math.round((xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)) * 10) / 10;
  const firstQuarterMiB = avg(samples.slice(0, quarter).map((s) => s.heapMiB));
  const lastQuarterMiB = avg(samples.slice(-quarter).map((s) => s.heapMiB));
  return { firstQuarterMiB, lastQuarterMiB, flat: lastQuarterMiB - firstQuarterMiB <= 32 };
}
