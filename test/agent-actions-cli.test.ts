/**
 * `rmm-hub agents retire|move|deploy` end to end: the real CLI, host, plugins and store against
 * both simulators. A preview changes nothing in either RMM; --apply retires exactly the planned
 * agents (none of them online), audits them and writes them to the computers' timelines; a
 * deployment runs the install through the computer's own agent and never prints the token.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEMO_INTEGRATIONS, OUTPUT_SCHEMAS, startDemoEnvironment, type DemoEnvironment, type OutputCommand } from '@rmm-hub/cli';

import { runCliCaptured } from './support/run-cli.js';

let env: DemoEnvironment;
let config: string;
const cli = async (...args: string[]) => runCliCaptured(['--config', config, ...args]);

beforeAll(async () => {
  // An Integrator API user: the many commands below each log in, and with TOTP each login would
  // wait for a fresh 30-second step (a code is never used twice, across processes too).
  env = await startDemoEnvironment({ devices: 150, seed: 3, latencyMs: 0, automateMfa: 'integrator' });
  config = env.config.path;
  expect((await cli('sync')).code).toBe(0);
  // The administrator links the MSP's own clients first; the next sync links the rest.
  const msp = env.fleet.tenants.find((t) => t.isMsp)!;
  const mspClients = [
    ...env.fleet.ncentral.customers.filter((c) => env.fleet.truth.tenantOfClient('ncentral', c.customerId) === msp.id).map((c) => [DEMO_INTEGRATIONS.ncentral, String(c.customerId)]),
    ...env.fleet.automate.clients.filter((c) => env.fleet.truth.tenantOfClient('automate', c.id) === msp.id).map((c) => [DEMO_INTEGRATIONS.automate, String(c.id)]),
  ];
  for (const [integration, client] of mspClients) expect((await cli('links', 'accept', integration!, client!, msp.id)).code).toBe(0);
  expect((await cli('sync')).code).toBe(0);
}, 240_000);
afterAll(() => env?.close({ keep: false }));

/** Parses a command's --json output and holds it to the published contract (output-schemas.ts). */
function contract(command: OutputCommand, stdout: string): unknown {
  const value: unknown = JSON.parse(stdout);
  const parsed = OUTPUT_SCHEMAS[command].safeParse(value);
  expect(parsed.success, `${command}: ${parsed.error?.message ?? ''}`).toBe(true);
  return value;
}

interface RetireJson {
  plan: { steps: { computerId: string; agent: { integrationId: string; agentId: string }; action: string }[]; held: unknown[] };
  outcomes?: { status: string; actionId?: string }[];
}

interface MoveStepJson { computerId: string; action: string; agent: { integrationId: string; agentId: string }; from: { clientId: string }; to: { clientId: string } }
interface DeployStepJson { computerId: string; platform: string; action: string; target: { integrationId: string; clientId: string }; via: { integrationId: string; agentId: string } }
interface DeployJson {
  plan: { steps: DeployStepJson[]; held: unknown[] };
  previews?: { step: DeployStepJson; installer?: { token?: string; installScript?: { body: string } } }[];
  outcomes?: { status: string; step: DeployStepJson; actionId?: string; message: string }[];
}

