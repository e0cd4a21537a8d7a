/**
 * The demo's world, and `rmm-hub sim`'s: a generated fleet, both simulated RMMs on loopback,
 * and a folder holding a real config file (secrets as file: references, mode 0600) and the
 * database. The demo (and whoever tries the CLI) then runs through the same code paths an
 * administrator's `rmm-hub` would.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { loadConfigFile, type LoadedConfig } from '@rmm-hub/core';
import { generateFleet, startAutomateSim, startNcentralSim, type AutomateSim, type GeneratedFleet, type NcentralSim } from '@rmm-hub/simulators';

export const DEMO_INTEGRATIONS = { ncentral: 'ncentral', automate: 'automate' } as const;

export interface DemoEnvironment {
  fleet: GeneratedFleet;
  ncentral: NcentralSim;
  automate: AutomateSim;
  dir: string;
  /** The config file written into `dir`. */
  configPath: string;
  config: LoadedConfig;
  close(options: { keep: boolean }): Promise<void>;
}

export interface DemoEnvironmentOptions {
  devices: number;
  seed: number;
  latencyMs: number;
  /** Where to write the config, secrets and database (default: a new temporary folder). */
  dir?: string | undefined;
  /**
   * How the Automate API user logs in: with a TOTP code (as most MSPs must), or as an
   * Integrator user, which lets commands run back to back without waiting for a new code.
   */
  automateMfa?: 'totp' | 'integrator';
  /** Keep the store in this PostgreSQL schema instead of a SQLite file in `dir`. */
  postgres?: { url: string; schema: string } | undefined;
}

export async function startDemoEnvironment(options: DemoEnvironmentOptions): Promise<DemoEnvironment> {
  const mfa = options.automateMfa ?? 'totp';
  // Timestamps relative to now, so agents that checked in recently count as online.
  const fleet = generateFleet({ seed: options.seed, devices: options.devices, epoch: new Date().toISOString() });
  // A server recent enough to delete devices, so the demo can retire stale ones.
  const ncentral = await startNcentralSim({ fleet, latencyMs: options.latencyMs, deviceDelete: true });
  const automate = await startAutomateSim({ fleet, latencyMs: options.latencyMs, mfa: mfa === 'totp' ? 'totp' : 'none' });
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'rmm-hub-demo-'));
  mkdirSync(dir, { recursive: true });
  const secretFile = (name: string, value: string): string => {
    const file = join(dir, name);
    writeFileSync(file, `${value}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
    return `file:${name}`;
  };
  const config = {
    store: options.postgres ? { kind: 'postgres', url: secretFile('postgres.url', options.postgres.url), schema: options.postgres.schema } : { path: 'rmm-hub.db' },
    tenants: fleet.tenants.map((t) => ({ id: t.id, name: t.name, domains: t.domains, isMsp: t.isMsp, ...(t.psaCompanyId ? { psaCompanyId: t.psaCompanyId } : {}) })),
    integrations: [
      {
        id: DEMO_INTEGRATIONS.ncentral,
        plugin: 'ncentral',
        config: {
          serverUrl: ncentral.url,
          jwt: secretFile('ncentral.jwt', ncentral.jwt),
          runScriptRepositoryId: ncentral.repositoryId,
          // A loopback simulator answers at once; a real server is polled every 5 s (the default).
          runScript: { pollIntervalMs: 500 },
          features: { deleteAgent: true },
        },
      },
      {
        id: DEMO_INTEGRATIONS.automate,
        plugin: 'cw-automate',
        config: {
          serverUrl: automate.url,
          clientId: automate.clientId,
          username: automate.username,
          password: secretFile('automate.password', automate.password),
          mfa: mfa === 'totp' ? { mode: 'totp', secret: secretFile('automate.totp', automate.totpSecret) } : { mode: 'integrator' },
          scriptPollIntervalMs: 250,
          features: { deleteAgent: true, moveAgent: true },
        },
      },
    ],
  };
  const file = join(dir, 'rmm-hub.yaml');
  writeFileSync(file, `# Written by rmm-hub for the simulators; secrets are in the files next to it.\n${JSON.stringify(config, null, 2)}\n`);
  return {
    fleet,
    ncentral,
    automate,
    dir,
    configPath: file,
    config: loadConfigFile(file),
    async close({ keep }) {
      await Promise.allSettled([ncentral.close(), automate.close()]);
      if (!keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}
