/**
 * When the sync reads an agent's hardware identity from the RMM (GetComputerIdentity), for
 * listings that leave identity out because the RMM charges a request per agent for it.
 *
 * An agent's identity is read when:
 * - it is new, or its identity was never read on its own;
 * - its listed hostname, OS or device class changed since it was read: a rename, a reinstall,
 *   or other hardware behind the same agent;
 * - its rolling refresh is due, which finds what no listed field shows (a replaced mainboard).
 *   Each agent has a slot hour in a cycle of `refreshDays` days, from a hash of its id, and is
 *   read again by the first sync on or after its slot. So about 1/`refreshDays` of the fleet is
 *   read per day, shared out among the day's syncs whatever their interval (an hour, not a day,
 *   so that hourly syncs share the day's slice instead of the first of them taking all of it),
 *   never all of it at once; and the same agents at the same hour make the same decision (no
 *   randomness, only the sync's clock).
 */
import type { RmmAgent } from '../capabilities/agent.schema.js';
import { stableHash } from '../identification/computer-ids.js';
import type { StoredIdentity } from '../store/records.js';

const HOUR_MS = 3_600_000;

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

/** The start (epoch ms) of the agent's latest slot hour on or before `now`'s hour. */
export function lastRefreshSlot(integrationId: string, agentId: string, now: Date, refreshDays: number): number {
  const cycle = refreshDays * 24;
  const slot = Number.parseInt(stableHash(`${integrationId}\u0000${agentId}`).slice(0, 8), 16) % cycle;
  const hour = Math.floor(now.getTime() / HOUR_MS);
  const sinceSlot = (((hour - slot) % cycle) + cycle) % cycle;
  return (hour - sinceSlot) * HOUR_MS;
}
