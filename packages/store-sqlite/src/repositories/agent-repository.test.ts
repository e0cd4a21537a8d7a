import { fc, test } from '@fast-check/vitest';
import { afterEach, describe, expect, it } from 'vitest';

import type { IdentifiedAgent } from '@rmm-hub/core';

import { contentHash } from '../json-column.js';
import { SqliteStore } from '../sqlite-store.js';
import { agentHash } from '@rmm-hub/core';

const AT = '2026-01-01T00:00:00.000Z';
const open: SqliteStore[] = [];
afterEach(async () => {
  for (const store of open.splice(0)) await store.close();
});

const text = fc.string({ maxLength: 12, unit: 'binary' });
const agentArb = fc.record(
  {
    id: fc.integer({ min: 1, max: 1_000 }).map(String),
    clientId: fc.integer({ min: 1, max: 50 }).map(String),
    siteId: fc.integer({ min: 1, max: 50 }).map(String),
    hostname: text,
    os: text,
    online: fc.boolean(),
    lastSeen: fc.constant('2026-01-01T10:00:00.000Z'),
    identity: fc.record(
      { smbiosUuid: text, serialNumber: text, manufacturer: text, model: text, macAddresses: fc.array(text, { maxLength: 3 }), osInstallDate: fc.constant(AT) },
      { requiredKeys: ['macAddresses'] },
    ),
    canRunScripts: fc.boolean(),
  },
  { requiredKeys: ['id', 'clientId', 'hostname', 'online', 'identity', 'canRunScripts'] },
) as fc.Arbitrary<IdentifiedAgent>;

describe('agent content hash', () => {
  // Stored hashes must keep matching after an upgrade, or the first sync would rewrite every agent.
  test.prop([agentArb])('is the generic contentHash of the hashed fields, optional ones absent or not', (agent) => {
    const identity = JSON.stringify(agent.identity);
    expect(agentHash(agent, identity)).toBe(contentHash([agent.clientId, agent.siteId, agent.hostname, agent.os, agent.online, identity, agent.canRunScripts]));
  });

  test.prop([fc.uniqueArray(agentArb, { selector: (a) => a.id, maxLength: 40 })])('an unchanged second upsert writes nothing, and every field round-trips', async (agents) => {
    const store = SqliteStore.open({ path: ':memory:' });
    open.push(store);
    await store.integrations.upsert({ id: 'nc', pluginId: 'ncentral', displayName: 'N-central', enabled: true });
    expect(await store.agents.upsertMany('nc', agents, AT)).toEqual({ inserted: agents.length, updated: 0, unchanged: 0 });
    const before = await store.changes();
    expect(await store.agents.upsertMany('nc', agents, AT)).toEqual({ inserted: 0, updated: 0, unchanged: agents.length });
    expect(await store.changes()).toBe(before);
    for (const agent of agents) {
      const { firstSeenAt, goneAt, integrationId, ...stored } = (await store.agents.get('nc', agent.id))!;
      expect({ firstSeenAt, goneAt, integrationId }).toEqual({ firstSeenAt: AT, goneAt: undefined, integrationId: 'nc' });
      expect(stored).toEqual(Object.fromEntries(Object.entries(agent).filter(([, v]) => v !== undefined)));
    }
  });

  it('an update writes every column in its place', async () => {
    const store = SqliteStore.open({ path: ':memory:' });
    open.push(store);
    await store.integrations.upsert({ id: 'nc', pluginId: 'ncentral', displayName: 'N-central', enabled: true });
    const first: IdentifiedAgent = { id: '7', clientId: 'c1', hostname: 'PC-7', online: true, canRunScripts: true, identity: { macAddresses: ['AA-BB'] } };
    const changed: IdentifiedAgent = { id: '7', clientId: 'c2', siteId: 's2', hostname: 'PC-7b', os: 'Linux', online: false, lastSeen: AT, canRunScripts: false, identity: { macAddresses: [], serialNumber: 'SN' } };
    await store.agents.upsertMany('nc', [first], AT);
    expect(await store.agents.upsertMany('nc', [changed], '2026-02-01T00:00:00.000Z')).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    expect(await store.agents.get('nc', '7')).toEqual({ ...changed, integrationId: 'nc', firstSeenAt: AT, goneAt: undefined });
  });
});
