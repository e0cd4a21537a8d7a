/**
 * `iterateLinked` and its normalised twins `iterateLinkedKeys` / `linkedIdentifiersOf`:
 * identification's input. They must give exactly the live agents of linked clients, each with
 * its client's tenant, and every field a run reads — the identifiers exactly as core's
 * `identifiersOf` would compute them from the stored report.
 */
import { describe, expect, it } from 'vitest';

import { collect, identifiersOf, type LinkedAgentIdentifiers } from '@rmm-hub/core';

import { SqliteStore } from '../sqlite-store.js';

const AT = '2025-06-01T00:00:00.000Z';

/** Agents of two integrations under three clients, two tenants; one client unlinked, one agent gone. */
async function fixture(): Promise<SqliteStore> {
  const store = SqliteStore.open({ path: ':memory:' });
  await store.transaction(async () => {
    for (const id of ['nc', 'cw']) await store.integrations.upsert({ id, pluginId: id, displayName: id, enabled: true });
    for (const id of ['ta', 'tb']) await store.tenants.upsert({ id, name: id, domains: [], isMsp: false });
    for (const integrationId of ['nc', 'cw']) {
      await store.clients.upsertMany(integrationId, ['c1', 'c2', 'c3'].map((id) => ({ id, name: id, kind: 'customer' as const, hints: { domains: [], externalIds: {} } })), AT);
    }
    await store.links.putLink({ integrationId: 'nc', clientId: 'c1', tenantId: 'ta', source: 'manual', reasons: [], createdAt: AT });
    await store.links.putLink({ integrationId: 'cw', clientId: 'c2', tenantId: 'ta', source: 'manual', reasons: [], createdAt: AT });
    await store.links.putLink({ integrationId: 'nc', clientId: 'c3', tenantId: 'tb', source: 'manual', reasons: [], createdAt: AT });
    const agent = (id: string, clientId: string) => ({ id, clientId, hostname: `H${id}`, online: true, canRunScripts: true, identity: { macAddresses: [] } });
    const detailed = {
      ...agent('4', 'c3'), online: false, canRunScripts: false, lastSeen: AT,
      identity: { smbiosUuid: 'U-4', serialNumber: 'S4', macAddresses: ['00:11:22:33:44:55'], osInstallDate: AT },
    };
    await store.agents.upsertMany('nc', [agent('1', 'c1'), agent('2', 'c1'), agent('3', 'c2'), detailed], AT);
    await store.agents.upsertMany('cw', [agent('5', 'c2'), agent('6', 'c1')], AT);
    await store.agents.markGone('nc', ['c1'], new Set(['1']), AT);
  });
  return store;
}

const byKey = <T extends { integrationId: string; agentId: string }>(rows: T[]): T[] =>
  rows.sort((a, b) => (`${a.integrationId}/${a.agentId}` < `${b.integrationId}/${b.agentId}` ? -1 : 1));

describe('SqliteAgentRepository.iterateLinked', () => {
  it('gives the live agents of linked clients with their tenant, across integrations, and nothing else', async () => {
    const store = await fixture();
    const linked = (await collect(store.agents.iterateLinked())).sort((a, b) => (`${a.integrationId}/${a.agentId}` < `${b.integrationId}/${b.agentId}` ? -1 : 1));
    expect(linked.map((a) => `${a.tenantId}:${a.integrationId}/${a.agentId}`)).toEqual(['ta:cw/5', 'ta:nc/1', 'tb:nc/4']);
    expect(linked[2]).toEqual({
      tenantId: 'tb', integrationId: 'nc', agentId: '4', hostname: 'H4', online: false, lastSeen: AT, canRunScripts: false,
      identity: { smbiosUuid: 'U-4', serialNumber: 'S4', macAddresses: ['00:11:22:33:44:55'], osInstallDate: AT },
    });
    expect(linked[0]).toMatchObject({ online: true, canRunScripts: true, lastSeen: undefined, identity: { macAddresses: [] } });
    await store.close();
  });
});

describe('SqliteAgentRepository.iterateLinkedKeys and linkedIdentifiersOf', () => {
  it('give the same agents as iterateLinked, with identifiers normalised from the stored report', async () => {
    const store = await fixture();
    const expected = byKey(await collect(store.agents.iterateLinked())).map(({ identity, ...facts }): LinkedAgentIdentifiers => ({ ...facts, lastSeen: facts.lastSeen, ...identifiersOf(facts.hostname, identity) }));
    const keys = expected.map(({ tenantId, integrationId, agentId, host, uuid, serial, board, macs }) => ({ tenantId, integrationId, agentId, host, uuid, serial, board, macs }));
    expect(byKey(await collect(store.agents.iterateLinkedKeys()))).toEqual(keys);
    expect(byKey([...await store.agents.linkedIdentifiersOf('ta'), ...await store.agents.linkedIdentifiersOf('tb')])).toEqual(expected);
    expect(await store.agents.linkedIdentifiersOf('nobody')).toEqual([]);
    expect(expected.find((a) => a.agentId === '4')).toMatchObject({ host: 'H4', uuid: undefined, serial: 'S4', macs: ['001122334455'], osInstallDate: AT });
    await store.close();
  });

  it('follow an agent whose report changes', async () => {
    const store = await fixture();
    await store.agents.upsertMany('nc', [{ id: '4', clientId: 'c3', hostname: 'pc-4.corp.local', online: true, canRunScripts: true, identity: { smbiosUuid: '{6f9619ff-8b86-d011-b42d-00c04fc964ff}', macAddresses: ['aa-bb-cc-dd-ee-ff', 'AA:BB:CC:DD:EE:FF'] } }], AT);
    expect(await store.agents.linkedIdentifiersOf('tb')).toEqual([expect.objectContaining({ agentId: '4', host: 'PC-4', uuid: '6F9619FF-8B86-D011-B42D-00C04FC964FF', serial: undefined, macs: ['AABBCCDDEEFF'] })]);
    await store.close();
  });
});
