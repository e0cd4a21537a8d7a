/**
 * Gives every agent of a listed page its hardware identity before the page is stored: the one
 * the listing carried, else one read now through GetComputerIdentity where `identity-refresh.ts`
 * says it is needed, else the one stored.
 */
import type { AgentIdentity, IdentifiedAgent, RmmAgent } from '../capabilities/agent.schema.js';
import type { Host } from '../host/host.js';
import type { Store } from '../store/store.js';
import { identityBasis, identityReadReason, type IdentityReadReason } from './identity-refresh.js';
import { ReadSlots } from './read-slots.js';

/** What filling one page took. */
export interface ListedIdentities {
  agents: IdentifiedAgent[];
  /** Identities read from the RMM, by why they were read. */
  read: Record<IdentityReadReason, number>;
  /** Reads that failed: the agent keeps what was stored and is read again next sync. */
  failures: { agentId: string; message: string }[];
  /**
   * The reads to record once the page is stored (`recordIdentityChecks`): recorded only after,
   * so a crash in between reads them again rather than trusting an identity never written.
   */
  checks: { agentId: string; basis: string }[];
}

export interface ListedIdentitiesOptions {
  host: Host;
  store: Store;
  integrationId: string;
  refreshDays: number;
  now: Date;
  /** Shared by the pages of one listing; a page's own by default. */
  slots?: ReadSlots | undefined;
  signal?: AbortSignal | undefined;
}

const UNKNOWN: AgentIdentity = { macAddresses: [] };
/**
 * Reads under way at once. The plugin's HTTP client keeps the RMM's own cap (N-central: 3 asset
 * reads); this only keeps each read's call timeout, which runs while it waits for that cap,
 * from being spent queueing behind a whole page of reads.
 */
export const READS_IN_FLIGHT = 16;

export async function withIdentities(page: readonly RmmAgent[], options: ListedIdentitiesOptions): Promise<ListedIdentities> {
  const { host, store, integrationId, refreshDays, now, signal } = options;
  const result: ListedIdentities = { agents: [], read: { new: 0, changed: 0, refresh: 0 }, failures: [], checks: [] };
  const unlisted = page.filter((agent) => agent.identity === undefined);
  if (unlisted.length === 0) {
    result.agents = page as IdentifiedAgent[];
    return result;
  }
  const stored = await store.agents.identitiesOf(integrationId, unlisted.map((agent) => agent.id));
  const canRead = host.supports(integrationId, 'GetComputerIdentity');
  const due: string[] = [];
  if (canRead) {
    for (const agent of unlisted) {
      const reason = identityReadReason(integrationId, agent, stored.get(agent.id), now, refreshDays);
      if (reason === undefined) continue;
      result.read[reason]++;
      due.push(agent.id);
    }
  }
  const outcomes = new Map<string, PromiseSettledResult<AgentIdentity>>();
  const slots = options.slots ?? new ReadSlots(READS_IN_FLIGHT);
  await Promise.all(
    due.map((agentId) =>
      slots.run(async () => {
        try {
          outcomes.set(agentId, { status: 'fulfilled', value: await host.call(integrationId, 'GetComputerIdentity', agentId, { ...(signal ? { signal } : {}) }) });
        } catch (reason) {
          outcomes.set(agentId, { status: 'rejected', reason });
        }
      }),
    ),
  );
  signal?.throwIfAborted();
  for (const agent of page) {
    if (agent.identity !== undefined) {
      result.agents.push(agent as IdentifiedAgent);
      continue;
    }
    const outcome = outcomes.get(agent.id);
    if (outcome?.status === 'fulfilled') {
      result.checks.push({ agentId: agent.id, basis: identityBasis(agent) });
      result.agents.push({ ...agent, identity: outcome.value });
      continue;
    }
    if (outcome?.status === 'rejected') result.failures.push({ agentId: agent.id, message: outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason) });
    result.agents.push({ ...agent, identity: stored.get(agent.id)?.identity ?? UNKNOWN });
  }
  return result;
}

