import { describe, expect, it } from 'vitest';

import { memorySource, type AgentSource } from './agent-sources.js';
import { IdentificationConfig } from './identification.config.js';
import { runIdentification, type IdentificationRun } from './identification-run.js';
import { identificationPlan } from './identifier-survey.js';
import { KnownBadRegistry } from './known-bad-registry.js';
import type { PriorLookup, TenantIdentification } from './tenant-identification.js';
import { testAgent as agent } from './test-agents.js';

const U1 = '4c4c4544-0042-3510-8052-b4c04f4e4d31';
const registry = KnownBadRegistry.create();
const config = IdentificationConfig.parse({});
const NO_PRIOR: PriorLookup = { link: () => undefined, pin: () => undefined, computer: () => undefined };

/** Tenants a and b share a UUID (a cross-tenant conflict); c has two agents of one computer. */
const fleet = [
  agent('nc', '1', { tenantId: 'a', identity: { smbiosUuid: U1 } }),
  agent('cw', '1', { tenantId: 'b', identity: { smbiosUuid: U1 } }),
  agent('nc', '2', { tenantId: 'c', identity: { serialNumber: 'CZ1', manufacturer: 'HP' } }),
  agent('cw', '2', { tenantId: 'c', identity: { serialNumber: 'CZ1', manufacturer: 'HP' } }),
];

function setUp(): { source: AgentSource; run: Omit<IdentificationRun, 'tenants' | 'tenant' | 'concerns'> } {
  const source = memorySource(fleet, { machines: config.quarantineThreshold, registry, answers: new Map() });
  return { source, run: { source, plan: identificationPlan(source.spread, registry, config.quarantineThreshold), registry, config } };
}

describe('runIdentification', () => {
  it('keeps only the parts of the tenants the run concerns, and their cross-tenant conflicts, but identifies every tenant given', async () => {
    const { run } = setUp();
    const identified: string[] = [];
    const kept: TenantIdentification[] = [];
    const tenant: IdentificationRun['tenant'] = (tenantId) => {
      identified.push(tenantId);
      return { prior: NO_PRIOR, keep: (part) => { kept.push(part); } };
    };

    const onlyA = await runIdentification({ ...run, tenants: ['a', 'b'], concerns: (ids) => ids.includes('a'), tenant });
    expect(identified).toEqual(['a', 'b']);
    expect(kept.map((p) => p.tenantId)).toEqual(['a']);
    expect(onlyA.agents).toBe(1);
    expect(onlyA.conflicts.map((c) => [c.kind, c.tenantIds])).toEqual([['cross-tenant', ['a', 'b']]]);

    kept.length = 0;
    const onlyC = await runIdentification({ ...run, tenants: ['a', 'b', 'c'], concerns: (ids) => ids.includes('c'), tenant });
    expect(kept.map((p) => p.tenantId)).toEqual(['c']);
    expect(kept[0]?.computers).toHaveLength(1);
    expect(onlyC.agents).toBe(2);
    expect(onlyC.conflicts).toEqual([]);
  });

  it('reads, identifies and keeps one tenant before reading the next', async () => {
    const { source, run } = setUp();
    const events: string[] = [];
    const watched: AgentSource = { ...source, preparedOf: (tenantId) => { events.push(`read ${tenantId}`); return source.preparedOf(tenantId); } };
    await runIdentification({
      ...run,
      source: watched,
      tenants: ['c', 'a'],
      tenant: async (tenantId, agents) => {
        events.push(`prior ${tenantId} (${agents.length} agents)`);
        await Promise.resolve();
        return { prior: NO_PRIOR, keep: async (part) => { await Promise.resolve(); events.push(`keep ${part.tenantId}`); } };
      },
    });
    expect(events).toEqual(['read c', 'prior c (2 agents)', 'keep c', 'read a', 'prior a (1 agents)', 'keep a']);
  });

  it('identifies each tenant with the prior state its step gives', async () => {
    const { run } = setUp();
    const kept: TenantIdentification[] = [];
    const priorOfC: PriorLookup = {
      link: (key) => (key === 'nc/2' ? 'kept-id' : undefined),
      pin: () => undefined,
      computer: (id) => (id === 'kept-id' ? { tenantId: 'c', hostname: 'HOST-2', osInstallDate: undefined } : undefined),
    };
    await runIdentification({
      ...run,
      tenants: ['a', 'b', 'c'],
      tenant: (tenantId) => ({ prior: tenantId === 'c' ? priorOfC : NO_PRIOR, keep: (part) => { kept.push(part); } }),
    });
    expect(kept.find((p) => p.tenantId === 'c')?.computers.map((c) => c.id)).toEqual(['kept-id']);
  });
});
