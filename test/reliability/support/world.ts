/**
 * The reliability suites' world: a generated fleet, both simulated RMMs on loopback, and a
 * temporary folder with a real config file (secrets as `file:` references, mode 0600) — the
 * same shape `rmm-hub demo` builds (packages/cli/src/demo/demo-environment.ts). Small fleets,
 * low latency and short retry schedules keep each scenario to a second or two.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { loadConfigFile, type LoadedConfig } from '@rmm-hub/core';
import { generateFleet, startAutomateSim, type FleetOptions, startNcentralSim, type AutomateSim, type AutomateSimOptions, type GeneratedFleet, type NcentralSim } from '@rmm-hub/simulators';

/** Integration ids used throughout the suites (the demo's). */
export const NC = 'ncentral';
export const CWA = 'automate';
export type RmmName = typeof NC | typeof CWA;

/** Options of {@link startWorld}. */
export interface WorldOptions {
  seed?: number;
  devices?: number;
  latencyMs?: number;
  /** Automate's second factor: TOTP (as the demo) or an Integrator user (no TOTP waits). */
  automateMfa?: 'totp' | 'none';
  /** Which integrations go into the config. */
  integrations?: readonly RmmName[];
  /** Upper bound of one capability call (host boundary), seconds. */
  callTimeoutSeconds?: number;
  /** Extra N-central plugin settings. */
  ncentral?: Record<string, unknown>;
  /** Extra Automate plugin settings. */
  automate?: Record<string, unknown>;
  /** Fixed secrets (canaries); default: what the simulators generate. */
  secrets?: { ncentralJwt?: string; automatePassword?: string; automateTotpSecret?: string };
  /** Extra Automate simulator options. */
  automateSim?: Partial<AutomateSimOptions>;
  /** Both simulators' clock (default: real time); give plugins that wait the same (`builtInPlugins(clock)`). */
  clock?: { now(): number };
  /** Identity scripts through RunScript during identification (off: the suites test listings). */
  identityScripts?: boolean;
  /** How often the fleet's records are messy (e.g. `missingInventory`: agents an identity script must identify). */
  fleetRates?: FleetOptions['rates'];
}

/** A running world. */
export interface World {
  fleet: GeneratedFleet;
  ncentral: NcentralSim;
  automate: AutomateSim;
  dir: string;
  configPath: string;
  /** The config as written (before loading), for suites that mutate it. */
  raw: Record<string, unknown>;
  load(): LoadedConfig;
  /** Writes `raw` (possibly changed) back to the config file. */
  rewrite(raw: Record<string, unknown>): void;
  close(): Promise<void>;
}

/** Starts the simulators and writes the config; `close()` stops both and removes the folder. */
export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const fleet = generateFleet({ seed: options.seed ?? 7, devices: options.devices ?? 120, epoch: new Date().toISOString(), ...(options.fleetRates ? { rates: options.fleetRates } : {}) });
  const latencyMs = options.latencyMs ?? 0;
  const mfa = options.automateMfa ?? 'none';
  const now = options.clock ? { now: options.clock.now } : {};
  const ncentral = await startNcentralSim({ fleet, latencyMs, ...now, ...(options.secrets?.ncentralJwt ? { jwt: options.secrets.ncentralJwt } : {}) });
  const automate = await startAutomateSim({
    fleet,
    latencyMs,
    mfa,
    commandPendingMs: 20,
    commandExecutingMs: 30,
    ...now,
    ...(options.secrets?.automatePassword ? { password: options.secrets.automatePassword } : {}),
    ...(options.secrets?.automateTotpSecret ? { totpSecret: options.secrets.automateTotpSecret } : {}),
    ...options.automateSim,
  });
  const dir = mkdtempSync(join(tmpdir(), 'rmm-hub-reliability-'));
  const secretFile = (name: string, value: string): string => {
    const file = join(dir, name);
    writeFileSync(file, `${value}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
    return `file:${name}`;
  };
  const wanted = options.integrations ?? [NC, CWA];
  const timeout = options.callTimeoutSeconds === undefined ? {} : { callTimeoutSeconds: options.callTimeoutSeconds };
  const integrations: Record<string, unknown>[] = [];
  if (wanted.includes(NC)) {
    integrations.push({
      id: NC,
      plugin: 'ncentral',
      ...timeout,
      config: {
        serverUrl: ncentral.url,
        jwt: secretFile('ncentral.jwt', ncentral.jwt),
        runScriptRepositoryId: ncentral.repositoryId,
        pageSize: 50,
        retryDelaysMs: [20, 50, 100],
        runScript: { pollIntervalMs: 20 },
        ...options.ncentral,
      },
    });
  }
  if (wanted.includes(CWA)) {
    integrations.push({
      id: CWA,
      plugin: 'cw-automate',
      ...timeout,
      config: {
        serverUrl: automate.url,
        clientId: automate.clientId,
        username: automate.username,
        password: secretFile('automate.password', automate.password),
        mfa: mfa === 'totp' ? { mode: 'totp', secret: secretFile('automate.totp', automate.totpSecret) } : { mode: 'integrator' },
        pageSize: 50,
        scriptPollIntervalMs: 50,
        ...options.automate,
      },
    });
  }
  const raw: Record<string, unknown> = {
    store: { path: 'rmm-hub.db' },
    discovery: { fromDependencies: true },
    tenants: fleet.tenants.map((t) => ({ id: t.id, name: t.name, domains: t.domains, isMsp: t.isMsp, ...(t.psaCompanyId ? { psaCompanyId: t.psaCompanyId } : {}) })),
    integrations,
    identification: { identityScript: { enabled: options.identityScripts ?? false } },
    log: { level: 'debug' },
  };
  const configPath = join(dir, 'rmm-hub.yaml');
  const write = (value: Record<string, unknown>): void => writeFileSync(configPath, `${JSON.stringify(value, null, 2)}\n`);
  write(raw);
  return {
    fleet,
    ncentral,
    automate,
    dir,
    configPath,
    raw,
    load: () => loadConfigFile(configPath),
    rewrite: write,
    async close() {
      await Promise.allSettled([ncentral.close(), automate.close()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
