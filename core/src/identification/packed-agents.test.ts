/**
 * The packed copy a streamed run keeps between its survey and the tenants' runs must hand
 * back exactly what normalising gave, in key order, whatever the text in the agents.
 */
import { fc, test } from '@fast-check/vitest';
import { expect, it } from 'vitest';

import type { PreparedAgent } from './agent-keys.js';
import { IdentifierSurvey } from './identifier-survey.js';
import { agentKey, type IdentificationAgent } from './identification.types.js';
import { KnownBadRegistry } from './known-bad-registry.js';
import { PackedTenantAgents } from './packed-agents.js';
import { testAgent } from './test-agents.js';

const registry = KnownBadRegistry.create();
const optional = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });
// Any text at all, quotes, separators and control characters included, plus known-bad values.
const text = fc.oneof(fc.string({ unit: 'binary' }), fc.constantFrom('To Be Filled By O.E.M.', '00000000-0000-0000-0000-000000000000', 'Default string'));

const agentArb = fc.record({
  tenantId: fc.constantFrom('ta', 'tb', 'tc'),
  integrationId: fc.constantFrom('nc', 'cw', 'a-b'),
  agentId: fc.string({ unit: 'binary', minLength: 1 }),
  hostname: text,
  online: fc.boolean(),
  lastSeen: optional(fc.constantFrom('2025-01-01T00:00:00.000Z', '2025-05-31T00:00:00.000Z')),
  canRunScripts: fc.boolean(),
  identity: fc.record({
    smbiosUuid: optional(fc.oneof(text, fc.uuid())),
    serialNumber: optional(text),
    boardSerial: optional(text),
    manufacturer: optional(fc.oneof(text, fc.constantFrom('Dell Inc.', 'System manufacturer'))),
    model: optional(text),
    macAddresses: fc.array(fc.oneof(text, fc.constantFrom('00:1A:2B:3C:4D:01', '00:00:00:00:00:00')), { maxLength: 3 }),
    osInstallDate: optional(fc.constantFrom('2022-01-01T00:00:00.000Z')),
  }),
});

const fleetArb = fc.uniqueArray(agentArb, { selector: (a) => agentKey(a), maxLength: 30 }).map((list) => list as IdentificationAgent[]);

test.prop([fleetArb])('gives back each tenant’s normalised agents, in key order, once', (agents) => {
  const survey = new IdentifierSurvey(registry, 3);
  const packed = new PackedTenantAgents(survey);
  const expected = new Map<string, PreparedAgent[]>();
  for (const agent of agents) {
    const prepared = survey.add(agent, agentKey(agent));
    packed.add(prepared);
    expected.set(agent.tenantId, [...(expected.get(agent.tenantId) ?? []), prepared]);
  }
  expect(packed.tenants.sort()).toEqual([...expected.keys()].sort());
  for (const [tenantId, list] of expected) {
    const inKeyOrder = [...list].sort((a, b) => (a.key < b.key ? -1 : 1)).map((p, index) => ({ ...p, index }));
    expect(packed.take(tenantId)).toEqual(inKeyOrder);
    expect(packed.take(tenantId)).toEqual([]);
  }
});

it('hands back a tenant whose agents are still being added, and agents of its earlier runs', () => {
  const survey = new IdentifierSurvey(registry, 3);
  const packed = new PackedTenantAgents(survey);
  // Runs: ta (2), tb (1), ta (1) — the last still open when it is taken.
  for (const agent of [testAgent('nc', '3', { tenantId: 'ta' }), testAgent('nc', '1', { tenantId: 'ta' }), testAgent('nc', '2', { tenantId: 'tb' }), testAgent('cw', '9', { tenantId: 'ta' })]) {
    packed.add(survey.add(agent, agentKey(agent)));
  }
  expect(packed.take('ta').map((a) => a.key)).toEqual(['cw/9', 'nc/1', 'nc/3']);
  expect(packed.tenants).toEqual(['tb']);
  expect(packed.take('tb').map((a) => a.key)).toEqual(['nc/2']);
});
