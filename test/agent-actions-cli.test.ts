/**
 * `rmm-hub agents retire|move` end to end: the real CLI, host, plugins and store against both
 * simulators. A preview changes nothing in either RMM; --apply retires exactly the planned
 * agents (none of them online), audits them and writes them to the computers' timelines.
 */
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

  it('move previews the plan and refuses a half-given decision', async () => {
    const preview = await cli('agents', 'move', '--json');
    expect(preview.code, preview.stderr).toBe(0);
    expect(contract('agents move', preview.stdout)).toMatchObject({ plan: { steps: expect.any(Array), held: expect.any(Array) } });
    const half = await cli('agents', 'move', '--conflict', 'k_x');
    expect(half.code).toBe(2);
    expect(half.stderr).toMatch(/--to-tenant/);
  });
});
