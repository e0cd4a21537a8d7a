import { ScriptRequest } from '@rmm-hub/core/plugin';
import { afterEach, describe, expect, it } from 'vitest';

import { rejection, startHarness, type Harness } from './automate-harness.test.helper.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});
const request = (input: Partial<ScriptRequest> & Pick<ScriptRequest, 'agentId' | 'body'>): ScriptRequest =>
  ScriptRequest.parse({ language: 'powershell', ...input });

describe('RunScript', () => {
  it('runs the identity PowerShell through CommandExecute and returns the machine’s true identity', async () => {
    h = await startHarness();
    const agentId = String(1000 + 4 * 3); // Automate shows a placeholder serial for this one
    const result = await h.integration.scripts.runScript(
      request({ agentId, body: 'Get-CimInstance Win32_ComputerSystemProduct | Select-Object UUID,IdentifyingNumber,Vendor | ConvertTo-Json -Compress', parameters: { who: "O'Brien" } }),
    );
    const truth = h.fleet.truth.machine(h.fleet.truth.machineOfAgent('automate', Number(agentId)) as string)?.identity;
    expect(result).toMatchObject({ status: 'success', exitCode: null, remoteId: expect.any(String) });
    expect(JSON.parse(result.output ?? '')).toMatchObject({ UUID: truth?.smbiosUuid, IdentifyingNumber: truth?.serialNumber });
    expect(result.durationMs).toBeGreaterThanOrEqual(1000); // Pending 300 ms + Executing 700 ms on the shared clock
  });

  it('runs cmd, reports Failed, times out on an offline agent, refuses bash', async () => {
    h = await startHarness();
    const hostname = h.fleet.automate.agent(0).hostname;
    expect(await h.integration.scripts.runScript(request({ agentId: '1000', language: 'cmd', body: 'hostname\necho %who%', parameters: { who: 'me' } }))).toMatchObject({ status: 'success', output: expect.stringContaining(hostname) });
    expect((await h.integration.scripts.runScript(request({ agentId: '1000', language: 'cmd', body: 'exit /b 2' }))).status).toBe('failed');
    h.sim.control.failCommands(1);
    expect(await h.integration.scripts.runScript(request({ agentId: '1000', body: 'Write-Output ok' }))).toMatchObject({ status: 'failed', output: 'ERR' });
    const offline = await h.integration.scripts.runScript(request({ agentId: String(1000 + 3 * 3), body: 'Write-Output x', timeoutMs: 10_000 }));
    expect(offline).toMatchObject({ status: 'timeout', remoteId: expect.any(String) });
    expect((await rejection(h.integration.scripts.runScript(request({ agentId: '1000', language: 'bash', body: 'ls' })))).code).toBe('RMM_ERR_UNSUPPORTED');
    expect((await rejection(h.integration.scripts.runScript(request({ agentId: 'abc', body: 'x' })))).code).toBe('RMM_ERR_NOT_FOUND');
  });

  it('sends Command.Id as the string the spec declares (a schema-checking server refuses a number)', async () => {
    h = await startHarness({ sim: { strictCommandId: true } });
    expect(await h.integration.scripts.runScript(request({ agentId: '1000', language: 'cmd', body: 'hostname' }))).toMatchObject({ status: 'success' });
  });

  it('ends a queued command it cannot find again as timed out, keeping its id (not "not found")', async () => {
    h = await startHarness();
    // An older server: no single-command route, and the list does not show the new row yet.
    h.sim.faults.add({ kind: 'server-error', method: 'GET', route: '/cwa/api/v1/computers/:computerId/CommandExecute/:commandId', status: 404, body: { Message: 'No HTTP resource was found that matches the request URI.' } });
    h.sim.faults.add({ kind: 'server-error', method: 'GET', route: '/cwa/api/v1/computers/:computerId/CommandExecute', status: 200, body: [] });
    const result = await h.integration.scripts.runScript(request({ agentId: '1000', body: 'Write-Output x', timeoutMs: 5_000 }));
    expect(result).toMatchObject({ status: 'timeout', remoteId: expect.stringMatching(/^\d+$/) });
  });

  it('stops polling when cancelled', async () => {
    h = await startHarness();
    const controller = new AbortController();
    // Offline agent and an hour's timeout: only the abort can end this run.
    const run = h.integration.scripts.runScript(request({ agentId: String(1000 + 3 * 3), body: 'Write-Output x', timeoutMs: 3_600_000 }), { signal: controller.signal });
    // Abort once the command is queued, while the plugin polls.
    const queued = (): number => h?.sim.stats.byRoute['GET /cwa/api/v1/computers/:computerId/CommandExecute/:commandId'] ?? 0;
    while (queued() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    expect((await run).status).toBe('cancelled');
  });
});

describe('DeleteAgent and MoveAgent', () => {
  it('previews, then retires, a computer; a second retire finds nothing', async () => {
    h = await startHarness({ config: { features: { deleteAgent: true, moveAgent: false } } });
    const preview = await h.integration.admin.deleteAgent('1003', { dryRun: true });
    expect(preview).toMatchObject({ agentId: '1003', applied: false, message: expect.stringMatching(/^Would retire computer 1003/) });
    expect(h.sim.control.retired()).toHaveLength(0);
    expect(await h.integration.admin.deleteAgent('1003', { dryRun: false })).toMatchObject({ applied: true, message: expect.stringMatching(/it is Retired Assets row 1\.$/) });
    expect(h.sim.control.retired()).toEqual([expect.objectContaining({ ComputerId: 1003 })]);
    expect((await rejection(h.integration.admin.deleteAgent('1003', { dryRun: true }))).code).toBe('RMM_ERR_NOT_FOUND');
  });

  it('says so when the server deletes outright, leaving no Retired Assets row', async () => {
    h = await startHarness({ sim: { deleteMode: 'hard-delete' }, config: { features: { deleteAgent: true, moveAgent: false } } });
    expect(await h.integration.admin.deleteAgent('1003', { dryRun: false })).toMatchObject({ applied: true, message: expect.stringMatching(/no Retired Assets row \(deleted outright\)/) });
  });

  it('reports a failed retire as an error, and the computer stays', async () => {
    h = await startHarness({ config: { features: { deleteAgent: true, moveAgent: true } } });
    h.sim.faults.add({ kind: 'server-error', route: '/cwa/api/v1/computers/:computerId', method: 'DELETE', times: 20 });
    expect((await rejection(h.integration.admin.deleteAgent('1003', { dryRun: false }))).code).toBe('RMM_ERR_TRANSIENT');
    expect(h.sim.control.retired()).toEqual([]);
    h.sim.faults.clear();
    h.sim.faults.add({ kind: 'server-error', route: '/cwa/api/v1/computers/:computerId', method: 'PATCH', times: 20 });
    expect((await rejection(h.integration.admin.moveAgent('1003', 'location:32'))).code).toBe('RMM_ERR_TRANSIENT');
    const row = (await h.integration.http.request<{ Location: { Id: number } }>({ method: 'GET', path: '/computers/1003' })).body;
    expect(row.Location.Id).not.toBe(32);
  });

  it('refuses to apply destructive actions that are not enabled, and explains permission refusals', async () => {
    h = await startHarness();
    expect((await h.integration.admin.deleteAgent('1003', { dryRun: true })).applied).toBe(false);
    expect((await rejection(h.integration.admin.deleteAgent('1003', { dryRun: false }))).hint).toMatch(/features\.deleteAgent/);
    expect((await rejection(h.integration.admin.moveAgent('1003', '2'))).hint).toMatch(/features\.moveAgent/);
    await h.close();
    h = await startHarness({ config: { features: { deleteAgent: true, moveAgent: true } } });
    h.sim.control.setPermissions({ computersDelete: false });
    expect((await rejection(h.integration.admin.deleteAgent('1003', { dryRun: false }))).code).toBe('RMM_ERR_PERMISSION');
  });

  it('moves a computer to a location, or to a client’s first location', async () => {
    h = await startHarness({ config: { features: { deleteAgent: false, moveAgent: true } } });
    await h.integration.admin.moveAgent('1003', 'location:32');
    let moved = (await h.integration.http.request<{ Client: { Id: number }; Location: { Id: number } }>({ method: 'GET', path: '/computers/1003' })).body;
    expect(moved).toMatchObject({ Client: { Id: 3 }, Location: { Id: 32 } });
    await h.integration.admin.moveAgent('1003', '4');
    moved = (await h.integration.http.request<{ Client: { Id: number }; Location: { Id: number } }>({ method: 'GET', path: '/computers/1003' })).body;
    expect(moved).toMatchObject({ Client: { Id: 4 }, Location: { Id: 41 } });
    expect((await rejection(h.integration.admin.moveAgent('1003', '99'))).code).toBe('RMM_ERR_NOT_FOUND');
  });
});

describe('GetAgentInstaller', () => {
  it('asks RemoteAgent/Installers for a location (or a client’s first one) and builds the download URL', async () => {
    h = await startHarness();
    const installer = await h.integration.installers.getAgentInstaller({ clientId: '4', platform: 'windows' });
    expect(h.sim.installers).toEqual([{ token: installer.token, locationId: 41, installerType: 1 }]);
    expect(installer.url).toBe(`${new URL('/LabTech/Deployment.aspx', h.sim.url).toString()}?InstallerToken=${installer.token}`);
    expect(Date.parse(installer.expiresAt!) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    // The Windows MSI installs silently: the script downloads this very URL and runs msiexec.
    expect(installer.installScript?.language).toBe('powershell');
    expect(installer.installScript?.body).toContain(`-Uri '${installer.url}'`);
    expect(installer.installScript?.body).toMatch(/msiexec\.exe -ArgumentList @\('\/i', .*'\/qn'/);
    const mac = await h.integration.installers.getAgentInstaller({ clientId: 'location:32', platform: 'macos' });
    expect(h.sim.installers[1]).toMatchObject({ locationId: 32, installerType: 5 });
    expect(mac.installScript).toBeUndefined();
    expect((await rejection(h.integration.installers.getAgentInstaller({ clientId: '99', platform: 'linux' }))).code).toBe('RMM_ERR_NOT_FOUND');
  });
});

describe('MaintenanceMode', () => {
  it('starts a maintenance mode for the computer, which the server lists, and ends it', async () => {
    h = await startHarness();
    await h.integration.maintenance.setMaintenanceMode('1000', { enabled: true, minutes: 10, reason: 'script' });
    const { body } = await h.integration.http.request<{ ComputerID: number; Duration: number }[]>({ method: 'GET', path: '/computers/MaintenanceModes' });
    expect(body).toEqual([expect.objectContaining({ ComputerID: 1000, Duration: 10 })]);
    await h.integration.maintenance.setMaintenanceMode('1000', { enabled: false, minutes: 60 });
    expect(h.sim.maintenance).toEqual([{ computerId: 1000, enabled: true }, { computerId: 1000, enabled: false }]);
    expect((await rejection(h.integration.maintenance.setMaintenanceMode('nope', { enabled: true, minutes: 10 }))).code).toBe('RMM_ERR_NOT_FOUND');
  });

  it('reports a server without the routes as not supporting it', async () => {
    h = await startHarness({ sim: { maintenanceModeRoutes: false } });
    const error = await rejection(h.integration.maintenance.setMaintenanceMode('1000', { enabled: true, minutes: 10 }));
    expect(error).toMatchObject({ code: 'RMM_ERR_UNSUPPORTED', message: expect.stringMatching(/not supported by this server/) });
  });
});

describe('HealthCheck', () => {
  it('is healthy with every probe passing', async () => {
    h = await startHarness({ config: { features: { deleteAgent: true, moveAgent: true } } });
    const report = await h.integration.health.check();
    expect(report.status).toBe('healthy');
    expect(report.checks.map((c) => c.name)).toEqual(['token-exchange', 'server-version', 'clock', 'client-id', 'clients-read', 'computers-read', 'server-time-zone', 'computers-edit', 'computers-delete']);
    expect(h.sim.control.retired()).toHaveLength(0); // the probes changed nothing
  });

  it('reports each failure with a hint', async () => {
    h = await startHarness({ sim: { requireClientIdOnToken: false }, config: { features: { deleteAgent: true, moveAgent: true } } });
    h.sim.control.setPermissions({ computersRead: false, computersEdit: false, computersDelete: false });
    const report = await h.integration.health.check();
    expect(report.status).toBe('unhealthy');
    const failed = report.checks.filter((c) => c.status === 'fail');
    expect(failed.map((c) => c.name)).toEqual(['computers-read', 'server-time-zone', 'computers-edit', 'computers-delete']);
    expect(failed.every((c) => (c.hint ?? '').length > 0)).toBe(true);
    h.sim.control.acceptClientId(false);
    const clientId = await h.integration.health.check();
    expect(clientId.checks.find((c) => c.name === 'client-id')).toMatchObject({ status: 'fail', hint: expect.stringMatching(/ClientId|developer\.connectwise/) });
  });

  it('stops after a failed token exchange, with its hint', async () => {
    h = await startHarness({ config: { password: 'nope-nope' } });
    const report = await h.integration.health.check();
    expect(report.checks).toEqual([expect.objectContaining({ name: 'token-exchange', status: 'fail', hint: expect.stringMatching(/password/) })]);
  });

  it('warns about clock skew when TOTP is in use', async () => {
    h = await startHarness();
    await h.integration.tokens.accessToken();
    h.skewServer(-60_000); // the server's clock (its Date header) runs a minute behind
    const skewed = await h.integration.health.check();
    expect(skewed.checks.find((c) => c.name === 'clock')).toMatchObject({ status: 'warn', hint: expect.stringMatching(/NTP/) });
  });
});
