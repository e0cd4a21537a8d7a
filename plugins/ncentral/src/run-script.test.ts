import { silentLogger } from '@rmm-hub/core';
import { RunScript, ScriptRequest, ScriptResult } from '@rmm-hub/core/plugin';
import { SAMPLE_IDS as ID } from '@rmm-hub/simulators';
import { afterEach, describe, expect, it } from 'vitest';

import { NcentralApi } from './client.js';
import { startHarness, type Harness, type HarnessOptions } from './ncentral-harness.test.helper.js';
import { exitCodeOf, NcentralRunScript, terminalOf } from './run-script.js';

const harnesses: Harness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});
async function start(options: HarnessOptions = {}): Promise<Harness> {
  const h = await startHarness(options);
  harnesses.push(h);
  return h;
}
const IDENTITY = "Get-CimInstance Win32_ComputerSystemProduct | ForEach-Object { \"UUID=$($_.UUID)\" }";
const req = (over: Partial<Parameters<typeof ScriptRequest.parse>[0]> = {}) =>
  ScriptRequest.parse({ agentId: String(ID.bigId), language: 'powershell', body: IDENTITY, timeoutMs: 5_000, ...over });

describe('RunScript', () => {
  it('runs an identity script through the automation policy and returns the machine truth', async () => {
    const h = await start();
    const result = ScriptResult.parse(await h.get(RunScript).runScript(req()));
    expect(result).toMatchObject({ status: 'success', exitCode: 0, remoteId: expect.stringMatching(/^\d+$/) });
    expect(result.output).toBe('UUID=4C4C4544-0042-3510-8052-B7C04F4E3232');
    expect(Date.parse(result.finishedAt)).toBeGreaterThanOrEqual(Date.parse(result.startedAt));
    expect(h.sim.control.taskCount).toBe(1);
  });

  it('sends a unique name, LocalSystem, the script and its language as parameters', async () => {
    const h = await start();
    const bodies: unknown[] = [];
    const api = new NcentralApi(h.config, silentLogger, h.redactor);
    const original = api.request.bind(api);
    api.request = (async (options: Parameters<typeof api.request>[0]) => {
      if (options.path === '/api/scheduled-tasks/direct') bodies.push(options.json);
      return original(options);
    }) as typeof api.request;
    const rs = new NcentralRunScript(api);
    await rs.runScript(req({ parameters: { Extra: 'x' } }));
    await rs.runScript(req());
    api.close();
    const [a, b] = bodies as { name: string; credential: unknown; parameters: unknown; itemId: number; taskType: string }[];
    expect(a!.name).not.toBe(b!.name);
    expect(a!.name).toMatch(/^rmm-hub-/);
    expect(a).toMatchObject({
      itemId: h.sim.repositoryId,
      taskType: 'AutomationPolicy',
      customerId: ID.contoso,
      deviceId: ID.bigId,
      credential: { type: 'LocalSystem', username: null, password: null },
      parameters: [{ name: 'Script', value: IDENTITY }, { name: 'Language', value: 'powershell' }, { name: 'Extra', value: 'x' }],
    });
  });

  it('reports a failing script as failed, with its output and exit code', async () => {
    const h = await start();
    const r = await h.get(RunScript).runScript(req({ body: "Write-Output 'step 1'\nexit 4" }));
    expect(r).toMatchObject({ status: 'failed', exitCode: 4, output: 'step 1' });
  });

  it('times out on a device that never runs it (offline), and cancels on abort', async () => {
    const h = await start();
    const timedOut = await h.get(RunScript).runScript(req({ agentId: String(ID.offline), timeoutMs: 60 }));
    expect(timedOut).toMatchObject({ status: 'timeout', exitCode: null });
    h.sim.control.setTasksHang(true);
    // Aborted once the plugin knows the task (it polls its status only after the create
    // answered; the server merely having the task is not enough, its answer may still be on
    // the way): the run reports itself cancelled, with the task's id.
    const polls = (): number =>
      (h.sim.stats.byRoute['GET /api/scheduled-tasks/:taskId/status/details'] ?? 0) + (h.sim.stats.byRoute['GET /api/scheduled-tasks/:taskId/status'] ?? 0);
    const pollsBefore = polls();
    const controller = new AbortController();
    const running = h.get(RunScript).runScript(req(), { signal: controller.signal });
    while (polls() === pollsBefore) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    expect(await running).toMatchObject({ status: 'cancelled', remoteId: expect.stringMatching(/^\d+$/) });
    // Aborted before anything was created: a CancelledError, nothing ran.
    await expect(h.get(RunScript).runScript(req(), { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'RMM_ERR_CANCELLED' });
    expect(h.sim.control.taskCount).toBe(2);
  });

  it('polls through unknown intermediate statuses', async () => {
    const h = await start({ sim: { taskIntermediateStatuses: ['Queued', 'Sent to agent', 'In progress'], taskPollsPerStage: 2 } });
    expect((await h.get(RunScript).runScript(req())).status).toBe('success');
  });

  it('clear errors: item without Enable API (403), unknown device, probe, duplicate task name', async () => {
    const disabled = await start({ config: {} });
    const forbidden = await new NcentralRunScript(new NcentralApi({ ...disabled.config, runScriptRepositoryId: disabled.sim.disabledRepositoryId }, silentLogger, disabled.redactor)).runScript(req()).catch((e: unknown) => e);
    expect(forbidden).toMatchObject({ code: 'RMM_ERR_PERMISSION', hint: expect.stringMatching(/Enable API/) });

    const h = await start();
    await expect(h.get(RunScript).runScript(req({ agentId: '987654321' }))).rejects.toMatchObject({ code: 'RMM_ERR_NOT_FOUND', hint: expect.any(String) });
    await expect(h.get(RunScript).runScript(req({ agentId: String(ID.probe) }))).rejects.toMatchObject({ code: 'RMM_ERR_UNSUPPORTED' });

    const api = new NcentralApi(h.config, silentLogger, h.redactor);
    const fixed = new NcentralRunScript(api, { taskName: () => 'always-the-same' });
    expect((await fixed.runScript(req())).status).toBe('success');
    const dup = await fixed.runScript(req()).catch((e: unknown) => e);
    api.close();
    expect(dup).toMatchObject({ code: 'RMM_ERR_PROTOCOL', hint: expect.stringMatching(/unique/) });
    expect(h.sim.control.taskCount).toBe(1);
  });

  it('retries a throttled task creation (429 creates nothing) and survives a 401 mid-poll', async () => {
    const h = await start();
    h.sim.faults.add({ kind: 'rate-limit', route: '/api/scheduled-tasks/direct', times: 2 });
    h.sim.faults.add({ kind: 'server-error', status: 500, route: '/api/scheduled-tasks/:taskId/status/details', times: 1 });
    const rs = h.get(RunScript);
    const run = rs.runScript(req());
    setTimeout(() => h.sim.control.restart(), 5);
    expect((await run).status).toBe('success');
    expect(h.sim.control.taskCount).toBe(1);
  });

  it('recognises terminal statuses and exit codes tolerantly', () => {
    expect(terminalOf('Success')).toBe('success');
    expect(terminalOf(' FAILED ')).toBe('failed');
    expect(terminalOf('Running')).toBeUndefined();
    expect(terminalOf(undefined)).toBeUndefined();
    expect(exitCodeOf('Script exited with code 3')).toBe(3);
    expect(exitCodeOf('Exit code: -1')).toBe(-1);
    expect(exitCodeOf('done')).toBeNull();
  });
});
