/**
 * The agent actions over the real SQLite store, with the host's capability calls faked:
 * retiring stale duplicates and moving misfiled agents is audited and lands in the timeline
 * only when the RMM did it; a failed delete, move or deploy is recorded as failed, never as done.
 */
import { describe, expect, it } from 'vitest';

import {
  AgentDeployService,
  AgentInstallerService,
  AgentMoveService,
  AgentRetirementService,
  ComputerQueries,
  IdentificationService,
  RmmError,
  type AgentInstaller,
  type AgentRef,
  type DeleteAgentResult,
  type IdentifiedAgent,
  type ScriptResult,
} from '@rmm-hub/core';

import { SqliteStore } from './sqlite-store.js';

const NOW = new Date('2025-06-01T00:00:00.000Z');
const DAYS_AGO = (n: number): string => new Date(NOW.getTime() - n * 86_400_000).toISOString();
const U1 = 'A1B2C3D4-0000-1111-2222-333344445555';

interface Seed { integrationId: string; tenantId: string; id: string; hostname: string; online: boolean; lastSeen: string; uuid: string }

function seed(integrationId: string, tenantId: string, id: string, o: Partial<Seed> = {}): Seed {
  return { integrationId, tenantId, id, hostname: `H${id}`, online: true, lastSeen: DAYS_AGO(0), uuid: `00000000-0000-4000-8000-${id.padStart(12, '0')}`, ...o };
}

function rmmAgent(s: Seed, clientId = `c-${s.tenantId}`): IdentifiedAgent {
  return { id: s.id, clientId, hostname: s.hostname, os: 'Microsoft Windows 11 Pro', online: s.online, lastSeen: s.lastSeen, identity: { smbiosUuid: s.uuid, macAddresses: [] }, canRunScripts: true };
}

/** Every integration has a client per tenant, linked to it; agents sit under their tenant's client. */
async function openStore(seeds: readonly Seed[]): Promise<{ store: SqliteStore; identification: IdentificationService }> {
  const store = SqliteStore.open({ path: ':memory:' });
  const at = NOW.toISOString();
  await store.transaction(async () => {
    for (const tenant of ['ta', 'tb']) await store.tenants.upsert({ id: tenant, name: tenant, domains: [], isMsp: false });
    for (const id of ['nc', 'cw']) {
      await store.integrations.upsert({ id, pluginId: id, displayName: id, enabled: true });
      for (const tenant of ['ta', 'tb']) {
        await store.clients.upsertMany(id, [{ id: `c-${tenant}`, name: `c-${tenant}`, kind: 'customer', hints: { domains: [], externalIds: {} } }], at);
        await store.links.putLink({ integrationId: id, clientId: `c-${tenant}`, tenantId: tenant, source: 'manual', reasons: [], createdAt: at });
      }
    }
    for (const s of seeds) await store.agents.upsertMany(s.integrationId, [rmmAgent(s)], at);
  });
  const identification = new IdentificationService({ store, now: () => NOW });
  await identification.run();
  return { store, identification };
}

type DeleteFake = (agent: AgentRef, o: { dryRun: boolean }) => Promise<DeleteAgentResult>;

function retirementOf(store: SqliteStore, deleteAgent: DeleteFake): AgentRetirementService {
  return new AgentRetirementService({ store, deleteAgent, canDelete: () => true, now: () => NOW });
}

const reinstall = [
  seed('nc', 'ta', '1', { online: false, lastSeen: DAYS_AGO(90), uuid: U1, hostname: 'PC1' }),
  seed('nc', 'ta', '2', { uuid: U1, hostname: 'PC1' }),
];

