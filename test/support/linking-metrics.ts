/**
 * Accuracy of a linking result against a fleet's ground truth, with the definitions the
 * accuracy suite and the benchmark share:
 * - precision: share of auto-links whose tenant is the client's true tenant (orphan clients
 *   have none, so any auto-link of one is wrong);
 * - recall: share of clients that truly belong to a tenant whose true tenant is auto-linked
 *   or among the client's suggestions.
 * Clients linked by a person's decision (the MSP's) are left out of both.
 */
import type { LinkingResult } from '@rmm-hub/core';

import { refKey } from './fleet-clients.js';

export interface LinkingAccuracy {
  autoLinks: number;
  wrongAutoLinks: number;
  precision: number;
  belonging: number;
  found: number;
  recall: number;
}

export function linkingAccuracy(result: LinkingResult, truth: ReadonlyMap<string, string | null>): LinkingAccuracy {
  const manual = new Set(result.links.filter((l) => l.source === 'manual').map((l) => refKey(l.integrationId, l.clientId)));
  const auto = new Map(result.links.filter((l) => l.source === 'auto').map((l) => [refKey(l.integrationId, l.clientId), l.tenantId]));
  const suggested = new Map<string, Set<string>>();
  for (const s of result.suggestions) {
    const k = refKey(s.integrationId, s.clientId);
    suggested.set(k, (suggested.get(k) ?? new Set()).add(s.tenantId));
  }
  let wrong = 0;
  for (const [k, t] of auto) if (truth.get(k) !== t) wrong++;
  let belonging = 0;
  let found = 0;
  for (const [k, t] of truth) {
    if (t === null || manual.has(k)) continue;
    belonging++;
    if (auto.get(k) === t || suggested.get(k)?.has(t)) found++;
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