describe('rmm-hub agents', () => {
  it('records a failed delete as failed: nothing retired, audited as failed, exit code 1', { timeout: 60_000 }, async () => {
    const nc = env.ncentral.faults.add({ kind: 'server-error', route: '/api/devices/:deviceId', method: 'DELETE', status: 403 });
    const cw = env.automate.faults.add({ kind: 'server-error', route: '/cwa/api/v1/computers/:computerId', method: 'DELETE', status: 403 });
    try {
      const applied = await cli('agents', 'retire', '--apply', '--json');
      expect(applied.code).toBe(1);
      const { plan, outcomes } = contract('agents retire', applied.stdout) as RetireJson;
      expect(outcomes!.length).toBeGreaterThan(0);
      expect(outcomes!.every((o) => o.status === 'failed')).toBe(true);
      expect(env.ncentral.control.deletedDevices()).toEqual([]);
      expect(env.automate.control.retired()).toEqual([]);
      const detail = JSON.parse((await cli('computer', plan.steps[0]!.computerId, '--timeline', '--json')).stdout) as { timeline: { kind: string }[] };
      expect(detail.timeline.some((t) => t.kind === 'agent-retired')).toBe(false);
      // The plan is unchanged: a failed delete leaves the agent to retire.
      expect((JSON.parse((await cli('agents', 'retire', '--json')).stdout) as RetireJson).plan.steps).toEqual(plan.steps);
    } finally {
      nc.remove();
      cw.remove();
    }
  });

  it('retire previews, then applies through each RMM, never touching an online agent', { timeout: 120_000 }, async () => {
    const preview = await cli('agents', 'retire', '--json');
    expect(preview.code, preview.stderr).toBe(0);
    const { plan } = contract('agents retire', preview.stdout) as RetireJson;
    expect(plan.steps.length).toBeGreaterThan(0);
    expect(plan.steps.every((s) => s.action === 'delete-agent')).toBe(true);
    expect(env.ncentral.control.deletedDevices()).toEqual([]);
    expect(env.automate.control.retired()).toEqual([]);

    expect((await cli('agents', 'retire', '--preview', '--apply')).code).toBe(2);

    const applied = await cli('agents', 'retire', '--apply', '--json');
    expect(applied.code, applied.stderr).toBe(0);
    const { outcomes } = contract('agents retire', applied.stdout) as RetireJson;
    expect(outcomes!.map((o) => o.status)).toEqual(plan.steps.map(() => 'done'));
    const inRmm = (integrationId: string): string[] => plan.steps.filter((s) => s.agent.integrationId === integrationId).map((s) => s.agent.agentId).sort();
    expect(env.ncentral.control.deletedDevices().map(String).sort()).toEqual(inRmm(DEMO_INTEGRATIONS.ncentral));
    expect(env.automate.control.retired().map((r) => String(r['ComputerId'])).sort()).toEqual(inRmm(DEMO_INTEGRATIONS.automate));
    for (const step of plan.steps) {
      const rmm = step.agent.integrationId === DEMO_INTEGRATIONS.ncentral ? env.fleet.ncentral : env.fleet.automate;
      expect(rmm.agent(rmm.indexOfAgent(Number(step.agent.agentId))!).online).toBe(false);
    }
    const detail = await cli('computer', plan.steps[0]!.computerId, '--timeline', '--json');
    expect((JSON.parse(detail.stdout) as { timeline: { kind: string; opId: string }[] }).timeline).toContainEqual(expect.objectContaining({ kind: 'agent-retired', opId: outcomes![0]!.actionId }));

    // Nothing is left to retire after the next sync; the deleted agents are gone.
    expect((await cli('sync')).code).toBe(0);
    expect((JSON.parse((await cli('agents', 'retire', '--json')).stdout) as RetireJson).plan.steps).toEqual([]);
  });

  it('installer issues an installer through the client’s RMM and audits it', async () => {
    const client = String(env.fleet.automate.clients[0]!.id);
    const issued = await cli('agents', 'installer', DEMO_INTEGRATIONS.automate, client, '--platform', 'windows', '--json');
    expect(issued.code, issued.stderr).toBe(0);
    const installer = contract('agents installer', issued.stdout) as { url: string; token: string; expiresAt: string };
    expect(installer.url).toContain(`InstallerToken=${installer.token}`);
    expect(env.automate.installers.at(-1)?.token).toBe(installer.token);
    const nc = JSON.parse((await cli('agents', 'installer', DEMO_INTEGRATIONS.ncentral, String(env.fleet.ncentral.customers[0]!.customerId), '--json')).stdout) as { token: string };
    expect(nc.token.length).toBeGreaterThan(10);
    expect((await cli('agents', 'installer', DEMO_INTEGRATIONS.automate, client, '--platform', 'beos')).code).toBe(2);
  });

  it('deploy previews masked installers; a failed install is recorded as failed, a successful one as done', { timeout: 120_000 }, async () => {
    const preview = await cli('agents', 'deploy', '--json');
    expect(preview.code, preview.stderr).toBe(0);
    const { plan, previews } = contract('agents deploy', preview.stdout) as DeployJson;
    const throughNc = plan.steps.filter((s) => s.action === 'deploy' && s.via.integrationId === DEMO_INTEGRATIONS.ncentral && s.target.integrationId === DEMO_INTEGRATIONS.automate && s.platform === 'windows');
    expect(throughNc.length).toBeGreaterThan(0);
    const masked = previews!.find((p) => p.step.computerId === throughNc[0]!.computerId && p.step.target.integrationId === DEMO_INTEGRATIONS.automate)!;
    expect(masked.installer?.installScript?.body).toMatch(/InstallerToken=••••/);
    const tokens = (): string[] => env.automate.installers.map((i) => i.token);
    expect(tokens().length).toBeGreaterThan(0);
    for (const token of tokens()) expect(preview.stdout).not.toContain(token);
    const human = await cli('agents', 'deploy');
    expect(human.stdout).toMatch(/Install scripts \(token masked\)/);
    for (const token of tokens()) expect(human.stdout).not.toContain(token);

    const tasksBefore = env.ncentral.control.taskCount;
    const refused = env.ncentral.faults.add({ kind: 'server-error', route: '/api/scheduled-tasks/direct', method: 'POST', status: 403 });
    let failed: DeployJson;
    try {
      const applied = await cli('agents', 'deploy', '--apply', '--json');
      expect(applied.code).toBe(1);
      failed = contract('agents deploy', applied.stdout) as DeployJson;
    } finally {
      refused.remove();
    }
    const failedThroughNc = failed.outcomes!.filter((o) => o.step.via.integrationId === DEMO_INTEGRATIONS.ncentral && o.step.action === 'deploy');
    expect(failedThroughNc.map((o) => o.status)).toEqual(failedThroughNc.map(() => 'failed'));
    expect(env.ncentral.control.taskCount).toBe(tasksBefore);
    const timelineOf = async (computerId: string): Promise<{ kind: string; opId: string }[]> =>
      (JSON.parse((await cli('computer', computerId, '--timeline', '--json')).stdout) as { timeline: { kind: string; opId: string }[] }).timeline;
    expect((await timelineOf(throughNc[0]!.computerId)).some((t) => t.kind === 'agent-deployed')).toBe(false);

    const applied = await cli('agents', 'deploy', '--apply', '--json');
    const { outcomes } = contract('agents deploy', applied.stdout) as DeployJson;
    for (const token of tokens()) expect(applied.stdout + applied.stderr).not.toContain(token);
    const done = outcomes!.filter((o) => o.status === 'done');
    expect(done.map((o) => o.step.computerId)).toEqual(expect.arrayContaining(throughNc.map((s) => s.computerId)));
    expect(outcomes!.every((o) => o.status === 'done' || o.status === 'manual'), applied.stdout).toBe(true);
    expect(env.ncentral.control.taskCount).toBeGreaterThanOrEqual(tasksBefore + throughNc.length);
    expect(await timelineOf(done[0]!.step.computerId)).toContainEqual(expect.objectContaining({ kind: 'agent-deployed', opId: done[0]!.actionId }));
  });

  it("url links each agent to its page in the RMM's console, which the simulator serves", async () => {
    const agents = (JSON.parse((await cli('agents', '--json')).stdout) as { agents: { integrationId: string; agentId: string; hostname: string; computerId: string | null }[] }).agents;
    const both = agents.find((a) => a.computerId !== null && agents.some((b) => b.computerId === a.computerId && b.integrationId !== a.integrationId))!;
    const one = await cli('agents', 'url', both.integrationId, both.agentId, '--json');
    expect(one.code, one.stderr).toBe(0);
    const [link] = (contract('agents url', one.stdout) as { links: { url: string }[] }).links;
    const page = await fetch(link!.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(both.hostname);

    const forComputer = contract('agents url', (await cli('agents', 'url', '--computer', both.computerId!, '--json')).stdout) as { links: { integrationId: string; url?: string }[] };
    expect(new Set(forComputer.links.map((l) => l.integrationId))).toEqual(new Set([DEMO_INTEGRATIONS.automate, DEMO_INTEGRATIONS.ncentral]));
    for (const l of forComputer.links) expect((await fetch(l.url!)).status).toBe(200);
    expect((await cli('agents', 'url')).code).toBe(2);
    expect((await cli('agents', 'url', DEMO_INTEGRATIONS.automate, '999999')).code).not.toBe(0);
  });

  it('run-script --maintenance switches Automate maintenance mode on for the run and off after it, when the script fails too', { timeout: 60_000 }, async () => {
    const agents = (JSON.parse((await cli('agents', '--json')).stdout) as { agents: { integrationId: string; agentId: string; online: boolean; computerId: string | null }[] }).agents;
    const only = agents.find((a) => a.integrationId === DEMO_INTEGRATIONS.automate && a.online && a.computerId !== null && agents.filter((b) => b.computerId === a.computerId).length === 1)!;
    const script = join(mkdtempSync(join(tmpdir(), 'rmm-hub-maint-')), 'fails.ps1');
    writeFileSync(script, 'Write-Output "about to fail"\nexit 3\n');
    const before = env.automate.maintenance.length;
    const run = await cli('run-script', '--computer', only.computerId!, '--file', script, '--maintenance', '--json');
    expect(run.code).toBe(1);
    const outcome = contract('run-script', run.stdout) as { result: { status: string }; attempts: { maintenance?: string }[] };
    expect(outcome.result.status).toBe('failed');
    expect(outcome.attempts.map((a) => a.maintenance)).toEqual(['on-off']);
    expect(env.automate.maintenance.slice(before)).toEqual([
      { computerId: Number(only.agentId), enabled: true },
      { computerId: Number(only.agentId), enabled: false },
    ]);
  });

  it('records a move the RMM refused as failed: the agent stays, nothing on the timeline, exit code 1', { timeout: 90_000 }, async () => {
    const { conflicts } = JSON.parse((await cli('computers', '--conflicts', '--json')).stdout) as { conflicts: { id: string; kind: string; tenantIds: string[] }[] };
    let decision: { conflict: string; tenant: string; step: MoveStepJson } | undefined;
    for (const conflict of conflicts.filter((c) => c.kind === 'cross-tenant')) {
      for (const tenant of conflict.tenantIds) {
        const { plan } = JSON.parse((await cli('agents', 'move', '--conflict', conflict.id, '--to-tenant', tenant, '--json')).stdout) as { plan: { steps: MoveStepJson[] } };
        const step = plan.steps.find((s) => s.action === 'move-agent');
        if (step) decision = { conflict: conflict.id, tenant, step };
        if (decision) break;
      }
      if (decision) break;
    }
    expect(decision, 'a cross-tenant conflict with an Automate side to move').toBeDefined();
    const { conflict, tenant, step } = decision!;
    const refused = env.automate.faults.add({ kind: 'server-error', route: '/cwa/api/v1/computers/:computerId', method: 'PATCH', status: 403 });
    let applied: Awaited<ReturnType<typeof cli>>;
    try {
      applied = await cli('agents', 'move', '--conflict', conflict, '--to-tenant', tenant, '--apply', '--json');
    } finally {
      refused.remove();
    }
    expect(applied.code).toBe(1);
    const { outcomes } = contract('agents move', applied.stdout) as { outcomes: { status: string; message: string; step: MoveStepJson }[] };
    const moves = outcomes.filter((o) => o.step.action === 'move-agent');
    expect(moves.map((o) => [o.status, o.message.slice(0, 20)])).toEqual(moves.map(() => ['failed', '[RMM_ERR_PERMISSION]']));
    const listed = (JSON.parse((await cli('agents', '--integration', DEMO_INTEGRATIONS.automate, '--json')).stdout) as { agents: { agentId: string; clientId: string }[] }).agents;
    expect(listed.find((a) => a.agentId === step.agent.agentId)?.clientId).toBe(step.from.clientId);
    const computer = JSON.parse((await cli('computer', step.computerId, '--timeline', '--json')).stdout) as { timeline: { kind: string }[] };
    expect(computer.timeline.some((t) => t.kind === 'agent-moved')).toBe(false);
    const conflictsAfter = JSON.parse((await cli('computers', '--conflicts', '--json')).stdout) as { conflicts: { id: string }[] };
    expect(conflictsAfter.conflicts.map((c) => c.id)).toContain(conflict);
  });

  it('move previews the plan and refuses a half-given decision', async () => {
    const preview = await cli('agents', 'move', '--json');
    expect(preview.code, preview.stderr).toBe(0);
    expect(contract('agents move', preview.stdout)).toMatchObject({ plan: { steps: expect.any(Array), held: expect.any(Array) } });
    const half = await cli('agents', 'move', '--conflict', 'k_x');
    expect(half.code).toBe(2);
    expect(half.stderr).toMatch(/--to-tenant/);
  });
});

describe('rmm-hub links --site', () => {
  it('links one site of a customer to a tenant of its own, shown with its customer', { timeout: 60_000 }, async () => {
    const site = env.fleet.ncentral.sites[0];
    expect(site, 'the fleet has an N-central site').toBeDefined();
    // A tenant other than its customer's: say, a company renting the customer's floor.
    const tenant = env.fleet.tenants.find((t) => t.id !== env.fleet.truth.tenantOfClient('ncentral', site!.customerId))!;
    const accepted = await cli('links', 'accept', DEMO_INTEGRATIONS.ncentral, String(site!.customerId), tenant.id, '--site', site!.siteName, '--json');
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(contract('links accept', accepted.stdout)).toMatchObject({ decision: { kind: 'link', clientId: String(site!.siteId), tenantId: tenant.id } });
    const view = contract('links', (await cli('links', '--json')).stdout) as { links: { clientId: string; tenantId: string; within?: { clientId: string } }[] };
    expect(view.links.find((l) => l.clientId === String(site!.siteId))).toMatchObject({ tenantId: tenant.id, within: { clientId: String(site!.customerId) } });

    const both = await cli('links', 'accept', DEMO_INTEGRATIONS.ncentral, String(site!.customerId), tenant.id, '--site', '1', '--location', '2');
    expect(both.code).not.toBe(0);
    expect(both.stderr).toMatch(/RMM_ERR_USAGE[\s\S]*--site or --location/);
  });
});
