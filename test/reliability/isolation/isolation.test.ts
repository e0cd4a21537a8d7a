/**
 * Isolation. A plugin that throws, hangs (ignoring its abort signal), returns garbage, or floods
 * the event bus, the log or the record stream cannot stall or crash the host or change what
 * another integration syncs. And RunScript only reaches agents of clients linked to a tenant,
 * with every run — successful or failed — in script_runs and the append-only audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { collect, UnsupportedError } from '@rmm-hub/core';

import { recordCheck, saveChecksAfterAll } from '../support/checks.js';
import { asLoaded, builtInPlugins, startTestRuntime, type TestRuntime } from '../support/runtime.js';
import { dumpState, linkMspByHand, type StateDump } from '../support/state.js';
import { CWA, NC, startWorld, type World } from '../support/world.js';
import { HOSTILE_MODES, hostilePlugin } from './hostile-plugin.js';

saveChecksAfterAll('isolation', 2);

let world: World;
beforeAll(async () => {
  world = await startWorld({ devices: 150 });
});
afterAll(async () => {
  await world?.close();
});

/** Baseline sync, the MSP's link, sync: as an administrator's first day. */
async function syncTwice(runtime: TestRuntime) {
  const first = await runtime.sync.sync();
  await linkMspByHand(runtime.store, runtime.linking, world.fleet);
  const second = await runtime.sync.sync();
  return { first, second };
}

const onlyOf = (dump: StateDump, id: string): StateDump => ({
  clients: dump.clients.filter((l) => l.startsWith(`${id}/`)),
  agents: dump.agents.filter((l) => l.startsWith(`${id}/`)),
  links: dump.links.filter((l) => l.startsWith(`${id}/`)),
  computers: dump.computers,
});

describe('a hostile plugin cannot stall or crash the host or another integration', () => {
  it(`${HOSTILE_MODES.length} hostile integrations beside N-central: N-central syncs exactly as alone, each hostile one ends coded, in bounded time`, async () => {
    const ncOnly = (raw: Record<string, unknown>) => (raw['integrations'] as Record<string, unknown>[]).filter((i) => i['id'] === NC);
    world.rewrite({ ...world.raw, integrations: ncOnly(world.raw) });
    const alone = await startTestRuntime(world.load(), { storePath: ':memory:' });
    let control: StateDump;
    try {
      await syncTwice(alone);
      control = onlyOf(dumpState(alone.store.db), NC);
    } finally {
      await alone.close();
    }
    expect(control.agents.length).toBeGreaterThan(0);

    const raw = structuredClone(world.raw);
    raw['integrations'] = [
      ...ncOnly(raw),
      ...HOSTILE_MODES.map((mode) => ({ id: `hostile-${mode}`, plugin: 'hostile', callTimeoutSeconds: 1, config: { mode } })),
    ];
    world.rewrite(raw);
    const runtime = await startTestRuntime(world.load(), { storePath: ':memory:', plugins: [...builtInPlugins(), asLoaded(hostilePlugin, 'hostile-fixture')] });
    try {
      expect(runtime.host.integrations().every((i) => i.state === 'ready')).toBe(true);
      const started = performance.now();
      const { second } = await syncTwice(runtime);
      const elapsedMs = performance.now() - started;
      const byId = Object.fromEntries(second.integrations.map((r) => [r.integrationId, r]));
      expect(byId[NC]?.status).toBe('succeeded');
      expect(onlyOf(dumpState(runtime.store.db), NC)).toEqual(control);
      const outcomes: string[] = [];
      for (const mode of HOSTILE_MODES) {
        const report = byId[`hostile-${mode}`]!;
        outcomes.push(`${mode}: ${report.status}${report.error ? ` ${report.error.code}` : ''}`);
        if (mode.startsWith('flood')) continue; // floods end normally; what matters is the neighbour and the time
        expect(report.status, mode).not.toBe('succeeded');
        expect(report.error?.code, mode).toMatch(/^RMM_ERR_(PLUGIN_CRASH|TIMEOUT)$/);
      }
      // Bounded time is shown by the sync returning at all, with every hanging call ended by its
      // 1 s timeout (the codes above); the wall time goes to the report, not into an assertion
      // that a loaded machine can break.
      const invalid = runtime.events.filter((e) => e.name === 'integration:error' && JSON.stringify(e.payload).includes('hostile-flood-invalid')).length;
      expect(invalid).toBeGreaterThanOrEqual(50_000);
      const disposeStarted = performance.now();
      await runtime.close();
      const disposeMs = performance.now() - disposeStarted;
      recordCheck(
        'isolation',
        'hostile plugins beside a real integration',
        `${HOSTILE_MODES.length} hostile integrations (${outcomes.join('; ')}) synced beside N-central: N-central's clients, agents, links and computers were identical to a run alone; two syncs took ${(elapsedMs / 1000).toFixed(1)} s with 1 s call timeouts; ${invalid} invalid records were reported and skipped; the host disposed in ${Math.round(disposeMs)} ms with never-settling plugin promises outstanding`,
      );
    } finally {
      await runtime.close();
      world.rewrite(world.raw);
    }
  }, 60_000);
});

