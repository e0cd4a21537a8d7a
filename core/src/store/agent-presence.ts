/**
 * An agent's `lastSeen` is presence, not content: an online agent's last check-in moves every
 * few minutes, and writing every agent on every sync for that would be pure write amplification.
 * So an agent store writes `lastSeen` only when it moved by more than
 * {@link PRESENCE_RESOLUTION_MS} (or when anything else about the agent changed).
 */

/** How far `lastSeen` may move, alone, before an agent upsert writes it. */
export const PRESENCE_RESOLUTION_MS = 15 * 60_000;

/** Whether `seen` differs from the stored `lastSeen` by enough to be written (appearing or vanishing always is). */
export function presenceMoved(stored: string | undefined, seen: string | undefined): boolean {
  if (stored === undefined || seen === undefined) return stored !== seen;
  return Math.abs(Date.parse(seen) - Date.parse(stored)) > PRESENCE_RESOLUTION_MS;
}
