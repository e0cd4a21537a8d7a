/**
 * DeleteAgent against the simulator: a dry run only reads; a server with the route deletes;
 * a server without it, a refused or a failed request are errors — never a reported deletion.
 */
import { DeleteAgent, ListComputers } from '@rmm-hub/core/plugin';
import { SAMPLE_IDS } from '@rmm-hub/simulators';
import { afterEach, describe, expect, it } from 'vitest';

import { collect, startHarness, type Harness, type HarnessOptions } from './ncentral-harness.test.helper.js';

const harnesses: Harness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});
async function start(options: HarnessOptions): Promise<Harness> {
  const h = await startHarness(options);
  harnesses.push(h);
  return h;
}

const DEVICE = String(SAMPLE_IDS.hqPc);
const rejection = (p: Promise<unknown>): Promise<{ code: string; hint?: string; message: string }> => p.then(() => { throw new Error('expected a rejection'); }, (e: { code: string; hint?: string; message: string }) => e);

async function listed(h: Harness): Promise<string[]> {
  return (await collect(h.get(ListComputers).listComputers({ clientIds: [String(SAMPLE_IDS.contoso)] }))).map((a) => String(a.id));
}

describe('N-central DeleteAgent', () => {
  it('previews by reading the device, then deletes it on a server that offers the route', async () => {
    const h = await start({ sim: { deviceDelete: true }, config: { features: { deleteAgent: true } } });
    const preview = await h.get(DeleteAgent).deleteAgent(DEVICE, { dryRun: true });
    expect(preview).toMatchObject({ agentId: DEVICE, applied: false, message: expect.stringMatching(/^Would delete device/) });
    expect(h.sim.control.deletedDevices()).toEqual([]);
    expect(await h.get(DeleteAgent).deleteAgent(DEVICE, { dryRun: false })).toMatchObject({ applied: true });
    expect(h.sim.control.deletedDevices()).toEqual([SAMPLE_IDS.hqPc]);
    expect(await listed(h)).not.toContain(DEVICE);
    expect((await rejection(h.get(DeleteAgent).deleteAgent(DEVICE, { dryRun: true }))).code).toBe('RMM_ERR_NOT_FOUND');
  });

  it('says "not supported by this server" where the route is missing', async () => {
    const h = await start({ sim: { deviceDelete: false }, config: { features: { deleteAgent: true } } });
    expect((await h.get(DeleteAgent).deleteAgent(DEVICE, { dryRun: true })).applied).toBe(false);
    const error = await rejection(h.get(DeleteAgent).deleteAgent(DEVICE, { dryRun: false }));
    expect(error).toMatchObject({ code: 'RMM_ERR_UNSUPPORTED', message: expect.stringMatching(/not supported by this server/) });
    expect(await listed(h)).toContain(DEVICE);
  });

  it('is off until features.deleteAgent is set', async () => {
    const h = await start({ sim: { deviceDelete: true } });
    expect((await rejection(h.get(DeleteAgent).deleteAgent(DEVICE, { dryRun: false }))).hint).toMatch(/features\.deleteAgent/);
    expect(h.sim.control.deletedDevices()).toEqual([]);
  });

  it('reports a failed delete as an error, and the device stays', async () => {
    const h = await start({ sim: { deviceDelete: true }, config: { features: { deleteAgent: true } } });
    h.sim.faults.add({ kind: 'server-error', route: '/api/devices/:deviceId', method: 'DELETE', times: 20 });
    expect((await rejection(h.get(DeleteAgent).deleteAgent(DEVICE, { dryRun: false }))).code).toBe('RMM_ERR_TRANSIENT');
    h.sim.faults.clear();
    h.sim.faults.add({ kind: 'server-error', route: '/api/devices/:deviceId', method: 'DELETE', status: 403, times: 1 });
    expect((await rejection(h.get(DeleteAgent).deleteAgent(DEVICE, { dryRun: false }))).code).toBe('RMM_ERR_PERMISSION');
    expect(h.sim.control.deletedDevices()).toEqual([]);
    expect(await listed(h)).toContain(DEVICE);
  });
});
