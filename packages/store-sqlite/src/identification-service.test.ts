/**
 * The identification service over the real SQLite store: incremental runs write nothing,
 * conflicts queue and resolve, every decision and every run's merges/splits undo to the exact
 * previous state, identity scripts retry with backoff and feed their answers back.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';

import {
  formatIdentityOutput,
  ComputerQueries,
  IdentificationService,
  type AgentIdentity,
  type IdentificationAgent,
  type ScriptResultInput,
} from '@rmm-hub/core';

import { SqliteStore } from './sqlite-store.js';

const AT = '2025-06-01T00:00:00.000Z';
const U1 = 'A1B2C3D4-0000-1111-2222-333344445555';

function agent(integrationId: string, agentId: string, o: Partial<Omit<IdentificationAgent, 'identity'>> & { identity?: Partial<AgentIdentity> } = {}): IdentificationAgent {
  const { identity, ...rest } = o;
  return { tenantId: 'ta', integrationId, agentId, hostname: `H${agentId}`, online: false, lastSeen: AT, canRunScripts: true, ...rest, identity: { macAddresses: [], ...identity } };
}

async function openStore(agents: readonly IdentificationAgent[]): Promise<SqliteStore> {
  const store = SqliteStore.open({ path: ':memory:' });
  await store.transaction(async () => {
    for (const id of ['nc', 'cw']) await store.integrations.upsert({ id, pluginId: id, displayName: id, enabled: true });
    for (const id of ['ta', 'tb']) await store.tenants.upsert({ id, name: id, domains: [], isMsp: false });
    // Each agent under a client of its tenant, linked, so a run from the store sees what one in memory sees.
    for (const a of agents) {
      const clientId = `c-${a.tenantId}`;
      await store.clients.upsertMany(a.integrationId, [{ id: clientId, name: clientId, kind: 'customer', hints: { domains: [], externalIds: {} } }], AT);
      await store.links.putLink({ integrationId: a.integrationId, clientId, tenantId: a.tenantId, source: 'manual', reasons: [], createdAt: AT });
      await store.agents.upsertMany(a.integrationId, [{ id: a.agentId, clientId, hostname: a.hostname, online: a.online, lastSeen: a.lastSeen, identity: a.identity, canRunScripts: a.canRunScripts }], AT);
    }
  });
  return store;
}

/** Links and active computers: what undo must restore. */
async function snapshot(store: SqliteStore): Promise<{ links: string[]; computers: string[]; pins: string[] }> {
  const all = await store.computers.loadAll();
  return {
    links: all.links.map((l) => `${l.integrationId}/${l.agentId}>${l.computerId}`).sort(),
    computers: all.computers.filter((c) => c.retiredAt === undefined).map((c) => c.id).sort(),
    pins: all.pins.map((p) => `${p.integrationId}/${p.agentId}>${p.computerId}`).sort(),
  };
}

const clones = [
  agent('nc', '1', { identity: { smbiosUuid: U1, serialNumber: 'VM-A' } }),
  agent('nc', '2', { identity: { smbiosUuid: U1, serialNumber: 'VM-B' } }),
  agent('cw', '1', { identity: { smbiosUuid: U1, serialNumber: 'VM-A' } }),
];