describe('AgentRetirementService', () => {
  it('dry-runs, deletes, audits and records the retirement in the timeline', async () => {
    const { store } = await openStore(reinstall);
    const calls: string[] = [];
    const service = retirementOf(store, async (agent, o) => {
      calls.push(`${agent.agentId}:${o.dryRun ? 'dry' : 'delete'}`);
      return { agentId: agent.agentId, applied: !o.dryRun, message: o.dryRun ? 'would retire' : 'retired' };
    });
    const plan = await service.plan();
    expect(plan.steps.map((s) => [s.agent.agentId, s.keep.agentId, s.action])).toEqual([['1', '2', 'delete-agent']]);
    expect(calls).toEqual([]);
    const outcomes = await service.apply(plan, { actor: 'dave' });
    expect(calls).toEqual(['1:dry', '1:delete']);
    expect(outcomes.map((o) => o.status)).toEqual(['done']);
    expect(await store.audit.list({ action: 'agent:retire' })).toEqual([expect.objectContaining({ actor: 'dave', subject: 'agent:nc/1' })]);
    const computerId = plan.steps[0]!.computerId;
    expect((await store.computers.timeline(computerId)).filter((t) => t.kind === 'agent-retired')).toEqual([expect.objectContaining({ opId: outcomes[0]!.actionId })]);
    // Gone at once: the plan no longer offers it, and the agent it was kept for stays.
    expect((await store.agents.get('nc', '1'))?.goneAt).toBe(NOW.toISOString());
    expect((await store.agents.get('nc', '2'))?.goneAt).toBeUndefined();
    expect((await service.plan()).steps).toEqual([]);
  });

  it('records a failed delete as failed: no timeline entry, no retire audit', async () => {
    const { store } = await openStore(reinstall);
    const service = retirementOf(store, async (agent, o) => {
      if (!o.dryRun) throw new RmmError('RMM_ERR_PERMISSION', 'Computers.Delete is missing');
      return { agentId: agent.agentId, applied: false, message: 'would retire' };
    });
    const outcomes = await service.apply(await service.plan(), { actor: 'dave' });
    expect(outcomes.map((o) => [o.status, o.message])).toEqual([['failed', '[RMM_ERR_PERMISSION] Computers.Delete is missing']]);
    expect(await store.audit.list({ action: 'agent:retire' })).toEqual([]);
    expect(await store.audit.list({ action: 'agent:retire-failed' })).toHaveLength(1);
    expect((await store.computers.timeline(outcomes[0]!.step.computerId)).some((t) => t.kind === 'agent-retired')).toBe(false);
  });

  it('does not take "not applied" for done', async () => {
    const { store } = await openStore(reinstall);
    const service = retirementOf(store, async (agent) => ({ agentId: agent.agentId, applied: false, message: 'turned off' }));
    expect((await service.apply(await service.plan(), { actor: 'dave' }))[0]?.status).toBe('failed');
    expect(await store.audit.list({ action: 'agent:retire' })).toEqual([]);
  });

  it('skips an agent that came back online after the preview, without calling the RMM', async () => {
    const { store } = await openStore(reinstall);
    let called = false;
    const service = retirementOf(store, async (agent) => {
      called = true;
      return { agentId: agent.agentId, applied: true, message: '' };
    });
    const plan = await service.plan();
    await store.agents.upsertMany('nc', [rmmAgent({ ...reinstall[0]!, online: true, lastSeen: NOW.toISOString() })], NOW.toISOString());
    expect((await service.apply(plan, { actor: 'dave' }))[0]).toMatchObject({ status: 'skipped', message: expect.stringMatching(/online/) });
    expect(called).toBe(false);
  });
});

// ACME's machine PC-9 is filed under tenant tb's client in Automate (cw), under ta in N-central.
const names = (tenant: string, prefix: string, integrationId: string, from: number) =>
  [1, 2, 3, 4].map((n) => seed(integrationId, tenant, String(from + n), { hostname: `${prefix}-WS-00${n}` }));
const misfiled = [
  ...names('ta', 'ACME', 'nc', 100),
  ...names('tb', 'GLOBEX', 'nc', 200),
  seed('nc', 'ta', '9', { uuid: U1, hostname: 'ACME-WS-009' }),
  seed('cw', 'tb', '9', { uuid: U1, hostname: 'ACME-WS-009' }),
];

