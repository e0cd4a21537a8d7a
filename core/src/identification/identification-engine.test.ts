import { describe, expect, it } from 'vitest';

import { identifyComputers } from './identification-engine.js';
import type { IdentificationResult } from './identification.types.js';
import type { IdentificationAgent } from './model/agent-records.js';
import { testAgent as agent } from './test-agents.js';

const U1 = '4c4c4544-0042-3510-8052-b4c04f4e4d31';
const U2 = '11111111-2222-3333-4444-555555555555';

function computerOf(result: IdentificationResult, key: string): string {
  const link = result.links.find((l) => l.key === key);
  if (!link) throw new Error(`no link for ${key}`);
  return link.computerId;
}

describe('identifyComputers', () => {
  it('merges agents of two RMMs on the SMBIOS UUID, whatever its spelling', async () => {
    const r = await identifyComputers([
      agent('nc', '1', { identity: { smbiosUuid: `{${U1}}`, manufacturer: 'Dell Inc.' } }),
      agent('cw', '9', { identity: { smbiosUuid: U1.toUpperCase(), manufacturer: 'DELL' } }),
    ]);
    expect(r.computers).toHaveLength(1);
    expect(r.links.map((l) => l.evidence.tier)).toEqual([1, 1]);
    expect(r.links[0]?.evidence.keys).toEqual([`uuid=${U1.toUpperCase()}`]);
  });

  it('falls back to the serial when the UUID is a placeholder, and records the registry hit', async () => {
    const r = await identifyComputers([
      agent('nc', '1', { identity: { smbiosUuid: '03000200-0400-0500-0006-000700080009', serialNumber: ' cz1234 ', manufacturer: 'HP' } }),
      agent('cw', '2', { identity: { smbiosUuid: '03000200-0400-0500-0006-000700080009', serialNumber: 'CZ1234', manufacturer: 'Hewlett-Packard' } }),
      agent('cw', '3', { identity: { smbiosUuid: '03000200-0400-0500-0006-000700080009', serialNumber: 'CZ9999', manufacturer: 'HP' } }),
    ]);
    expect(r.computers).toHaveLength(2);
    expect(computerOf(r, 'nc/1')).toBe(computerOf(r, 'cw/2'));
    const link = r.links.find((l) => l.key === 'nc/1');
    expect(link?.evidence.tier).toBe(2);
    expect(link?.evidence.score).toBe(0.95);
    expect(link?.evidence.registryHits).toEqual([{ kind: 'uuid', value: '03000200-0400-0500-0006-000700080009', verdict: 'known-bad' }]);
  });

  it('an unknown maker is no evidence: a serial shared with a Dell joins it; a different maker does not', async () => {
    const mac = ['D4:81:D7:AA:BB:01'];
    const r = await identifyComputers([
      agent('nc', '1', { hostname: 'PC-1', identity: { serialNumber: '7B52NN2', manufacturer: 'Dell Inc.', macAddresses: mac } }),
      agent('cw', '2', { hostname: 'PC-1', identity: { serialNumber: '7B52NN2', macAddresses: mac } }),
    ]);
    expect(r.computers).toHaveLength(1);
    expect(r.conflicts).toEqual([]);
    const contradicted = await identifyComputers([
      agent('nc', '1', { hostname: 'PC-1', identity: { serialNumber: '7B52NN2', manufacturer: 'Dell Inc.', macAddresses: mac } }),
      agent('cw', '2', { hostname: 'PC-1', identity: { serialNumber: '7B52NN2', manufacturer: 'American Megatrends Inc.', macAddresses: mac } }),
    ]);
    expect(contradicted.computers).toHaveLength(2);
  });

  it('never merges across tenants and reports a cross-tenant conflict', async () => {
    const r = await identifyComputers([
      agent('nc', '1', { tenantId: 'a', identity: { smbiosUuid: U1 } }),
      agent('cw', '1', { tenantId: 'b', identity: { smbiosUuid: U1 } }),
    ]);
    expect(r.computers).toHaveLength(2);
    expect(r.conflicts).toHaveLength(1);
    expect(r.conflicts[0]).toMatchObject({ kind: 'cross-tenant', tenantIds: ['a', 'b'], key: `uuid=${U1.toUpperCase()}` });
  });

  it('keeps clones apart: same UUID, different serials', async () => {
    const r = await identifyComputers([
      agent('nc', '1', { identity: { smbiosUuid: U1, serialNumber: 'VM-A' } }),
      agent('nc', '2', { identity: { smbiosUuid: U1, serialNumber: 'VM-B' } }),
      agent('cw', '1', { identity: { smbiosUuid: U1, serialNumber: 'VM-A' } }),
    ]);
    expect(r.computers).toHaveLength(2);
    expect(computerOf(r, 'nc/1')).toBe(computerOf(r, 'cw/1'));
    expect(r.conflicts.map((c) => c.kind)).toEqual(['clone']);
  });

  it('keeps clones apart: one RMM sees two hostnames online at once', async () => {
    const r = await identifyComputers([
      agent('nc', '1', { hostname: 'A', online: true, identity: { smbiosUuid: U1 } }),
      agent('nc', '2', { hostname: 'B', online: true, identity: { smbiosUuid: U1 } }),
    ]);
    expect(r.computers).toHaveLength(2);
    expect(r.conflicts[0]?.kind).toBe('clone');
  });

  it('does not guess where an agent without a serial belongs among clones', async () => {
    const r = await identifyComputers([
      agent('nc', '1', { identity: { smbiosUuid: U1, serialNumber: 'VM-A' } }),
      agent('nc', '2', { identity: { smbiosUuid: U1, serialNumber: 'VM-B' } }),
      agent('cw', '7', { identity: { smbiosUuid: U1 } }),
    ]);
    expect(r.computers).toHaveLength(3);
    const lonely = r.links.find((l) => l.key === 'cw/7');
    expect(lonely?.needsIdentity).toBe(true);
    expect(r.conflicts[0]?.ambiguousAgents).toEqual([{ integrationId: 'cw', agentId: '7' }]);
  });

  it('joins a reinstalled agent to its computer and marks the older one stale', async () => {
    const r = await identifyComputers([
      agent('nc', '1', { lastSeen: '2025-01-01T00:00:00.000Z', identity: { smbiosUuid: U1 } }),
      agent('nc', '2', { online: true, lastSeen: '2025-05-30T00:00:00.000Z', identity: { smbiosUuid: U1 } }),
    ]);
    expect(r.computers).toHaveLength(1);
    expect(r.links.find((l) => l.key === 'nc/1')?.stale).toBe(true);
    expect(r.links.find((l) => l.key === 'nc/2')?.stale).toBe(false);
    expect(r.duplicates).toEqual([{ computerId: r.computers[0]?.id, integrationId: 'nc', keep: { integrationId: 'nc', agentId: '2' }, retire: [{ integrationId: 'nc', agentId: '1' }] }]);
  });

  it('sees a wipe: same hardware, newer OS install under another hostname', async () => {
    const r = await identifyComputers([
      agent('nc', '1', { hostname: 'OLD', identity: { smbiosUuid: U1, osInstallDate: '2023-01-01T00:00:00.000Z' } }),
      agent('nc', '2', { hostname: 'NEW', online: true, lastSeen: '2025-05-31T00:00:00.000Z', identity: { smbiosUuid: U1, osInstallDate: '2025-03-01T00:00:00.000Z' } }),
    ]);
    expect(r.computers).toHaveLength(1);
    expect(r.lifecycle).toEqual([
      { computerId: r.computers[0]?.id, event: 'wiped', osInstallDate: '2025-03-01T00:00:00.000Z', hostname: 'NEW', previousOsInstallDate: '2023-01-01T00:00:00.000Z', previousHostname: 'OLD' },
    ]);
  });

  it('uses MAC and hostname only as support: never alone, never across strong keys', async () => {
    const mac = '00:1A:2B:3C:4D:5E';
    const r = await identifyComputers([
      agent('nc', '1', { hostname: 'PC1', identity: { smbiosUuid: U1, macAddresses: [mac] } }),
      agent('cw', '1', { hostname: 'PC1', identity: { smbiosUuid: U2, macAddresses: [mac] } }),
      agent('cw', '2', { hostname: 'PC2', identity: { macAddresses: [mac] } }),
    ]);
    expect(r.computers).toHaveLength(3);
    expect(r.links.find((l) => l.key === 'cw/2')?.needsIdentity).toBe(true);
  });

  it('attaches an agent without strong keys on hostname + MAC, and still asks for its identity', async () => {
    const mac = '00-1A-2B-3C-4D-5E';
    const r = await identifyComputers([
      agent('nc', '1', { hostname: 'PC1', identity: { smbiosUuid: U1, macAddresses: [mac] } }),
      agent('cw', '1', { hostname: 'pc1.corp.local', identity: { serialNumber: 'To Be Filled By O.E.M.', macAddresses: ['001a2b3c4d5e'] } }),
    ]);
    expect(r.computers).toHaveLength(1);
    const weak = r.links.find((l) => l.key === 'cw/1');
    expect(weak?.evidence.tier).toBe(4);
    expect(weak?.needsIdentity).toBe(true);
  });

  it('quarantines a value seen on too many machines', async () => {
    const agents: IdentificationAgent[] = Array.from({ length: 6 }, (_, i) => agent('nc', String(i), { identity: { serialNumber: 'WHITEBOX-1' } }));
    const r = await identifyComputers(agents, { config: { quarantineThreshold: 6 } });
    expect(r.computers).toHaveLength(6);
    expect(r.quarantined).toEqual([{ kind: 'serial', value: 'WHITEBOX-1' }]);
    expect(r.links[0]?.evidence.registryHits[0]?.verdict).toBe('quarantined');
  });

  it('keeps computer ids when the prior run says where agents were', async () => {
    const agents = [agent('nc', '1', { identity: { smbiosUuid: U1 } }), agent('cw', '1', { identity: { smbiosUuid: U1 } })];
    const first = await identifyComputers(agents);
    const prior = { links: new Map(first.links.map((l) => [l.key, l.computerId])), computers: new Map(), pins: new Map() };
    const second = await identifyComputers([agent('aa', '0', { identity: { smbiosUuid: U1 } }), ...agents], { prior });
    expect(second.computers.map((c) => c.id)).toEqual(first.computers.map((c) => c.id));
  });
});
