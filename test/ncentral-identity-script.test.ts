/**
 * Cross-package: core's identity script, run through the N-central plugin's RunScript against
 * the simulated N-central, comes back parseable by core's parser with the machine's TRUE
 * identity — even where the agent reports a placeholder serial.
 */
import { IDENTITY_SCRIPT, parseIdentityOutput } from '@rmm-hub/core';
import { ScriptRequest } from '@rmm-hub/core/plugin';
import { createLogger, SecretRedactor } from '@rmm-hub/core';
import { createNcentralIntegration, NcentralConfig } from '@rmm-hub/plugin-ncentral';
import { SAMPLE_IDS, sampleNcentralFleet, startNcentralSim } from '@rmm-hub/simulators';
import { describe, expect, it } from 'vitest';

describe('N-central: core identity script end to end', () => {
  it('returns the true SMBIOS UUID and serial of the machine behind an agent', async () => {
    const fleet = sampleNcentralFleet();
    const sim = await startNcentralSim({ fleet });
    const redactor = new SecretRedactor();
    const nc = createNcentralIntegration(
      NcentralConfig.parse({ serverUrl: sim.url, jwt: sim.jwt, runScriptRepositoryId: sim.repositoryId, runScript: { pollIntervalMs: 5 } }),
      { logger: createLogger({ sink: () => {}, redactor }), redactor },
    );
    try {
      for (const deviceId of [SAMPLE_IDS.bigId, SAMPLE_IDS.placeholderSerial]) {
        const result = await nc.scripts.runScript(ScriptRequest.parse({ agentId: String(deviceId), language: 'powershell', body: IDENTITY_SCRIPT, timeoutMs: 10_000 }));
        expect(result.status).toBe('success');
        const machine = fleet.truth.machine(fleet.truth.machineOfAgent('ncentral', deviceId)!)!;
        expect(parseIdentityOutput(result.output ?? '')).toMatchObject({
          smbiosUuid: machine.identity.smbiosUuid,
          serialNumber: machine.identity.serialNumber,
          macAddresses: machine.identity.macAddresses,
          osInstallDate: machine.identity.osInstallDate,
        });
      }
    } finally {
      nc.close();
      await sim.close();
    }
  });
});
