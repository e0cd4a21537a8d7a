/**
 * Benchmark of computer identification, persistence included: a simulated fleet's agents
 * (default mess rates) identified by the service into a fresh SQLite store — load state, run
 * the engine, write computers and links in one transaction. Seeding the agents table (the
 * sync's job) is not timed. Reports pairwise precision/recall against the fleet's truth for
 * our engine (without identity scripts) and for a naive baseline (hostname, then serial).
 */
import { IdentificationService } from '@rmm-hub/core';
import { generateFleet } from '@rmm-hub/simulators';
import { SqliteStore } from '@rmm-hub/store-sqlite';

import { fleetAgents, naiveBaseline, pairwiseAccuracy, seedStore } from '../support/fleet-agents.js';

export interface IdentificationBenchOptions {
  /** Agents to identify (taken from a fleet large enough to hold them). @default 200000 */
  agents?: number;
  seed?: number;
  /** SQLite path; `:memory:` by default. */
  path?: string;
}

export interface IdentificationBenchResult {
  agents: number;
  computers: number;
  /** Wall time of the identification run, persistence included. */
  ms: number;
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
export function benchIdentification(opts: IdentificationBenchOptions = {}): IdentificationBenchResult {
  const target = opts.agents ?? 200_000;
  // About 1.46 agents per device at the default mess rates; derive the fleet size from that.
  const fleet = generateFleet({ seed: opts.seed ?? 7, devices: Math.min(200_000, Math.max(10, Math.ceil(target / 1.4))) });
  const truth = fleetAgents(fleet, target);
  const store = SqliteStore.open({ path: opts.path ?? ':memory:' });
  try {
    seedStore(store, fleet, truth.agents);
    const service = new IdentificationService({ store });

    const started = performance.now();
    const run = service.run(truth.agents);
    const ms = performance.now() - started;

    const before = store.changes();
    const rerunStarted = performance.now();
    service.run(truth.agents);
    const rerunMs = performance.now() - rerunStarted;
    const rerunRowsChanged = store.changes() - before;

    const stored = store.computers.loadAll().links;
    const links = new Map(stored.map((l) => [`${l.integrationId}/${l.agentId}`, l.computerId]));
    const unidentified = new Set(run.needsIdentityAgents.map((a) => `${a.integrationId}/${a.agentId}`));
    const ours = pairwiseAccuracy(truth.agents, (key) => links.get(key) as string, truth, (key) => !unidentified.has(key));
    const naive = pairwiseAccuracy(truth.agents, naiveBaseline(truth.agents), truth);
    return {
      agents: truth.agents.length,
      computers: run.computers,
      ms: Math.round(ms),
      agentsPerSecond: Math.round(truth.agents.length / (ms / 1000)),
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
    store.close();
  }
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