function movesOf(store: SqliteStore, identification: IdentificationService, o: { failMove?: boolean; notMoved?: boolean } = {}) {
  const moved: string[] = [];
  const where = new Map<string, string>();
  const service = new AgentMoveService({
    store,
    canMove: (integrationId) => integrationId === 'cw',
    moveAgent: async (agent, target) => {
      if (o.failMove) throw new RmmError('RMM_ERR_PERMISSION', 'Computers.Edit is missing');
      moved.push(`${agent.integrationId}/${agent.agentId}>${target}`);
      if (!o.notMoved) where.set(agent.agentId, target);
    },
    findAgent: async (agent, clientId) => {
      const s = misfiled.find((m) => m.integrationId === agent.integrationId && m.id === agent.agentId)!;
      return (where.get(agent.agentId) ?? `c-${s.tenantId}`) === clientId ? rmmAgent(s, clientId) : undefined;
    },
    reidentify: async () => await identification.run(),
    now: () => NOW,
  });
  return { service, moved };
}

describe('AgentMoveService', () => {
  it('moves the misfiled agent, identifies again (the conflict closes) and can move it back', async () => {
    const { store, identification } = await openStore(misfiled);
    expect((await new ComputerQueries(store).listConflicts()).map((c) => c.kind)).toEqual(['cross-tenant']);
    const { service, moved } = movesOf(store, identification);
    const plan = await service.plan();
    expect(plan.steps.map((s) => [`${s.agent.integrationId}/${s.agent.agentId}`, s.from.clientId, s.to.clientId, s.action])).toEqual([['cw/9', 'c-tb', 'c-ta', 'move-agent']]);
    const report = await service.apply(plan, { actor: 'dave' });
    expect(report).toMatchObject({ reidentified: true, outcomes: [{ status: 'done' }] });
    expect(moved).toEqual(['cw/9>c-ta']);
    expect(await new ComputerQueries(store).listConflicts()).toEqual([]);
    expect(await store.computers.computerOf({ integrationId: 'cw', agentId: '9' })).toBe(await store.computers.computerOf({ integrationId: 'nc', agentId: '9' }));
    expect(await store.audit.list({ action: 'agent:move' })).toHaveLength(1);
    expect((await store.computers.timeline(plan.steps[0]!.computerId)).filter((t) => t.kind === 'agent-moved')).toHaveLength(1);

    const undo = await service.undo(report.outcomes[0]!.actionId!, { actor: 'dave' });
    expect(undo.status).toBe('done');
    expect(moved).toEqual(['cw/9>c-ta', 'cw/9>c-tb']);
    expect((await store.agents.get('cw', '9'))?.clientId).toBe('c-tb');
    expect((await new ComputerQueries(store).listConflicts()).map((c) => c.kind)).toEqual(['cross-tenant']);
    await expect(service.undo(report.outcomes[0]!.actionId!, { actor: 'dave' })).rejects.toMatchObject({ code: 'RMM_ERR_NOT_FOUND' });
  });

  it('moves only the current agent of a misfiled machine, not the stale one of its reinstall', async () => {
    // The Automate side also carries an older agent of a reinstall (offline, same identity).
    const { store, identification } = await openStore([...misfiled, seed('cw', 'tb', '8', { uuid: U1, hostname: 'ACME-WS-009', online: false, lastSeen: DAYS_AGO(90) })]);
    const { service } = movesOf(store, identification);
    expect((await service.plan()).steps.map((s) => `${s.agent.integrationId}/${s.agent.agentId}`)).toEqual(['cw/9']);
  });

  it('records a refused move as failed and changes nothing', async () => {
    const { store, identification } = await openStore(misfiled);
    const { service } = movesOf(store, identification, { failMove: true });
    const report = await service.apply(await service.plan(), { actor: 'dave' });
    expect(report).toMatchObject({ reidentified: false, outcomes: [{ status: 'failed', message: '[RMM_ERR_PERMISSION] Computers.Edit is missing' }] });
    expect((await store.agents.get('cw', '9'))?.clientId).toBe('c-tb');
    expect(await store.audit.list({ action: 'agent:move' })).toEqual([]);
    expect(await store.audit.list({ action: 'agent:move-failed' })).toHaveLength(1);
    expect(await new ComputerQueries(store).listConflicts()).toHaveLength(1);
  });

  it('records a move the RMM accepted but did not carry out as failed', async () => {
    const { store, identification } = await openStore(misfiled);
    const { service } = movesOf(store, identification, { notMoved: true });
    const report = await service.apply(await service.plan(), { actor: 'dave' });
    expect(report.outcomes[0]).toMatchObject({ status: 'failed', message: expect.stringMatching(/does not list the agent under c-ta/) });
    expect(await store.audit.list({ action: 'agent:move' })).toEqual([]);
  });

  it("plans a person's choice of tenant for a conflict the names cannot decide", async () => {
    const { store, identification } = await openStore(misfiled);
    const { service } = movesOf(store, identification);
    const conflictId = (await new ComputerQueries(store).listConflicts())[0]!.id;
    const plan = await service.planFor(conflictId, 'tb', 'dave');
    expect(plan.steps.map((s) => [`${s.agent.integrationId}/${s.agent.agentId}`, s.to.clientId, s.action, s.reason])).toEqual([['nc/9', 'c-tb', 'manual', 'dave chose tenant tb']]);
    await expect(service.planFor(conflictId, 'tz', 'dave')).rejects.toThrow(/not part of conflict/);
  });
});