describe('IdentificationService (SQLite)', () => {
  it('a run with no change writes nothing', async () => {
    const store = await openStore(clones);
    const service = new IdentificationService({ store, now: () => new Date(AT) });
    const first = await service.run(clones);
    expect(first.computersCreated).toBe(2);
    const before = await store.changes();
    const again = await service.run([...clones].reverse());
    expect(again.linksWritten).toBe(0);
    expect(await store.changes()).toBe(before);
  });

  it('says where its time went: survey, read, identify and write add up to the run', async () => {
    const store = await openStore(clones);
    const { durationMs, phases } = await new IdentificationService({ store, now: () => new Date(AT) }).run();
    expect(phases.surveyMs + phases.readMs + phases.identifyMs + phases.writeMs).toBeCloseTo(durationMs, 6);
    expect(phases.readMs).toBeGreaterThan(0); // the tenant's agents were read from the store again
  });

  it('announces each new computer, and the conflicts, once the run has committed them', async () => {
    const store = await openStore(clones);
    const events: string[] = [];
    const committed: boolean[] = [];
    const service = new IdentificationService({
      store,
      now: () => new Date(AT),
      emit: (name, payload) => {
        events.push(`${name} ${JSON.stringify(payload)}`);
        committed.push(!store.db.inTransaction);
      },
    });
    const run = await service.run(clones);
    const created = (await snapshot(store)).computers.map((id) => `computer:created ${JSON.stringify({ computerId: id, tenantId: 'ta' })}`);
    expect(events.filter((e) => e.startsWith('computer:created')).sort()).toEqual(created.sort());
    expect(events.filter((e) => e.startsWith('computer:conflict'))).toHaveLength(run.conflictsOpened);
    expect(committed.every(Boolean)).toBe(true); // no listener hears of a computer its unit of work could still roll back
    events.length = 0;
    await service.run(clones);
    expect(events).toEqual([]);
    await store.close();
  });

  it('announces nothing of a run that rolls back', async () => {
    const store = await openStore(clones);
    const events: string[] = [];
    const service = new IdentificationService({ store, now: () => new Date(AT), emit: (name) => events.push(name) });
    store.computers.upsertConflicts = () => {
      throw new Error('disk on fire');
    };
    await expect(service.run(clones)).rejects.toThrow('disk on fire');
    expect(events).toEqual([]);
    expect(await store.computers.counts()).toEqual({ computers: 0, links: 0 });
    await store.close();
  });

  it('queues a clone conflict; merge, then undo, restore the exact previous state', async () => {
    const store = await openStore(clones);
    const service = new IdentificationService({ store, now: () => new Date(AT) });
    await service.run(clones);
    const [conflict] = await new ComputerQueries(store).listConflicts();
    expect(conflict?.kind).toBe('clone');
    const before = await snapshot(store);

    const merged = await service.resolveConflict(conflict?.id as string, 'merge', { actor: 'alice', reason: 'same VM' });
    expect(await new ComputerQueries(store).listComputers()).toHaveLength(1);
    expect(await new ComputerQueries(store).listConflicts()).toEqual([]);
    // The decision sticks: the next run keeps them together.
    await service.run(clones);
    expect(await new ComputerQueries(store).listComputers()).toHaveLength(1);

    await service.undo(merged.opId, { actor: 'alice' });
    expect(await snapshot(store)).toEqual(before);
    expect((await new ComputerQueries(store).listConflicts())[0]?.status).toBe('open');
    const timeline = (await new ComputerQueries(store).describeComputer(merged.computerIds[0] as string, { timeline: true }))?.timeline ?? [];
    expect(timeline.map((e) => e.kind)).toContain('undone');
    await expect(service.undo(merged.opId, { actor: 'alice' })).rejects.toThrow(expect.objectContaining({ code: 'RMM_ERR_IDENTIFICATION_ALREADY_UNDONE' }));
  });

  it('refuses to merge across tenants', async () => {
    const agents = [agent('nc', '1', { tenantId: 'ta', identity: { smbiosUuid: U1 } }), agent('cw', '1', { tenantId: 'tb', identity: { smbiosUuid: U1 } })];
    const store = await openStore(agents);
    const service = new IdentificationService({ store, now: () => new Date(AT) });
    await service.run(agents);
    const [conflict] = await new ComputerQueries(store).listConflicts();
    expect(conflict?.kind).toBe('cross-tenant');
    await expect(service.resolveConflict(conflict?.id as string, 'merge', { actor: 'bob' })).rejects.toThrow(expect.objectContaining({ code: 'RMM_ERR_IDENTIFICATION_CROSS_TENANT_MERGE' }));
    await service.resolveConflict(conflict?.id as string, 'keep-apart', { actor: 'bob' });
    await service.run(agents);
    expect(await new ComputerQueries(store).listConflicts()).toEqual([]);
    expect(await new ComputerQueries(store).listConflicts({ status: 'resolved' })).toHaveLength(1);
  });

  it('records a run that moves agents as an undoable merge in the timeline', async () => {
    const a = agent('nc', '1', { identity: { smbiosUuid: U1 } });
    const b = agent('cw', '1', { identity: { serialNumber: 'SN-1', manufacturer: 'Dell' } });
    const store = await openStore([a, b]);
    const service = new IdentificationService({ store, now: () => new Date(AT) });
    await service.run([a, b]);
    const before = await snapshot(store);
    // The RMM now reports the serial on the first agent too: the two are one machine.
    const a2 = { ...a, identity: { ...a.identity, serialNumber: 'SN-1', manufacturer: 'Dell' } };
    const run = await service.run([a2, b]);
    expect(run.agentsMoved).toBe(1);
    const target = (await new ComputerQueries(store).listComputers())[0];
    expect((await new ComputerQueries(store).describeComputer(target?.id as string, { timeline: true }))?.timeline?.[0]).toMatchObject({ kind: 'merged', opId: run.opId });
    await service.undo(run.opId as string, { actor: 'carol' });
    expect((await snapshot(store)).links).toEqual(before.links);
    // The undo pins the agents, so the next run does not redo the merge.
    await service.run([a2, b]);
    expect((await snapshot(store)).links).toEqual(before.links);
  });

  it.each(['in memory', 'from the store'] as const)('runs the identity script with retries and feeds the answer back (agents %s)', async (source) => {
    const a = agent('nc', '1', { hostname: 'PC1', identity: { smbiosUuid: U1 } });
    const b = agent('cw', '7', { hostname: 'PC1-RENAMED', online: true });
    const c = agent('cw', '8', { hostname: 'UNREACHABLE', online: true });
    const d = agent('cw', '9', { hostname: 'OFF', online: false }); // offline: never tried, it would only time out
    const store = await openStore([a, b, c, d]);
    const calls: string[] = [];
    const sleeps: number[] = [];
    const runIdentityScript = async (ref: { agentId: string }): Promise<ScriptResultInput> => {
      calls.push(ref.agentId);
      if (ref.agentId === '8') throw Object.assign(new Error('agent offline'), { code: 'RMM_ERR_TIMEOUT' });
      if (calls.filter((x) => x === '7').length === 1) return { status: 'failed', exitCode: 1, output: 'WMI error', startedAt: AT, finishedAt: AT, durationMs: 5 };
      return { status: 'success', exitCode: 0, output: formatIdentityOutput({ smbiosUuid: U1.toLowerCase(), serialNumber: 'S' }), startedAt: AT, finishedAt: AT, durationMs: 5 };
    };
    const service = new IdentificationService({ store, runIdentityScript, now: () => new Date(AT), sleep: async (ms) => void sleeps.push(ms), config: { identityScript: { baseDelayMs: 100 } } });
    const agents = source === 'in memory' ? [a, b, c, d] : undefined;
    const summary = await service.gatherIdentities(agents);
    expect(calls).not.toContain('9');
    expect(summary).toMatchObject({ attempted: 2, succeeded: 1 });
    expect(summary.failed).toEqual([expect.objectContaining({ agentId: '8', attempts: 3, error: expect.stringContaining('RMM_ERR_TIMEOUT') })]);
    expect(sleeps).toEqual([100, 100, 200]);
    expect(await store.computers.computerOf({ integrationId: 'cw', agentId: '7' })).toBe(await store.computers.computerOf({ integrationId: 'nc', agentId: '1' }));
    // Recording each run is the runner's (the host's script router); gathering adds no record of its own.
    expect(await store.scriptRuns.list({ integrationId: 'cw' })).toEqual([]);
    // The failed agent waits out its backoff: an immediate retry does not run the script again.
    calls.length = 0;
    await service.gatherIdentities(agents);
    expect(calls).toEqual([]);
  });

  it('stores each identity answer as it arrives: a crash mid-way loses none already given', async () => {
    const agents = ['1', '2', '3'].map((id) => agent('cw', id, { hostname: `PC${id}`, online: true }));
    const store = await openStore(agents);
    let third: () => void = () => undefined;
    const thirdAsked = new Promise<void>((resolve) => (third = resolve));
    const runIdentityScript = async (ref: { agentId: string }): Promise<ScriptResultInput> => {
      if (ref.agentId === '3') {
        third();
        return new Promise<never>(() => undefined); // the process dies while this one runs
      }
      return { status: 'success', exitCode: 0, output: formatIdentityOutput({ smbiosUuid: `0000000${ref.agentId}-1111-2222-3333-444455556666`, serialNumber: `S${ref.agentId}` }), startedAt: AT, finishedAt: AT, durationMs: 5 };
    };
    const service = new IdentificationService({ store, runIdentityScript, now: () => new Date(AT), config: { identityScript: { concurrency: 1 } } });
    void service.gatherIdentities(agents);
    await thirdAsked;
    expect((await store.computers.listIdentityReports()).map((r) => [r.agentId, r.status])).toEqual([['1', 'ok'], ['2', 'ok']]);
  });

});

