/**
 * Properties of the engine over random small fleets drawn from tight pools of values (so keys
 * collide often, placeholders included): order independence, idempotence, no cross-tenant
 * merge, and known-bad values never used as keys.
 */
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';

import { identifyComputers } from './identification-engine.js';
import type { IdentificationResult, PriorState } from './identification.types.js';
import type { IdentificationAgent } from './model/agent-records.js';
import { SHIPPED_CATALOGUE } from './known-bad-registry.js';

const BAD_UUID = '03000200-0400-0500-0006-000700080009';
const BAD_SERIAL = 'To Be Filled By O.E.M.';
const uuids = [BAD_UUID, '00000000-0000-0000-0000-000000000000', 'A1B2C3D4-0000-1111-2222-333344445555', '{a1b2c3d4-0000-1111-2222-333344445556}', 'A1B2C3D4-0000-1111-2222-333344445557'];
const serials = [BAD_SERIAL, 'Default string', 'SN-A', 'sn-b ', 'SN-C', '0'];
const macs = ['00:1A:2B:3C:4D:01', '00-1A-2B-3C-4D-02', '001A2B3C4D03', '00:00:00:00:00:00', '02:00:4E:43:50:49'];

const agentArb = fc.record({
  tenantId: fc.constantFrom('ta', 'tb'),
  integrationId: fc.constantFrom('nc', 'cw'),
  hostname: fc.constantFrom('PC1', 'pc1.corp.local', 'PC2', 'SRV'),
  online: fc.boolean(),
  lastSeen: fc.constantFrom('2025-01-01T00:00:00.000Z', '2025-05-01T00:00:00.000Z', '2025-05-31T00:00:00.000Z'),
  canRunScripts: fc.boolean(),
  identity: fc.record({
    smbiosUuid: fc.option(fc.constantFrom(...uuids), { nil: undefined }),
    serialNumber: fc.option(fc.constantFrom(...serials), { nil: undefined }),
    boardSerial: fc.option(fc.constantFrom('BRD-1', 'BRD-2', 'None'), { nil: undefined }),
    manufacturer: fc.option(fc.constantFrom('Dell Inc.', 'HP', 'System manufacturer'), { nil: undefined }),
    macAddresses: fc.subarray(macs, { maxLength: 2 }),
    osInstallDate: fc.option(fc.constantFrom('2022-01-01T00:00:00.000Z', '2025-03-01T00:00:00.000Z'), { nil: undefined }),
  }),
});

const fleetArb = fc.array(agentArb, { maxLength: 24 }).map((list) => list.map((a, i): IdentificationAgent => ({ ...a, agentId: String(i) })));

function priorOf(result: IdentificationResult): PriorState {
  return {
    links: new Map(result.links.map((l) => [l.key, l.computerId])),
    computers: new Map(result.computers.map((c) => [c.id, { tenantId: c.tenantId, hostname: c.name, osInstallDate: c.osInstallDate }])),
    pins: new Map(),
  };
}

test.prop([fleetArb, fc.integer()])('the same agents in any order give the same result', async (agents, seed) => {
  const shuffled = fc.sample(fc.shuffledSubarray(agents, { minLength: agents.length, maxLength: agents.length }), { seed, numRuns: 1 })[0] ?? agents;
  expect(await identifyComputers(shuffled)).toEqual(await identifyComputers(agents));
});

test.prop([fleetArb])('a re-run over its own result changes nothing (idempotent, stable ids)', async (agents) => {
  const first = await identifyComputers(agents);
  const second = await identifyComputers(agents, { prior: priorOf(first) });
  expect(second.links).toEqual(first.links);
  expect(second.computers).toEqual(first.computers);
  expect(second.conflicts).toEqual(first.conflicts);
});

test.prop([fleetArb])('never merges across tenants', async (agents) => {
  const result = await identifyComputers(agents);
  const tenantOf = new Map(result.computers.map((c) => [c.id, c.tenantId]));
  for (const link of result.links) expect(tenantOf.get(link.computerId)).toBe(link.tenantId);
});

const badUuids = new Set(SHIPPED_CATALOGUE.uuids.map((u) => `uuid=${u.toUpperCase()}`));
const badSerials = new Set(SHIPPED_CATALOGUE.serials.map((s) => s.trim().toUpperCase()));

test.prop([fleetArb])('known-bad values are never used as keys', async (agents) => {
  const result = await identifyComputers(agents);
  for (const link of result.links) {
    for (const key of link.evidence.keys) {
      expect(badUuids.has(key)).toBe(false);
      const [kind, value = ''] = key.split('=');
      if (kind === 'serial' || kind === 'board') expect(badSerials.has(value)).toBe(false);
    }
    for (const support of link.evidence.support) expect(['mac=000000000000', 'mac=02004E435049']).not.toContain(support);
  }
  // Agents whose only strong identifiers are placeholders are never linked on them.
  const byKey = new Map(agents.map((a) => [`${a.integrationId}/${a.agentId}`, a]));
  for (const link of result.links) {
    const identity = byKey.get(link.key)?.identity;
    const onlyBad = (identity?.smbiosUuid === undefined || identity.smbiosUuid === BAD_UUID) && (identity?.serialNumber === undefined || identity.serialNumber === BAD_SERIAL) && identity?.boardSerial === undefined;
    if (onlyBad) expect([0, 4]).toContain(link.evidence.tier);
  }
});
