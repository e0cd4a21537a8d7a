/**
 * Change detection shared by every store: a stable digest of a record's content, stored beside
 * it, so an upsert compares one short text and leaves an unchanged row alone.
 */
import * as crypto from 'node:crypto';

import type { RmmAgent } from '../capabilities/agent.schema.js';

/** A stable digest of a record: keys sorted, so equal content always hashes equal. */
export function contentHash(value: unknown): string {
  return digestText(stableStringify(value));
}

// crypto.hash (Node ≥ 20.12) digests a string in one native call, without the Hash object
// createHash allocates: the agents' change check digests every listed agent on every sync.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'base64url') => string }).hash;

/** The digest {@link contentHash} uses, of text already made stable by the caller. */
export function digestText(text: string): string {
  return oneShot ? oneShot('sha1', text, 'base64url') : crypto.createHash('sha1').update(text).digest('base64url');
}

/**
 * The content hash of an agent: `contentHash([clientId, siteId, hostname, os, online, identity,
 * canRunScripts])` with `identity` as JSON text (`lastSeen`, presence, is left out). Every
 * element is a primitive, for which the stable form is plain JSON (undefined included, as null),
 * so `JSON.stringify` of the array gives the very same text without the generic walk — and
 * hashes stored by earlier versions still match.
 */
export function agentHash(agent: RmmAgent, identityJson: string): string {
  return digestText(JSON.stringify([agent.clientId, agent.siteId, agent.hostname, agent.os, agent.online, identityJson, agent.canRunScripts]));
}

/**
 * `lastSeen` is presence, not content: an online agent's last check-in moves every few minutes,
 * and writing every agent on every sync for that would be pure write amplification. It is left
 * out of {@link agentHash}, and a store writes it only when it moved by more than this (or when
 * anything else changed, `online` included).
 */
export const PRESENCE_RESOLUTION_MS = 15 * 60_000;

/** Whether an agent's presence moved far enough since `stored` to be written (see {@link PRESENCE_RESOLUTION_MS}). */
export function presenceMoved(stored: string | null | undefined, seen: string | undefined): boolean {
  if (stored === null || stored === undefined || seen === undefined) return (stored ?? undefined) !== seen;
  return Math.abs(Date.parse(seen) - Date.parse(stored)) > PRESENCE_RESOLUTION_MS;
}

/** JSON with object keys sorted and undefined members left out: equal content, equal text. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}