const uuidArb = fc.constantFrom(U1, 'B1B2C3D4-0000-1111-2222-333344445555', undefined);
const serialArb = fc.constantFrom('SN-1', 'SN-2', 'SN-3', undefined);
const agentsArb = fc
  .array(fc.record({ integrationId: fc.constantFrom('nc', 'cw'), tenantId: fc.constantFrom('ta', 'tb'), online: fc.boolean(), host: fc.constantFrom('A', 'B'), uuid: uuidArb, serial: serialArb }), { minLength: 2, maxLength: 10 })
  .map((list) => list.map((r, i) => agent(r.integrationId, String(i), { tenantId: r.tenantId, online: r.online, hostname: r.host, identity: { smbiosUuid: r.uuid, serialNumber: r.serial } })));

test.prop([agentsArb, fc.constantFrom('merge', 'keep-apart', 'mark-wiped' as const)], { numRuns: 40 })('undo restores the previous state', async (agents, resolution) => {
  const store = await openStore(agents);
  const service = new IdentificationService({ store, now: () => new Date(AT) });
  await service.run(agents);
  for (const conflict of await new ComputerQueries(store).listConflicts()) {
    if ((await new ComputerQueries(store).listConflicts()).every((c) => c.id !== conflict.id)) continue;
    const before = await snapshot(store);
    const chosen = conflict.tenantIds.length > 1 ? 'keep-apart' : resolution;
    const outcome = await service.resolveConflict(conflict.id, chosen, { actor: 'prop' });
    await service.undo(outcome.opId, { actor: 'prop' });
    expect(await snapshot(store)).toEqual(before);
    expect((await store.computers.getConflict(conflict.id))?.status).toBe('open');
  }
  await store.close();
});
