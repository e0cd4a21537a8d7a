/** What identification leaves in a store, to compare two ways of reaching it. */
import type { Store } from '@rmm-hub/core';

/** Active computers, links and the conflict queue, each as sorted strings. */
export async function identificationOutcome(store: Store): Promise<{ computers: string[]; links: string[]; conflicts: string[] }> {
  const all = await store.computers.loadAll();
  return {
    computers: all.computers.filter((c) => c.retiredAt === undefined).map((c) => `${c.tenantId}:${c.id}`).sort(),
    links: all.links.map((l) => `${l.integrationId}/${l.agentId}>${l.computerId}:${l.evidence}`).sort(),
    conflicts: (await store.computers.listConflicts()).map((c) => `${c.id}:${c.status}:${c.kind}:${c.computerIds.join(',')}`).sort(),
  };
}
