/**
 * The linking engine against the simulator's ground truth, at the default mess rates: auto-
 * links must all be right (precision 1.0) and the true tenant of at least 97% of the clients
 * that have one must be auto-linked or suggested. The MSP's clients are linked by hand first,
 * as the product asks an administrator to; a second pass adds the device-overlap evidence that
 * identification produces once the first links exist, as the next sync would.
 */
import { suggestLinks, type ActiveDecision, type LinkingResult } from '@rmm-hub/core';
import { generateFleet } from '@rmm-hub/simulators';
import { describe, expect, it } from 'vitest';

import { fleetClients, fleetDeviceOverlap, refKey, type FleetLinkingData } from './support/fleet-clients.js';
import { linkingAccuracy } from './support/linking-metrics.js';

function mspDecisions(data: FleetLinkingData): ActiveDecision[] {
  return [...data.truth]
    .filter(([, t]) => t === data.mspTenantId)
    .map(([key], i) => {
      const [integrationId = '', clientId = ''] = key.split('/');
      return { id: `msp-${i}`, integrationId, clientId, kind: 'link', tenantId: data.mspTenantId, actor: 'admin', decidedAt: '2025-06-01T00:00:00.000Z' };
    });
}

describe.each([
  { seed: 1, devices: 4_000 },
  { seed: 7, devices: 12_000 },
  { seed: 42, devices: 24_000 },
])('linking accuracy on fleet seed $seed with $devices devices (default mess rates)', ({ seed, devices }) => {
  const fleet = generateFleet({ seed, devices });
  const data = fleetClients(fleet);
  const decisions = mspDecisions(data);
  let first: LinkingResult;

  it('first sync (names, PSA ids, external ids): precision 1.0, recall ≥ 0.97', () => {
    expect(decisions.length).toBeGreaterThan(0);
    first = suggestLinks({ clients: data.clients, tenants: data.tenants, decisions });
    expect(first.warnings).toEqual([]);
    const acc = linkingAccuracy(first, data.truth);
    expect(acc.wrongAutoLinks).toBe(0);
    expect(acc.precision).toBe(1);
    expect(acc.recall).toBeGreaterThanOrEqual(0.97);
    // Not a vacuous precision: most clients are linked without a person.
    expect(acc.autoLinks / acc.belonging).toBeGreaterThan(0.9);
  });

  it('next sync, with device overlap from the first links: still precise, recall does not drop', () => {
    const links = new Map(first.links.map((l) => [refKey(l.integrationId, l.clientId), l.tenantId]));
    const second = suggestLinks({ clients: data.clients, tenants: data.tenants, decisions, links: first.links, deviceOverlap: fleetDeviceOverlap(fleet, links) });
    const acc = linkingAccuracy(second, data.truth);
    expect(acc.precision).toBe(1);
    expect(acc.recall).toBeGreaterThanOrEqual(linkingAccuracy(first, data.truth).recall);
    expect(second.changed.every((l) => l.origin === 'engine')).toBe(true);
  });

  it('without the MSP linked, nothing is auto-linked and the true tenants are still suggested', () => {
    const held = suggestLinks({ clients: data.clients, tenants: data.tenants });
    expect(held.warnings.map((w) => w.code)).toEqual(['msp-tenant-unlinked']);
    expect(held.links).toEqual([]);
    expect(linkingAccuracy(held, data.truth).recall).toBeGreaterThanOrEqual(0.97);
  });
});
