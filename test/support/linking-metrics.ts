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
import { scoreLinks, type LinkScore } from '@rmm-hub/simulators';

import { refKey } from './fleet-clients.js';

export type LinkingAccuracy = LinkScore;

export function linkingAccuracy(result: LinkingResult, truth: ReadonlyMap<string, string | null>): LinkingAccuracy {
  return scoreLinks(
    result.links.map((l) => ({ key: refKey(l.integrationId, l.clientId), tenantId: l.tenantId, source: l.source })),
    result.suggestions.map((s) => ({ key: refKey(s.integrationId, s.clientId), tenantId: s.tenantId })),
    truth,
  );
}