describe('AgentInstallerService', () => {
  it('issues an installer for a known client and audits it without the token', async () => {
    const { store } = await openStore([]);
    const asked: string[] = [];
    const service = new AgentInstallerService({
      store,
      canIssue: (integrationId) => integrationId === 'cw',
      getInstaller: async (integrationId, request) => {
        asked.push(`${integrationId}/${request.clientId}/${request.platform}`);
        return { clientId: request.clientId, platform: request.platform, token: 'tok-secret-123', expiresAt: NOW.toISOString(), instructions: 'run it' };
      },
    });
    expect((await service.issue('cw', 'c-ta', 'windows', { actor: 'dave' })).token).toBe('tok-secret-123');
    expect(asked).toEqual(['cw/c-ta/windows']);
    const [entry] = await store.audit.list({ action: 'agent:installer' });
    expect(entry).toMatchObject({ actor: 'dave', subject: 'client:cw/c-ta', details: { platform: 'windows', token: true } });
    expect(JSON.stringify(entry)).not.toContain('tok-secret-123');
    await expect(service.issue('cw', 'nope', 'windows', { actor: 'dave' })).rejects.toMatchObject({ code: 'RMM_ERR_NOT_FOUND' });
    await expect(service.issue('nc', 'c-ta', 'windows', { actor: 'dave' })).rejects.toMatchObject({ code: 'RMM_ERR_UNSUPPORTED' });
    expect(asked).toHaveLength(1);
  });
});

// PC-5 of tenant ta runs only the N-central agent; ta is linked in Automate (cw) too.
const TOKEN = 'tok-0123456789abcdef-secret';
const ncOnly = [seed('nc', 'ta', '5', { hostname: 'PC-5' }), seed('nc', 'tb', '6', { hostname: 'PC-6' }), seed('cw', 'tb', '6', { hostname: 'PC-6' })];

function deploysOf(store: SqliteStore, o: { script?: boolean; result?: Partial<ScriptResult>; runFails?: boolean } = {}) {
  const runs: string[] = [];
  const protectedSecrets: string[] = [];
  const issued: string[] = [];
  const service = new AgentDeployService({
    store,
    canIssue: () => true,
    canRunScripts: () => true,
    issueInstaller: async (integrationId, clientId, platform) => {
      issued.push(`${integrationId}/${clientId}/${platform}`);
      const installer: AgentInstaller = { clientId, platform, token: TOKEN, url: `https://cw.example/LabTech/Deployment.aspx?InstallerToken=${TOKEN}`, instructions: 'run it' };
      return o.script === false ? installer : { ...installer, installScript: { language: 'powershell', body: `Invoke-WebRequest -Uri '${installer.url}'` } };
    },
    runOnAgent: async (agent, script) => {
      runs.push(`${agent.integrationId}/${agent.agentId}:${script.language}:${script.body.includes(TOKEN)}`);
      if (o.runFails) throw new RmmError('RMM_ERR_UNREACHABLE', 'the agent did not pick up the task');
      return { status: 'success', exitCode: 0, output: '', startedAt: NOW.toISOString(), finishedAt: NOW.toISOString(), durationMs: 1, ...o.result };
    },
    protect: (secret) => protectedSecrets.push(secret),
    now: () => NOW,
  });
  return { service, runs, issued, protectedSecrets };
}

