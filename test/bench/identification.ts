/**
 * Benchmark of computer identification, persistence included: a simulated fleet's agents
 * (default mess rates, their clients linked to the true tenants) identified by the service as
 * the sync runs it — every agent's identifiers streamed from the store once through the survey,
 * then tenant by tenant: read its agents again, match, write computers and links, all in one
 * transaction. Seeding the store (the sync's job) is not timed; where the run's time went is
 * reported with it (`phases`). The same run with the agents handed over in memory is timed beside it. Reports pairwise precision/recall against the fleet's truth for
 * our engine (without identity scripts) and for a naive baseline (hostname, then serial).
 */
import { IdentificationService, type IdentificationAgent } from '@rmm-hub/core';
import { generateFleet } from '@rmm-hub/simulators';

import { fleetAgents, naiveBaseline, pairwiseAccuracy, seedStore } from '../support/fleet-agents.js';
import { openBenchStore, type BenchStoreKind } from './bench-store.js';

export interface IdentificationBenchOptions {
  /** Agents to identify (taken from a fleet large enough to hold them). @default 200000 */
  agents?: number;
  seed?: number;
  /** SQLite path; `:memory:` by default. */
  path?: string;
  /** The store identified into. @default 'sqlite' */
  store?: BenchStoreKind;
}

export interface IdentificationBenchResult {
  agents: number;
  computers: number;
  /** Wall time of the identification run as the sync runs it (agents streamed from the store), persistence included. */
  ms: number;
  /** Where `ms` went, as the run reports it (`IdentificationRunSummary.phases`), rounded. */
  phases: { surveyMs: number; readMs: number; identifyMs: number; writeMs: number };
  /** The same run with the agents handed over in memory. */
  inMemoryMs: number;
  agentsPerSecond: number;
  /** A second run with nothing changed: should write nothing. */
  rerunMs: number;
  rerunRowsChanged: number;
  precision: number;
  recall: number;
  /** Over pairs of agents that carry an identity (see scorePairs). */
  recallIdentified: number;
  unidentifiedAgents: number;
  crossTenantMerges: number;
  conflicts: number;
  baseline: { precision: number; recall: number; crossTenantMerges: number };
}

/** Runs the benchmark once. */
export async function benchIdentification(opts: IdentificationBenchOptions = {}): Promise<IdentificationBenchResult> {
  const target = opts.agents ?? 200_000;
  // About 1.46 agents per device at the default mess rates; derive the fleet size from that.
  const fleet = generateFleet({ seed: opts.seed ?? 7, devices: Math.min(200_000, Math.max(10, Math.ceil(target / 1.4))) });
  const truth = fleetAgents(fleet, target);
  const kind = opts.store ?? 'sqlite';
  const store = await openBenchStore(kind, { path: opts.path ?? ':memory:', schema: 'bench_identification' });
  try {
    await seedStore(store, fleet, truth.agents);
    const service = new IdentificationService({ store });

    // The sync's path: agents streamed from the store tenant by tenant.
    const started = performance.now();
    const run = await service.run();
    const ms = performance.now() - started;
    if (run.agents !== truth.agents.length) throw new Error(`the store path saw ${run.agents} agents of ${truth.agents.length}`);

    const before = await store.changes();
    const rerunStarted = performance.now();
    await service.run();
    const rerunMs = performance.now() - rerunStarted;
    const rerunRowsChanged = await store.changes() - before;

    // The same agents handed over in memory (no second read), into a fresh store.
    const inMemoryMs = await timeInMemory(fleet, truth.agents, kind, opts.path);

    const stored = (await store.computers.loadAll()).links;
    const links = new Map(stored.map((l) => [`${l.integrationId}/${l.agentId}`, l.computerId]));
    const unidentified = new Set(run.needsIdentityAgents.map((a) => `${a.integrationId}/${a.agentId}`));
    const ours = pairwiseAccuracy(truth.agents, (key) => links.get(key) as string, truth, (key) => !unidentified.has(key));
    const naive = pairwiseAccuracy(truth.agents, naiveBaseline(truth.agents), truth);
    return {
      agents: truth.agents.length,
      computers: run.computers,
      ms: Math.round(ms),
      phases: {
        surveyMs: Math.round(run.phases.surveyMs), readMs: Math.round(run.phases.readMs),
        identifyMs: Math.round(run.phases.identifyMs), writeMs: Math.round(run.phases.writeMs),
      },
      agentsPerSecond: Math.round(truth.agents.length / (ms / 1000)),
      inMemoryMs: Math.round(inMemoryMs),
      rerunMs: Math.round(rerunMs),
      rerunRowsChanged,
      precision: round(ours.precision),
      recall: round(ours.recall),
      recallIdentified: round(ours.recallIdentified),
      unidentifiedAgents: ours.unidentifiedAgents,
      crossTenantMerges: ours.crossTenantMerges,
      conflicts: run.conflicts.length,
      baseline: { precision: round(naive.precision), recall: round(naive.recall), crossTenantMerges: naive.crossTenantMerges },
    };
  } finally {
    await store.close();
  }
}

async function timeInMemory(fleet: ReturnType<typeof generateFleet>, agents: readonly IdentificationAgent[], kind: BenchStoreKind, path: string | undefined): Promise<number> {
  const store = await openBenchStore(kind, { path: path === undefined ? ':memory:' : `${path}.in-memory`, schema: 'bench_identification_in_memory' });
  try {
    await seedStore(store, fleet, agents);
    const started = performance.now();
    await new IdentificationService({ store }).run(agents);
    return performance.now() - started;
  } finally {
    await store.close();
  }
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
