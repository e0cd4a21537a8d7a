/**
 * Scores what the demo's run concluded against the simulator's ground truth: the links and
 * suggestions against which tenant each client really belongs to, the computers against
 * which machine each agent really runs on.
 */
import type { LinksView, Store } from '@rmm-hub/core';
import { scoreLinks, scorePairs, type Fleet, type LinkScore, type PairScore, type RmmKind, type ScoredAgent } from '@rmm-hub/simulators';

export interface DemoAccuracy {
  linking: LinkScore;
  identification: PairScore & { agentsScored: number };
}

export async function scoreDemo(input: {
  fleet: Fleet;
  store: Store;
  view: LinksView;
  rmmOf: (integrationId: string) => RmmKind | undefined;
  linkableKinds: readonly string[];
}): Promise<DemoAccuracy> {
  const { fleet, store, view, rmmOf } = input;
  const key = (integrationId: string, clientId: string): string => `${integrationId}/${clientId}`;

  const truth = new Map<string, string | null>();
  for (const client of await store.clients.list()) {
    const rmm = rmmOf(client.integrationId);
    if (!rmm || !input.linkableKinds.includes(client.kind)) continue;
    truth.set(key(client.integrationId, client.id), fleet.truth.tenantOfClient(rmm, Number(client.id)));
  }
  const linking = scoreLinks(
    view.links.map((l) => ({ key: key(l.integrationId, l.clientId), tenantId: l.tenantId, source: l.source })),
    view.suggestions.map((s) => ({ key: key(s.integrationId, s.clientId), tenantId: s.tenantId })),
    truth,
  );

  // Flag bit 2 marks an agent the engine left needing an identity (see evidence-codec.ts).
  const NEEDS_IDENTITY = 2;
  const unidentified = new Set(
    (await store.computers.loadAll()).links.filter((l) => (l.flags & NEEDS_IDENTITY) !== 0).map((l) => `${l.integrationId}/${l.agentId}`),
  );
  const scored: ScoredAgent[] = [];
  for await (const agent of store.agents.iterateLinked()) {
    const rmm = rmmOf(agent.integrationId);
    const computer = await store.computers.computerOf({ integrationId: agent.integrationId, agentId: agent.agentId });
    if (!rmm || !computer) continue;
    const machine = fleet.truth.machineOfAgent(rmm, Number(agent.agentId)) ?? `unknown:${agent.integrationId}/${agent.agentId}`;
    scored.push({ computer, machine, tenantId: agent.tenantId, identified: !unidentified.has(`${agent.integrationId}/${agent.agentId}`) });
  }
  return { linking, identification: { ...scorePairs(scored), agentsScored: scored.length } };
}
