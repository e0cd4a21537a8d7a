import { afterEach, describe, expect, it } from 'vitest';

import { startNcentralSim, type NcentralSim, type NcentralSimOptions } from './ncentral-sim.js';
import { activeIssueOf } from './nc-active-issue-routes.js';
import { RUN_SCRIPT_PARAMETERS } from './nc-task-store.js';
import { ncSession, type LooseJson } from './nc-test-support.js';
import { SAMPLE_IDS as ID, sampleNcentralFleet } from './sample-ncentral-fleet.js';

const sims: NcentralSim[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((s) => s.close()));
});
async function session(opts: Partial<NcentralSimOptions> = {}) {
  const sim = await startNcentralSim({ fleet: sampleNcentralFleet(), ...opts });
  sims.push(sim);
  return { sim, s: await ncSession(sim.url, sim.jwt) };
}

const IDENTITY_PS = 'Get-CimInstance -ClassName Win32_ComputerSystemProduct | Select-Object UUID, IdentifyingNumber, Vendor';
let n = 0;
function task(sim: NcentralSim, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: `rmm-hub-test-${++n}`,
    itemId: sim.repositoryId,
    taskType: 'AutomationPolicy',
    customerId: ID.contoso,
    deviceId: ID.bigId,
    credential: { type: 'LocalSystem', username: null, password: null },
    parameters: [
      { name: RUN_SCRIPT_PARAMETERS.script, value: IDENTITY_PS },
      { name: RUN_SCRIPT_PARAMETERS.language, value: 'powershell' },
    ],
    ...over,
  };
}

describe('N-central sim: scheduled-tasks/direct', () => {
  it('creates a task (201) whose status walks Scheduled → Running → Success with the TRUE identity as output', async () => {
    const { sim, s } = await session();
    const created = await s.post('/api/scheduled-tasks/direct', task(sim));
    expect(created.status).toBe(201);
    const taskId = created.body.data.taskId as number;
    expect(created.body._links.task).toBe(`/api/scheduled-tasks/${taskId}`);
    const statuses: string[] = [];
    let last: LooseJson;
    for (let i = 0; i < 5; i++) {
      last = (await s.get(`/api/scheduled-tasks/${taskId}/status/details`)).body;
      statuses.push(last.data[0].status);
    }
    expect(statuses).toEqual(['Scheduled', 'Running', 'Success', 'Success', 'Success']);
    expect(last.totalItems).toBe(1);
    expect(last.data[0]).toMatchObject({ taskId, deviceId: ID.bigId, deviceName: 'CONTOSO-LT07', status: 'Success' });
    expect(last.data[0].output).toBe('UUID=4C4C4544-0042-3510-8052-B7C04F4E3232\nIdentifyingNumber=7B52NN2\nVendor=Dell Inc.\nName=Latitude 5420');
    const info = await s.get(`/api/scheduled-tasks/${taskId}`);
    expect(info.body.data).toMatchObject({ taskId, name: expect.stringMatching(/^rmm-hub-test-/), itemId: sim.repositoryId, deviceIds: [ID.bigId], parentId: null });
    const agg = await s.get(`/api/scheduled-tasks/${taskId}/status`);
    expect(agg.body.data).toMatchObject({ status: 'Success', statusCounts: { Success: 1 } });
  });

  it('reports the machine truth, not what the agent reports (placeholder serial)', async () => {
    const { sim, s } = await session();
    const created = await s.post('/api/scheduled-tasks/direct', task(sim, { customerId: ID.fabrikam, deviceId: ID.placeholderSerial }));
    let out: LooseJson;
    for (let i = 0; i < 3; i++) out = (await s.get(`/api/scheduled-tasks/${created.body.data.taskId}/status/details`)).body.data[0];
    expect(out.output).toContain('IdentifyingNumber=WB-REAL-0001');
  });

  it('fails a script that exits non-zero, with its output and the exit code in the message', async () => {
    const { sim, s } = await session();
    const body = task(sim, { parameters: [{ name: 'Script', value: "Write-Output 'half'\nexit 3" }, { name: 'Language', value: 'powershell' }] });
    const id = (await s.post('/api/scheduled-tasks/direct', body)).body.data.taskId;
    let d: LooseJson;
    for (let i = 0; i < 3; i++) d = (await s.get(`/api/scheduled-tasks/${id}/status/details`)).body.data[0];
    expect(d).toMatchObject({ status: 'Failed', output: 'half', message: 'Script exited with code 3' });
  });

  it('refuses: a duplicate name (500), an item without Enable API or unknown (403), an unknown device (404), bad input (400)', async () => {
    const { sim, s } = await session();
    const first = task(sim);
    expect((await s.post('/api/scheduled-tasks/direct', first)).status).toBe(201);
    expect((await s.post('/api/scheduled-tasks/direct', { ...first, deviceId: ID.hqPc })).status).toBe(500);
    const forbidden = await s.post('/api/scheduled-tasks/direct', task(sim, { itemId: sim.disabledRepositoryId }));
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.message).toMatch(/^FORBIDDEN: ScriptNotRunnableException/);
    expect((await s.post('/api/scheduled-tasks/direct', task(sim, { itemId: 999_999 }))).status).toBe(403);
    expect((await s.post('/api/scheduled-tasks/direct', task(sim, { deviceId: 987_654_321 }))).status).toBe(404);
    expect((await s.post('/api/scheduled-tasks/direct', task(sim, { customerId: ID.fabrikam }))).status).toBe(400);
    expect((await s.post('/api/scheduled-tasks/direct', task(sim, { deviceId: ID.probe }))).status).toBe(400);
    expect((await s.post('/api/scheduled-tasks/direct', task(sim, { taskType: 'MacroScript' }))).status).toBe(400);
    expect((await s.post('/api/scheduled-tasks/direct', task(sim, { credential: { type: 'Root' } }))).status).toBe(400);
    expect((await s.post('/api/scheduled-tasks/direct', task(sim, { name: '' }))).status).toBe(400);
    expect(sim.control.taskCount).toBe(1);
  });

  it('keeps a task on an offline device (or while hung) in its first status; rejects DEVICE-level ids on details', async () => {
    const { sim, s } = await session();
    const off = (await s.post('/api/scheduled-tasks/direct', task(sim, { customerId: ID.fabrikam, deviceId: ID.offline }))).body.data.taskId;
    for (let i = 0; i < 4; i++) expect((await s.get(`/api/scheduled-tasks/${off}/status/details`)).body.data[0].status).toBe('Scheduled');
    expect((await s.get(`/api/scheduled-tasks/${off + 1}/status/details`)).status).toBe(400);
    expect((await s.get(`/api/scheduled-tasks/${off + 1}`)).body.data.parentId).toBe(off);
    sim.control.setTasksHang(true);
    const hung = (await s.post('/api/scheduled-tasks/direct', task(sim))).body.data.taskId;
    for (let i = 0; i < 4; i++) expect((await s.get(`/api/scheduled-tasks/${hung}/status`)).body.data.status).toBe('Scheduled');
    sim.control.setTasksHang(false);
    expect((await s.get(`/api/scheduled-tasks/${hung}/status`)).body.data.status).toBe('Success');
    expect((await s.get('/api/scheduled-tasks/12/status')).status).toBe(404);
  });

  it('uses the configured intermediate statuses and polls per stage', async () => {
    const { sim, s } = await session({ taskIntermediateStatuses: ['Queued'], taskPollsPerStage: 2 });
    const id = (await s.post('/api/scheduled-tasks/direct', task(sim))).body.data.taskId;
    const seen: string[] = [];
    for (let i = 0; i < 3; i++) seen.push((await s.get(`/api/scheduled-tasks/${id}/status`)).body.data.status);
    expect(seen).toEqual(['Queued', 'Queued', 'Success']);
  });
});

