import { afterEach, describe, expect, it } from 'vitest';

import { ComputerQueries, IdentificationService, identificationStep, ScriptRouter, SyncOrchestrator } from '@rmm-hub/core';

import { startFixtureHost } from './support/fixture-plugins.js';
import { linkEverythingTo } from './support/link-everything.js';

type Session = Awaited<ReturnType<typeof startFixtureHost>>;
const sessions: Session[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
});

/** Two integrations seeing the same machines (same UUIDs), synced and identified. */
async function twoRmmsOneFleet(first: Record<string, unknown>, linkClients = true) {
  const base = { apiKey: 'env:FIXTURE_KEY', clients: 2, agentsPerClient: 2, withIdentity: true };
  const session = await startFixtureHost({
    integrations: [
      { id: 'fx-a', plugin: 'fixture-good', config: { ...base, ...first } },
      { id: 'fx-b', plugin: 'fixture-good', config: base },
    ],
  });
  sessions.push(session);
  const { host, store } = session;
  const identification = new IdentificationService({ store, config: { identityScript: { enabled: false } } });
  const linking = linkClients ? linkEverythingTo(store, 'tenant-a') : { reconcile: async () => ({ linked: 0, suggested: 0, written: 0 }) };
  await new SyncOrchestrator({ host, store, linking, identification: identificationStep(identification, new ComputerQueries(store), { gatherIdentities: false }) }).sync();
  return { ...session, router: new ScriptRouter(host, store) };
}

describe('script routing', () => {
  it('runs through one agent of the computer and audits who, what (hash), where and the result', async () => {
    const { router, store } = await twoRmmsOneFleet({});
    const computerId = (await store.computers.computerOf({ integrationId: 'fx-a', agentId: '0-0' }))!;
    expect(await store.computers.computerOf({ integrationId: 'fx-b', agentId: '0-0' })).toBe(computerId);
    const outcome = await router.runScript(computerId, { language: 'powershell', body: 'hostname' }, { actor: 'alice' });
    expect(outcome.result.status).toBe('success');
    const [run] = await store.scriptRuns.list({ computerId });
    expect(run).toMatchObject({ actor: 'alice', status: 'success', scriptSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await store.audit.list({ subject: `computer:${computerId}`, action: 'script:run' }))[0]).toMatchObject({ actor: 'alice' });
  });

  it('falls back to the next RMM when the first cannot reach the agent, auditing both attempts', async () => {
    const { router, store } = await twoRmmsOneFleet({ misbehave: 'script-unreachable' });
    const computerId = (await store.computers.computerOf({ integrationId: 'fx-a', agentId: '1-1' }))!;
    const outcome = await router.runScript(computerId, { language: 'cmd', body: 'ver' }, { actor: 'bob' });
    expect(outcome.integrationId).toBe('fx-b');
    expect(outcome.attempts.map((a) => [a.integrationId, a.status])).toEqual([
      ['fx-a', 'error'],
      ['fx-b', 'success'],
    ]);
    expect((await store.scriptRuns.list({ computerId })).map((r) => r.status).sort()).toEqual(['error', 'success']);
  });

  it('never reaches an agent of a client that is not linked to a tenant', async () => {
    const { router, host, store } = await twoRmmsOneFleet({}, true);
    store.db.prepare('DELETE FROM tenant_links').run();
    const computerId = (await store.computers.computerOf({ integrationId: 'fx-a', agentId: '0-0' }))!;
    await expect(router.runScript(computerId, { language: 'powershell', body: 'hostname' }, { actor: 'eve' })).rejects.toMatchObject({ code: 'RMM_ERR_UNSUPPORTED' });
    await expect(router.runOnAgent({ integrationId: 'fx-a', agentId: '0-0' }, { language: 'powershell', body: 'x' }, { actor: 'eve' })).rejects.toMatchObject({ code: 'RMM_ERR_UNSUPPORTED' });
    expect(await store.scriptRuns.list()).toEqual([]);
    void host;
  });

  it('with maintenance: puts the agent in maintenance mode for the run and takes it out after, audited in order', async () => {
    const { router, store } = await twoRmmsOneFleet({});
    const computerId = (await store.computers.computerOf({ integrationId: 'fx-a', agentId: '0-0' }))!;
    const outcome = await router.runScript(computerId, { language: 'powershell', body: 'hostname' }, { actor: 'alice', maintenance: true });
    expect(outcome.attempts.map((a) => [a.status, a.maintenance])).toEqual([['success', 'on-off']]);
    const subject = `agent:${outcome.integrationId}/${outcome.agentId}`;
    // The audit log lists newest first.
    expect((await store.audit.list({})).filter((e) => e.subject === subject || e.action === 'script:run').map((e) => e.action).reverse()).toEqual(['maintenance:on', 'script:run', 'maintenance:off']);
    // Without the flag nothing is switched.
    await router.runScript(computerId, { language: 'powershell', body: 'hostname' }, { actor: 'alice' });
    expect(await store.audit.list({ action: 'maintenance:on' })).toHaveLength(1);
  });

  it('takes the agent out of maintenance mode again when the run fails', async () => {
    const { router, store } = await twoRmmsOneFleet({ misbehave: 'script-unreachable' });
    const computerId = (await store.computers.computerOf({ integrationId: 'fx-a', agentId: '1-1' }))!;
    const outcome = await router.runScript(computerId, { language: 'cmd', body: 'ver' }, { actor: 'bob', maintenance: true });
    expect(outcome.attempts.map((a) => [a.integrationId, a.status, a.maintenance])).toEqual([
      ['fx-a', 'error', 'on-off'],
      ['fx-b', 'success', 'on-off'],
    ]);
    expect((await store.audit.list({ action: 'maintenance:off' })).map((e) => e.subject).sort()).toEqual(['agent:fx-a/1-1', 'agent:fx-b/1-1']);
  });

  it('reports and audits a maintenance mode the RMM would not switch off', async () => {
    const { router, store } = await twoRmmsOneFleet({ misbehave: 'maintenance-stuck' });
    const computerId = (await store.computers.computerOf({ integrationId: 'fx-a', agentId: '0-1' }))!;
    const outcome = await router.runScript(computerId, { language: 'cmd', body: 'ver' }, { actor: 'carol', maintenance: true, integrationId: 'fx-a' });
    expect(outcome.attempts.map((a) => [a.status, a.maintenance])).toEqual([['success', 'left-on']]);
    expect(await store.audit.list({ action: 'maintenance:off-failed' })).toEqual([expect.objectContaining({ subject: 'agent:fx-a/0-1', details: expect.objectContaining({ error: expect.stringMatching(/did not answer/) }) })]);
  });
});
