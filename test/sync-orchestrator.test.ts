import { afterEach, describe, expect, it } from 'vitest';

import { SyncOrchestrator } from '@rmm-hub/core';

import { startFixtureHost } from './support/fixture-plugins.js';
import { linkEverythingTo } from './support/link-everything.js';

type Session = Awaited<ReturnType<typeof startFixtureHost>>;
const sessions: Session[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
});

async function setup(integrations: { id: string; config?: Record<string, unknown> }[]) {
  const session = await startFixtureHost({
    integrations: integrations.map((i) => ({ id: i.id, plugin: 'fixture-good', config: { apiKey: 'env:FIXTURE_KEY', clients: 3, agentsPerClient: 4, ...i.config } })),
  });
  sessions.push(session);
  const orchestrator = new SyncOrchestrator({ host: session.host, store: session.store, linking: linkEverythingTo(session.store, 'tenant-a'), batchSize: 5 });
  return { ...session, orchestrator };
}

describe('sync orchestrator', () => {
  it('lists clients, links, lists agents of linked clients, and reports counts', async () => {
    const { orchestrator, store } = await setup([{ id: 'fx-a' }]);
    const report = await orchestrator.sync();
    expect(report.integrations).toEqual([expect.objectContaining({ integrationId: 'fx-a', status: 'succeeded' })]);
    expect(report.integrations[0]?.counts).toMatchObject({ clients: 3, clientsInserted: 3, linkedClients: 3, agents: 12, agentsInserted: 12 });
    expect(await store.agents.count({ integrationId: 'fx-a' })).toBe(12);
    expect(await store.syncRuns.last('fx-a')).toMatchObject({ status: 'succeeded' });
  });

  it('lists only when asked, naming the tenants its listings feed (linked before or after), and identifies otherwise', async () => {
    const { host, store } = await setup([{ id: 'fx-a' }]);
    const runs: string[] = [];
    const identification = {
      identify: () => {
        runs.push('identify');
        return Promise.resolve({ agents: 0, computers: 0, conflicts: 0, needsIdentity: 0, identityScriptsRun: 0, written: 0 });
      },
    };
    const linkedTo = (tenantId: string, linking = linkEverythingTo(store, tenantId)): SyncOrchestrator => new SyncOrchestrator({ host, store, linking, identification });
    const listed = await linkedTo('tenant-a').sync({ identify: false });
    expect(runs).toEqual([]);
    expect(listed).toMatchObject({ tenantIds: ['tenant-a'], identification: undefined });
    expect(listed.integrations[0]).toMatchObject({ status: 'succeeded', counts: expect.objectContaining({ agentsInserted: 12 }) });

    // Linking moves the clients to tenant-b: tenant-a lost its agents, so both are named.
    const moving = linkEverythingTo(store, 'tenant-b');
    const moved = await linkedTo('tenant-b', {
      reconcile: (integrationId, at) => {
        store.db.prepare('DELETE FROM tenant_links').run();
        return moving.reconcile(integrationId, at);
      },
    }).sync({ identify: false });
    expect(moved.tenantIds).toEqual(['tenant-a', 'tenant-b']);
    expect(runs).toEqual([]);

    const full = await linkedTo('tenant-b').sync();
    expect(runs).toEqual(['identify']);
    expect(full.tenantIds).toBeUndefined();
    expect(full.identification).toMatchObject({ written: 0 });
  });

  it('writes nothing when re-run with no upstream change', async () => {
    const { orchestrator, store } = await setup([{ id: 'fx-a' }]);
    await orchestrator.sync();
    const before = await store.stats();
    const report = await orchestrator.sync();
    expect(report.rowsWritten).toBe(0);
    expect(report.integrations[0]?.counts).toMatchObject({ agentsUnchanged: 12, clientsUnchanged: 3, agentsWritten: 0, clientsWritten: 0 });
    const after = await store.stats();
    expect({ ...after, sync_runs: 0 }).toEqual({ ...before, sync_runs: 0 });
  });

  it('keeps syncing the other integrations when one fails', async () => {
    const { orchestrator } = await setup([{ id: 'fx-broken', config: { misbehave: 'throw' } }, { id: 'fx-ok' }]);
    const report = await orchestrator.sync();
    const byId = Object.fromEntries(report.integrations.map((r) => [r.integrationId, r]));
    expect(byId['fx-broken']).toMatchObject({ status: 'failed', error: { code: 'RMM_ERR_PLUGIN_CRASH' } });
    expect(byId['fx-ok']).toMatchObject({ status: 'succeeded' });
  });

  it('never marks agents gone after an interrupted listing', async () => {
    const { orchestrator, host, store } = await setup([{ id: 'fx-a' }]);
    await orchestrator.sync();
    // Same integration id, now failing half-way through the listing.
    const failing = await startFixtureHost({ integrations: [{ id: 'fx-a', plugin: 'fixture-good', config: { apiKey: 'env:FIXTURE_KEY', clients: 3, agentsPerClient: 4, misbehave: 'fail-mid-list' } }] });
    sessions.push(failing);
    const second = new SyncOrchestrator({ host: failing.host, store, linking: linkEverythingTo(store, 'tenant-a') });
    const report = await second.sync();
    expect(report.integrations[0]).toMatchObject({ status: 'partial', error: { code: 'RMM_ERR_TRANSIENT' } });
    expect(await store.agents.count({ integrationId: 'fx-a' })).toBe(12);
    void host;
  });

  it('marks nothing gone, and warns, when a listing suddenly returns no clients where clients were known', async () => {
    const { orchestrator, store } = await setup([{ id: 'fx-a' }]);
    await orchestrator.sync();
    const empty = await startFixtureHost({ integrations: [{ id: 'fx-a', plugin: 'fixture-good', config: { apiKey: 'env:FIXTURE_KEY', clients: 0, agentsPerClient: 4 } }] });
    sessions.push(empty);
    const report = await new SyncOrchestrator({ host: empty.host, store, linking: linkEverythingTo(store, 'tenant-a') }).sync();
    expect(report.integrations[0]).toMatchObject({ status: 'succeeded', counts: expect.objectContaining({ clients: 0, clientsGone: 0 }), warnings: [expect.stringMatching(/no clients where 3 were known; nothing was marked gone/)] });
    expect(await store.clients.list({ integrationId: 'fx-a' })).toHaveLength(3);
    expect(await store.agents.count({ integrationId: 'fx-a' })).toBe(12);
  });

  it('counts skipped records in the report and warns with a sample, without failing the sync', async () => {
    const { orchestrator } = await setup([{ id: 'fx-a', config: { misbehave: 'unreadable-record' } }, { id: 'fx-b', config: { misbehave: 'bad-records' } }]);
    const report = await orchestrator.sync();
    const byId = Object.fromEntries(report.integrations.map((r) => [r.integrationId, r]));
    // One unreadable agent per client (the plugin skips it) …
    expect(byId['fx-a']).toMatchObject({ status: 'succeeded', counts: { agents: 9, recordsSkipped: 3 } });
    expect(byId['fx-a']?.warnings).toEqual([expect.stringMatching(/^3 record\(s\) could not be read and were skipped, e\.g\. ListComputers skipped agent 0-1: RemoteAgentLastContact/)]);
    // … and a client failing the contract (the host skips it) are counted alike.
    expect(byId['fx-b']).toMatchObject({ status: 'succeeded', counts: { recordsSkipped: 1 } });
  });

  it('never marks an agent gone because its record could not be read this time', async () => {
    const { orchestrator, store } = await setup([{ id: 'fx-a' }]);
    await orchestrator.sync();
    const unreadable = await startFixtureHost({ integrations: [{ id: 'fx-a', plugin: 'fixture-good', config: { apiKey: 'env:FIXTURE_KEY', clients: 3, agentsPerClient: 4, misbehave: 'unreadable-record' } }] });
    sessions.push(unreadable);
    const report = await new SyncOrchestrator({ host: unreadable.host, store, linking: linkEverythingTo(store, 'tenant-a') }).sync();
    expect(report.integrations[0]).toMatchObject({ status: 'succeeded', counts: { recordsSkipped: 3, agentsGone: 0 } });
    expect(await store.agents.count({ integrationId: 'fx-a' })).toBe(12);
  });

  it('carries on past an unhealthy HealthCheck, reporting each failing check with its hint', async () => {
    const { orchestrator, store } = await setup([{ id: 'fx-a', config: { misbehave: 'unhealthy' } }]);
    const report = await orchestrator.sync();
    expect(report.integrations[0]).toMatchObject({ status: 'succeeded', warnings: [expect.stringMatching(/device-visibility failed.*Accept the EULA/)] });
    expect(await store.clients.list()).toHaveLength(3);
  });

  it('applies upstream changes on the next run, writing only what changed', async () => {
    const { orchestrator, store, host } = await setup([{ id: 'fx-a' }]);
    await orchestrator.sync();
    const renamed = await startFixtureHost({ integrations: [{ id: 'fx-a', plugin: 'fixture-good', config: { apiKey: 'env:FIXTURE_KEY', clients: 2, agentsPerClient: 4, hostnamePrefix: 'LAPTOP' } }] });
    sessions.push(renamed);
    const report = await new SyncOrchestrator({ host: renamed.host, store, linking: linkEverythingTo(store, 'tenant-a') }).sync();
    expect(report.integrations[0]?.counts).toMatchObject({ clientsGone: 1, agentsUpdated: 8 });
    expect((await store.agents.get('fx-a', '0-0'))?.hostname).toBe('LAPTOP-0-0');
    void host;
  });

  it('joins a sync already running for the same integration instead of starting a second', async () => {
    const { orchestrator } = await setup([{ id: 'fx-a' }]);
    const first = orchestrator.syncIntegration('fx-a');
    expect(orchestrator.isRunning('fx-a')).toBe(true);
    const second = orchestrator.syncIntegration('fx-a');
    expect(second).toBe(first);
    await first;
    expect(orchestrator.isRunning('fx-a')).toBe(false);
  });
});
