/** GetAgentInstaller against the simulator: a registration token for a customer or a site. */
import { GetAgentInstaller } from '@rmm-hub/core/plugin';
import { SAMPLE_IDS } from '@rmm-hub/simulators';
import { afterEach, describe, expect, it } from 'vitest';

import { startHarness, type Harness } from './ncentral-harness.test.helper.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('N-central GetAgentInstaller', () => {
  it('answers the registration token of a customer or a site, with its expiry', async () => {
    h = await startHarness();
    const customer = await h.get(GetAgentInstaller).getAgentInstaller({ clientId: String(SAMPLE_IDS.contoso), platform: 'windows' });
    expect(customer).toMatchObject({ clientId: String(SAMPLE_IDS.contoso), platform: 'windows', token: expect.stringMatching(/^[\w-]{20,}$/), instructions: expect.stringContaining(String(SAMPLE_IDS.contoso)) });
    expect(Date.parse(customer.expiresAt!)).toBeGreaterThan(Date.now());
    // The same customer keeps its token; a site has its own.
    expect((await h.get(GetAgentInstaller).getAgentInstaller({ clientId: String(SAMPLE_IDS.contoso), platform: 'linux' })).token).toBe(customer.token);
    expect((await h.get(GetAgentInstaller).getAgentInstaller({ clientId: String(SAMPLE_IDS.contosoHq), platform: 'windows' })).token).not.toBe(customer.token);
  });

  it('fails with RMM_ERR_NOT_FOUND for an unknown or malformed client', async () => {
    h = await startHarness();
    await expect(h.get(GetAgentInstaller).getAgentInstaller({ clientId: '999', platform: 'windows' })).rejects.toMatchObject({ code: 'RMM_ERR_NOT_FOUND' });
    await expect(h.get(GetAgentInstaller).getAgentInstaller({ clientId: 'abc', platform: 'windows' })).rejects.toMatchObject({ code: 'RMM_ERR_NOT_FOUND' });
  });
});
