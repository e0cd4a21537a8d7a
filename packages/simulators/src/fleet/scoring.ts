/**
 * Scoring what an integration layer concluded against a fleet's ground truth. Plain data in,
 * numbers out, so the demo, the accuracy suites and the benchmarks share one definition.
 *
 * Linking
 * - precision: share of automatic links whose tenant is the client's true tenant (a client
 *   that belongs to no tenant has none, so any automatic link of one is wrong);
 * - recall: share of clients that truly belong to a tenant whose true tenant is linked
 *   automatically or among its suggestions. Clients a person linked are left out of both.
 *
 * Identification (pairwise, over agent pairs)
 * - precision: of the agent pairs put in one computer, the share that run on one machine;
 * - recall: of the agent pairs that run on one machine AND sit in one tenant, the share put
 *   in one computer (pairs split across tenants must not merge: they are conflicts);
 * - recallIdentified: the same, over pairs whose agents both carry an identity. An agent left
 *   flagged needs-identity (no hardware identifier reported, and no identity script could
 *   reach it: offline, or an N-central probe) is kept apart on purpose — merging it would
 *   take the hostname alone — so it is counted separately, in `unidentifiedAgents`;
 * - crossTenantMerges: computers holding agents of more than one tenant (must be 0).
 */

export interface ScoredLink {
  key: string;
  tenantId: string;
  source: 'auto' | 'manual';
}

export interface LinkScore {
  autoLinks: number;
  wrongAutoLinks: number;
  precision: number;
  belonging: number;
  found: number;
  recall: number;
}

export function scoreLinks(
  links: readonly ScoredLink[],
  suggestions: readonly { key: string; tenantId: string }[],
  truth: ReadonlyMap<string, string | null>,
): LinkScore {
  const manual = new Set(links.filter((l) => l.source === 'manual').map((l) => l.key));
  const auto = new Map(links.filter((l) => l.source === 'auto').map((l) => [l.key, l.tenantId]));
  const suggested = new Map<string, Set<string>>();
  for (const s of suggestions) suggested.set(s.key, (suggested.get(s.key) ?? new Set()).add(s.tenantId));
  let wrong = 0;
  for (const [key, tenant] of auto) if (truth.get(key) !== tenant) wrong++;
  let belonging = 0;
  let found = 0;
  for (const [key, tenant] of truth) {
    if (tenant === null || manual.has(key)) continue;
    belonging++;
    if (auto.get(key) === tenant || suggested.get(key)?.has(tenant)) found++;
  }
  return {
    autoLinks: auto.size,
    wrongAutoLinks: wrong,
    precision: auto.size === 0 ? 1 : (auto.size - wrong) / auto.size,
    belonging,
    found,
    recall: belonging === 0 ? 1 : found / belonging,
  };
}

export interface ScoredAgent {
  /** The computer the layer put the agent in. */
  computer: string;
  /** The machine the agent truly runs on. */
  machine: string;
  /** The tenant the agent was attributed to (its client's link). */
  tenantId: string;
  /** False for an agent the layer flagged as lacking an identity. @default true */
  identified?: boolean;
}

export interface PairScore {
  precision: number;
  recall: number;
  /** Recall over every true pair, including pairs across tenants that must not be merged. */
  recallAllPairs: number;
  /** Recall over same-tenant pairs of agents that both carry an identity. */
  recallIdentified: number;
  unidentifiedAgents: number;
  crossTenantMerges: number;
  truePairs: number;
  predictedPairs: number;
}

/** Linear in the number of agents: pairs are counted from group sizes (n choose 2). */
export function scorePairs(agents: Iterable<ScoredAgent>): PairScore {
  const c2 = (n: number): number => (n * (n - 1)) / 2;
  const computerSize = new Map<string, number>();
  const machineSize = new Map<string, number>();
  const machineTenantSize = new Map<string, number>();
  const cellSize = new Map<string, number>();
  const sameTenantCellSize = new Map<string, number>();
  const tenantsOfComputer = new Map<string, Set<string>>();
  const identifiedMachineTenant = new Map<string, number>();
  const identifiedCell = new Map<string, number>();
  let unidentifiedAgents = 0;
  const bump = (map: Map<string, number>, key: string): void => void map.set(key, (map.get(key) ?? 0) + 1);
  for (const a of agents) {
    bump(computerSize, a.computer);
    bump(machineSize, a.machine);
    bump(machineTenantSize, `${a.machine}\u0000${a.tenantId}`);
    bump(cellSize, `${a.computer}\u0000${a.machine}`);
    bump(sameTenantCellSize, `${a.computer}\u0000${a.machine}\u0000${a.tenantId}`);
    if (a.identified === false) unidentifiedAgents++;
    else {
      bump(identifiedMachineTenant, `${a.machine}\u0000${a.tenantId}`);
      bump(identifiedCell, `${a.computer}\u0000${a.machine}\u0000${a.tenantId}`);
    }
    const tenants = tenantsOfComputer.get(a.computer) ?? new Set<string>();
    tenantsOfComputer.set(a.computer, tenants.add(a.tenantId));
  }
  const pairs = (map: Map<string, number>): number => {
    let total = 0;
    for (const n of map.values()) total += c2(n);
    return total;
  };
  const tp = pairs(cellSize);
  const predictedPairs = pairs(computerSize);
  const truePairs = pairs(machineSize);
  const sameTenantPairs = pairs(machineTenantSize);
  const identifiedPairs = pairs(identifiedMachineTenant);
  return {
    precision: predictedPairs === 0 ? 1 : tp / predictedPairs,
    recall: sameTenantPairs === 0 ? 1 : pairs(sameTenantCellSize) / sameTenantPairs,
    recallAllPairs: truePairs === 0 ? 1 : tp / truePairs,
    recallIdentified: identifiedPairs === 0 ? 1 : pairs(identifiedCell) / identifiedPairs,
    unidentifiedAgents,
    crossTenantMerges: [...tenantsOfComputer.values()].filter((s) => s.size > 1).length,
    truePairs,
    predictedPairs,
  };
}
