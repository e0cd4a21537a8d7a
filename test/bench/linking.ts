/**
 * Benchmark of the linking engine at scale, beside a naive baseline.
 *
 * Data: the simulator's fleet generator (its tenant names, name variants, orphan clients, PSA
 * and external ids at the default mess rates) with `tenants` tenants; the first `clients`
 * linkable RMM clients (N-central customers, then Automate clients) are linked against all
 * tenants. The MSP's clients are linked by hand first, as the product requires.
 *
 * Ours: `suggestLinks` over everything (normalisation, blocking, scoring, assignment), timed
 * end to end; `ms` is the median of `runs` runs (the first warms the JIT and is included).
 * Baseline: for each client, the best Dice-coefficient match among all tenant names from the
 * `string-similarity` package (`findBestMatch`); a best match rated ≥ `baselineAutoRating`
 * counts as its auto-link, and the best match counts as its one suggestion. Dice over every
 * tenant is O(clients × tenants), so it runs on a sample of `baselineSample` clients and its
 * time is extrapolated to all clients (`baseline.extrapolated`).
 *
 * Precision and recall are defined in ../support/linking-metrics.ts.
 */
import { suggestLinks, type ActiveDecision, type LinkingClient, type LinkingResult } from '@rmm-hub/core';
import { generateFleet } from '@rmm-hub/simulators';
import stringSimilarity from 'string-similarity';

import { fleetClients, refKey } from '../support/fleet-clients.js';
import { linkingAccuracy } from '../support/linking-metrics.js';

export interface BenchLinkingOptions {
  clients?: number;
  tenants?: number;
  seed?: number;
  runs?: number;
  baselineSample?: number;
  baselineAutoRating?: number;
}

export interface BenchLinkingResult {
  clients: number;
  tenants: number;
  /** Median wall-clock time of the runs. */
  ms: number;
  runsMs: number[];
  /** Median CPU time (user + system) of the runs: steadier than wall time on a shared machine. */
  cpuMs: number;
  precision: number;
  recall: number;
  autoLinks: number;
  suggested: number;
  candidatePairs: number;
  baseline: { precision: number; recall: number; ms: number; sampled: number; sampleMs: number; extrapolated: boolean };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? (s[(s.length - 1) / 2] as number) : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};

export function benchLinking(options: BenchLinkingOptions = {}): BenchLinkingResult {
  const { clients: clientCount = 10_000, tenants: tenantCount = 10_000, seed = 2025, runs = 5, baselineSample = 500, baselineAutoRating = 0.8 } = options;
  // About 1.6 linkable clients per tenant come out of a fleet; 20 devices per tenant keeps it small.
  const fleet = generateFleet({ seed, devices: Math.min(200_000, Math.max(tenantCount * 20, Math.ceil(clientCount * 12.5))), tenants: tenantCount });
  const data = fleetClients(fleet);
  const linkable = data.clients.filter((c) => c.kind === 'customer' || c.kind === 'client');
  if (linkable.length < clientCount) throw new RangeError(`the fleet has only ${linkable.length} linkable clients; ask for fewer`);
  const clients: LinkingClient[] = linkable.slice(0, clientCount);
  const truth = new Map(data.truth);
  const chosen = new Set(clients.map((c) => refKey(c.integrationId, c.id)));
  for (const k of [...truth.keys()]) if (!chosen.has(k)) truth.delete(k);
  const decisions: ActiveDecision[] = [...truth]
    .filter(([, t]) => t === data.mspTenantId)
    .map(([k], i) => {
      const [integrationId = '', clientId = ''] = k.split('/');
      return { id: `msp-${i}`, integrationId, clientId, kind: 'link', tenantId: data.mspTenantId, actor: 'bench', decidedAt: '2025-06-01T00:00:00.000Z' };
    });

  const runsMs: number[] = [];
  const cpu: number[] = [];
  let result: LinkingResult | undefined;
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    result = suggestLinks({ clients, tenants: data.tenants, decisions });
    runsMs.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  if (!result) throw new RangeError('runs must be at least 1');
  const ours = linkingAccuracy(result, truth);

  // Baseline on an evenly spread sample of the clients.
  const step = Math.max(1, Math.floor(clients.length / baselineSample));
  const sample = clients.filter((_, i) => i % step === 0).slice(0, baselineSample);
  const names = data.tenants.map((t) => t.name);
  let auto = 0;
  let autoRight = 0;
  let belonging = 0;
  let found = 0;
  const t0 = performance.now();
  for (const c of sample) {
    const { bestMatch, bestMatchIndex } = stringSimilarity.findBestMatch(c.name, names);
    const best = data.tenants[bestMatchIndex]?.id;
    const want = truth.get(refKey(c.integrationId, c.id));
    if (want === data.mspTenantId) continue;
    if (bestMatch.rating >= baselineAutoRating) {
      auto++;
      if (best === want) autoRight++;
    }
    if (want !== null && want !== undefined) {
      belonging++;
      if (best === want) found++;
    }
  }
  const sampleMs = performance.now() - t0;
  return {
    clients: clients.length,
    tenants: data.tenants.length,
    ms: Math.round(median(runsMs)),
    runsMs: runsMs.map(Math.round),
    cpuMs: Math.round(median(cpu)),
    precision: ours.precision,
    recall: ours.recall,
    autoLinks: ours.autoLinks,
    suggested: result.stats.suggested,
    candidatePairs: result.stats.candidatePairs,
    baseline: {
      precision: auto === 0 ? 1 : autoRight / auto,
      recall: belonging === 0 ? 1 : found / belonging,
      ms: Math.round((sampleMs * clients.length) / sample.length),
      sampled: sample.length,
      sampleMs: Math.round(sampleMs),
      extrapolated: sample.length < clients.length,
    },
  };
}
