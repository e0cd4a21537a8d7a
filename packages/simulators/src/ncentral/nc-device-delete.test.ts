import { afterEach, describe, expect, it } from 'vitest';

import { startNcentralSim, type NcentralSim, type NcentralSimOptions } from './ncentral-sim.js';
import { ncSession } from './nc-test-support.js';
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

const idsOf = (body: { data: { deviceId: number }[] }): number[] => body.data.map((d) => d.deviceId);

describe('N-central sim: DELETE /api/devices/{id}', () => {
  it('deletes a device from every list and its own route, where the server offers it', async () => {
    const { sim, s } = await session({ version: '2026.1.0.5' });
    const before = idsOf((await s.get('/api/devices?pageSize=1000')).body);
    const customerBefore = idsOf((await s.get(`/api/org-units/${ID.contoso}/devices?pageSize=1000`)).body);
    expect(customerBefore).toContain(ID.hqPc);
    expect((await s.del(`/api/devices/${ID.hqPc}`)).status).toBe(204);
    expect(idsOf((await s.get('/api/devices?pageSize=1000')).body)).toEqual(before.filter((id) => id !== ID.hqPc));
    const page = (await s.get(`/api/org-units/${ID.contoso}/devices?pageSize=2&pageNumber=2`)).body;
    expect(page.totalItems).toBe(customerBefore.length - 1);
    expect(idsOf(page)).toEqual(customerBefore.filter((id) => id !== ID.hqPc).slice(2, 4));
    expect((await s.get(`/api/devices/${ID.hqPc}`)).status).toBe(404);
    expect((await s.del(`/api/devices/${ID.hqPc}`)).status).toBe(404);
    expect(sim.control.deletedDevices()).toEqual([ID.hqPc]);
  });

  it('answers 405 on servers without the route (before 2026.1 by default), and deletes nothing', async () => {
    const { sim, s } = await session();
    expect((await s.del(`/api/devices/${ID.hqPc}`)).status).toBe(405);
    expect((await s.get(`/api/devices/${ID.hqPc}`)).status).toBe(200);
    expect(sim.control.deletedDevices()).toEqual([]);
    const forced = await session({ deviceDelete: true });
    expect((await forced.s.del(`/api/devices/${ID.hqPc}`)).status).toBe(204);
  });
});