describe('RunScript reaches only agents of linked clients, and every run is audited', () => {
  it('refuses every unlinked agent without contacting the RMM; runs and audits linked ones, failures included', async () => {
    const runtime = await startTestRuntime(world.load(), { storePath: ':memory:' });
    try {
      await syncTwice(runtime);
      const { store, scripts } = runtime;
      // Agents are only listed for linked clients; to have agents of unlinked clients, unlink a
      // client with agents in each RMM (a sticky, audited decision) after they were stored.
      for (const id of [NC, CWA]) {
        const agents = await collect(store.agents.iterate({ integrationId: id }));
        const withAgents = (await store.links.listLinks({ integrationId: id })).find((l) => agents.some((a) => a.clientId === l.clientId && a.canRunScripts));
        if (!withAgents) throw new Error(`no linked ${id} client with agents`);
        await runtime.linking.unlink({ integrationId: id, clientId: withAgents.clientId, actor: 'reliability', reason: 'isolation test' });
      }
      const linked = new Set((await store.links.listLinks()).map((l) => `${l.integrationId}/${l.clientId}`));
      const agents = [...(await collect(store.agents.iterate({ integrationId: NC }))), ...(await collect(store.agents.iterate({ integrationId: CWA })))];
      const unlinked = agents.filter((a) => !linked.has(`${a.integrationId}/${a.clientId}`));
      const reachable = agents.filter((a) => linked.has(`${a.integrationId}/${a.clientId}`) && a.online && a.canRunScripts);
      expect(unlinked.length).toBeGreaterThan(0);
      expect(reachable.length).toBeGreaterThan(0);

      const commandRequests = (): number => Object.entries(world.automate.stats.byRoute).reduce((n, [k, c]) => n + (/CommandExecute/i.test(k) ? c : 0), 0);
      const before = { tasks: world.ncentral.control.taskCount, commands: commandRequests(), audit: (await store.audit.list({ action: 'script:run' })).length };
      for (const agent of unlinked) {
        const error = await scripts.runOnAgent({ integrationId: agent.integrationId, agentId: agent.id }, { language: 'powershell', body: 'hostname' }, { actor: 'reliability' }).catch((e: unknown) => e);
        expect(error, `${agent.integrationId}/${agent.id}`).toBeInstanceOf(UnsupportedError);
      }
      expect({ tasks: world.ncentral.control.taskCount, commands: commandRequests(), audit: (await store.audit.list({ action: 'script:run' })).length }).toEqual(before);

      // No computer offers an unlinked agent as a candidate.
      let candidates = 0;
      for (const computer of await runtime.computers.listComputers()) {
        for (const agent of await scripts.candidates(computer.id)) {
          candidates++;
          expect(linked.has(`${agent.integrationId}/${agent.clientId}`)).toBe(true);
        }
      }

      // Linked ones run, through each RMM; one Automate command is made to fail; all are audited.
      const sample = [...reachable.filter((a) => a.integrationId === NC).slice(0, 3), ...reachable.filter((a) => a.integrationId === CWA).slice(0, 3)];
      world.automate.control.failCommands(1);
      const statuses: string[] = [];
      for (const agent of sample) {
        const result = await scripts.runOnAgent({ integrationId: agent.integrationId, agentId: agent.id }, { language: 'powershell', body: `Write-Output "${agent.id}"`, timeoutMs: 30_000 }, { actor: 'reliability' });
        statuses.push(result.status);
      }
      expect(statuses).toContain('success');
      expect(statuses.some((s) => s !== 'success')).toBe(true);
      const audit = await store.audit.list({ action: 'script:run' });
      expect(audit.length - before.audit).toBe(sample.length);
      for (const entry of audit.slice(-sample.length)) {
        expect(entry.actor).toBe('reliability');
        expect(entry.details).toMatchObject({ integrationId: expect.any(String), agentId: expect.any(String), scriptSha256: expect.stringMatching(/^[0-9a-f]{64}$/), status: expect.any(String) });
      }
      const runs = store.db.prepare("SELECT COUNT(*) AS n FROM script_runs WHERE actor = 'reliability'").get() as { n: number };
      expect(runs.n).toBe(sample.length);
      // The audit log cannot be rewritten.
      expect(() => store.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);

      recordCheck(
        'isolation',
        'RunScript reach and audit',
        `${unlinked.length} agents of two clients unlinked after their agents were stored refused (UnsupportedError) with 0 requests to either RMM and 0 audit entries; ${candidates} routing candidates, all linked; ${sample.length} runs on linked agents (${statuses.join(', ')}) each left one script_runs row and one audit entry (actor, SHA-256, integration, agent, status); the audit log refuses DELETE`,
      );
    } finally {
      await runtime.close();
    }
  }, 60_000);
});
