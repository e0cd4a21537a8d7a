/**
 * When the sync reads an agent's hardware identity from the RMM (GetComputerIdentity), for
 * listings that leave identity out because the RMM charges a request per agent for it.
 *
 * An agent's identity is read when:
 * - it is new, or its identity was never read on its own;
 * - its listed hostname, OS or device class changed since it was read: a rename, a reinstall,
 *   or other hardware behind the same agent;
 * - its rolling refresh is due, which finds what no listed field shows (a replaced mainboard).
 *   Each agent has a slot day in a cycle of `refreshDays` days, from a hash of its id, and is
 *   read again by the first sync on or after its slot day. So about 1/`refreshDays` of the fleet
 *   is read per day whatever the sync interval, never all of it at once, and the same agents on
 *   the same day make the same decision (no randomness, only the sync's clock).
 */
import type { RmmAgent } from '../capabilities/agent.schema.js';
import { stableHash } from '../identification/computer-ids.js';
import type { StoredIdentity } from '../store/records.js';

const DAY_MS = 86_400_000;

/** Why an agent's identity is read this sync. */
export type IdentityReadReason = 'new' | 'changed' | 'refresh';

/**
 * The listed fields an identity is read against: a change in any of them suggests different
 * hardware. Hostnames are compared without case, which RMMs and people change freely.
 */
export function identityBasis(agent: Pick<RmmAgent, 'hostname' | 'os' | 'deviceClass'>): string {
  return JSON.stringify([agent.hostname.toLowerCase(), agent.os ?? null, agent.deviceClass ?? null]);
}

/** Why `agent`'s identity should be read at `now`, or undefined when what is stored will do. */
export function identityReadReason(
  integrationId: string,
  agent: RmmAgent,
  stored: StoredIdentity | undefined,
  now: Date,
  refreshDays: number,
): IdentityReadReason | undefined {
  if (stored?.checkedAt === undefined) return 'new';
  if (stored.basis !== undefined && stored.basis !== identityBasis(agent)) return 'changed';
  if (Date.parse(stored.checkedAt) < lastRefreshSlot(integrationId, agent.id, now, refreshDays)) return 'refresh';
  return undefined;
}

/** The start (epoch ms) of the agent's latest slot day on or before `now`'s day. */
export function lastRefreshSlot(integrationId: string, agentId: string, now: Date, refreshDays: number): number {
  const slot = Number.parseInt(stableHash(`${integrationId}\u0000${agentId}`).slice(0, 8), 16) % refreshDays;
  const today = Math.floor(now.getTime() / DAY_MS);
  const sinceSlot = (((today - slot) % refreshDays) + refreshDays) % refreshDays;
  return (today - sinceSlot) * DAY_MS;
}
