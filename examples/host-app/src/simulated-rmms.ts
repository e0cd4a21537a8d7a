/**
 * The RMMs this example talks to: the built-in N-central and Automate simulators on loopback,
 * over a generated fleet, and the settings a host application would hold for them. Secrets
 * are never written into settings: they go into files (mode 0600) the settings refer to.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { HostConfigInput } from '@rmm-hub/hub';
import { generateFleet, startAutomateSim, startNcentralSim, type GeneratedFleet } from '@rmm-hub/simulators';

/** The running simulators, the settings for them, and the folder holding secrets and database. */
export interface SimulatedRmms {
  fleet: GeneratedFleet;
  /** The hub's settings: `{ config, baseDir }` for RmmHub.open. */
  config: HostConfigInput;
  /** Where the settings' relative paths (secret files, database) resolve. */
  baseDir: string;
  /** Stops the simulators and removes the folder. */
  stop(): Promise<void>;
}

/** Starts both simulators over a fleet of about `devices` machines. */
export async function startSimulatedRmms(devices: number): Promise<SimulatedRmms> {
  const fleet = generateFleet({ seed: 7, devices, epoch: new Date().toISOString() });
  const ncentral = await startNcentralSim({ fleet, latencyMs: 0 });
  const automate = await startAutomateSim({ fleet, latencyMs: 0, mfa: 'none' });
  const baseDir = mkdtempSync(join(tmpdir(), 'rmm-hub-host-app-'));
  const secret = (name: string, value: string): string => {
    writeFileSync(join(baseDir, name), `${value}\n`, { mode: 0o600 });
    return `file:${name}`;
  };
  const config: HostConfigInput = {
    store: { path: 'host-app.db' },
    tenants: fleet.tenants.map((t) => ({ id: t.id, name: t.name, domains: t.domains, isMsp: t.isMsp })),
    integrations: [
      {
        id: 'ncentral',
        plugin: 'ncentral',
        config: { serverUrl: ncentral.url, jwt: secret('ncentral.jwt', ncentral.jwt), runScriptRepositoryId: ncentral.repositoryId, runScript: { pollIntervalMs: 250 } },
      },
      {
        id: 'automate',
        plugin: 'cw-automate',
        config: {
          serverUrl: automate.url,
          clientId: automate.clientId,
          username: automate.username,
          password: secret('automate.password', automate.password),
          mfa: { mode: 'integrator' },
          scriptPollIntervalMs: 250,
        },
      },
    ],
  };
  return {
    fleet,
    config,
    baseDir,
    async stop() {
      await Promise.allSettled([ncentral.close(), automate.close()]);
      rmSync(baseDir, { recursive: true, force: true });
    },
  };
}