describe('AgentDeployService', () => {
  it('previews with the token masked, then installs through the agent the computer has: audited, on the timeline, never the token', async () => {
    const { store } = await openStore(ncOnly);
    const { service, runs, issued, protectedSecrets } = deploysOf(store);
    const plan = await service.plan();
    expect(plan.steps.map((s) => [s.target.integrationId, s.target.clientId, `${s.via.integrationId}/${s.via.agentId}`, s.platform, s.action])).toEqual([['cw', 'c-ta', 'nc/5', 'windows', 'deploy']]);
    const [preview] = await service.preview(plan, { actor: 'dave' });
    expect(preview?.installer).toMatchObject({ token: '••••cret', installScript: { language: 'powershell', body: expect.stringContaining('InstallerToken=••••cret') } });
    expect(JSON.stringify(preview)).not.toContain(TOKEN);
    expect(runs).toEqual([]);

    const [outcome] = await service.apply(plan, { actor: 'dave' });
    expect(outcome).toMatchObject({ status: 'done', actionId: expect.stringMatching(/^act_deploy_/) });
    expect(runs).toEqual(['nc/5:powershell:true']);
    expect(issued).toEqual(['cw/c-ta/windows', 'cw/c-ta/windows']);
    expect(protectedSecrets).toEqual([TOKEN, TOKEN]);
    const computerId = plan.steps[0]!.computerId;
    expect(await store.audit.list({ action: 'agent:deploy' })).toEqual([expect.objectContaining({ actor: 'dave', subject: `computer:${computerId}` })]);
    expect((await store.computers.timeline(computerId)).filter((t) => t.kind === 'agent-deployed')).toEqual([expect.objectContaining({ opId: outcome!.actionId })]);
    expect(JSON.stringify([await store.audit.list({}), await store.computers.timeline(computerId)])).not.toContain(TOKEN);
  });

  it('records a failed install script as failed, the token masked in what it printed', async () => {
    const { store } = await openStore(ncOnly);
    const { service } = deploysOf(store, { result: { status: 'failed', exitCode: 1603, output: `msiexec failed for ${TOKEN}` } });
    const [outcome] = await service.apply(await service.plan(), { actor: 'dave' });
    expect(outcome).toMatchObject({ status: 'failed', message: 'the install script ended failed (exit code 1603): msiexec failed for ••••cret' });
    expect(await store.audit.list({ action: 'agent:deploy' })).toEqual([]);
    expect(await store.audit.list({ action: 'agent:deploy-failed' })).toHaveLength(1);
    expect((await store.computers.timeline(outcome!.step.computerId)).some((t) => t.kind === 'agent-deployed')).toBe(false);
  });

  it('records an RMM that could not run the script as failed', async () => {
    const { store } = await openStore(ncOnly);
    const { service } = deploysOf(store, { runFails: true });
    const [outcome] = await service.apply(await service.plan(), { actor: 'dave' });
    expect(outcome).toMatchObject({ status: 'failed', message: '[RMM_ERR_UNREACHABLE] the agent did not pick up the task' });
    expect(await store.audit.list({ action: 'agent:deploy' })).toEqual([]);
  });

  it('leaves an installer without a silent install to a person', async () => {
    const { store } = await openStore(ncOnly);
    const { service, runs } = deploysOf(store, { script: false });
    const [outcome] = await service.apply(await service.plan(), { actor: 'dave' });
    expect(outcome).toMatchObject({ status: 'manual', message: expect.stringMatching(/rmm-hub agents installer cw c-ta --platform windows/) });
    expect(runs).toEqual([]);
  });

  it('skips a computer that gained the agent since the preview, without issuing or running anything', async () => {
    const { store, identification } = await openStore(ncOnly);
    const { service, runs, issued } = deploysOf(store);
    const plan = await service.plan();
    await store.agents.upsertMany('cw', [rmmAgent(seed('cw', 'ta', '5', { hostname: 'PC-5' }))], NOW.toISOString());
    await identification.run();
    expect((await service.apply(plan, { actor: 'dave' }))[0]).toMatchObject({ status: 'skipped' });
    expect([runs, issued]).toEqual([[], []]);
  });
});