describe('N-central sim: active issues', () => {
  it('lists the predicted issues of a customer and a site; refuses a service org', async () => {
    const { s } = await session();
    const fleet = sampleNcentralFleet();
    const expected = [ID.hqPc, ID.bigId, ID.probe].filter((id) => activeIssueOf(fleet.ncentral.agent(fleet.ncentral.indexOfAgent(id)!)));
    const res = await s.get(`/api/org-units/${ID.contoso}/active-issues`);
    expect(res.status).toBe(200);
    expect(res.body.data.map((i: { deviceId: number }) => i.deviceId)).toEqual(expected);
    const fab = await s.get(`/api/org-units/${ID.fabrikam}/active-issues?pageSize=1`);
    expect(fab.body.totalItems).toBeGreaterThanOrEqual(1); // the offline device always has one
    expect(fab.body.data[0]).toMatchObject({ orgUnitId: ID.fabrikam, serviceName: expect.any(String), notificationState: expect.any(Number), _extra: { deviceName: expect.any(String) } });
    expect((await s.get(`/api/org-units/${ID.contosoHq}/active-issues`)).status).toBe(200);
    expect((await s.get('/api/org-units/50/active-issues')).status).toBe(400);
  });
});

describe('N-central sim: faults', () => {
  it('answers an error inside a 200 the configured number of times', async () => {
    const { sim, s } = await session();
    sim.control.errorInside200({ times: 2, pathPrefix: '/api/devices' });
    expect((await s.get('/api/customers')).body.data).toBeDefined();
    const r = await s.get('/api/devices');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ 'error message': expect.any(String) });
    expect((await s.get('/api/devices')).body['error message']).toBeDefined();
    expect((await s.get('/api/devices')).body.data).toHaveLength(7);
  });

  it('answers 429 past an endpoint concurrency cap', async () => {
    const { sim, s } = await session({ latencyMs: 40, concurrencyCaps: { 'GET /api/devices/:deviceId/assets': 2 } });
    const results = await Promise.all(Array.from({ length: 6 }, () => s.get(`/api/devices/${ID.hqPc}/assets`)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((x) => x === 200).length).toBeGreaterThanOrEqual(2);
    expect(statuses).toContain(429);
    expect(sim.stats.rejectedByCap).toBeGreaterThan(0);
  });

  it('injects transport faults through the shared injector', async () => {
    const { sim, s } = await session();
    sim.faults.add({ kind: 'truncated-json', route: '/api/devices', times: 1 });
    const r = await s.get('/api/devices');
    expect(() => JSON.parse(r.text)).toThrow();
    expect((await s.get('/api/devices')).body.data).toHaveLength(7);
  });
});
