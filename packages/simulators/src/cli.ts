import { parseArgs } from 'node:util';

import { AUTOMATE_BASE, startAutomateSim, type AutomateSim } from './automate/index.js';
import { totpCode } from './automate/totp.js';
import { DEFAULT_FLEET_EPOCH } from './fleet/defaults.js';
import { generateFleet, type GeneratedFleet } from './fleet/generate-fleet.js';
import { startNcentralSim, type NcentralSim } from './ncentral/index.js';

/** Usage text of `rmm-hub-sim`. */
export const SIM_USAGE = `Usage: rmm-hub-sim [--seed S] [--devices N] [--latency MS] [options]

Starts a simulated N-central and a simulated ConnectWise Automate on 127.0.0.1, both serving
one generated fleet, and prints their URLs and (fake) credentials. Stops on Ctrl-C.

  --seed S        fleet seed (integer, default 1)
  --devices N     physical machines, 10 … 200000 (default 1000)
  --latency MS    delay added to every request (default 0)
  --tenants T     platform tenants (default: about one per 40 devices)
  --mfa MODE      Automate second factor: totp | none (default totp)
  --epoch WHEN    instant the fleet's timestamps are relative to: an ISO instant, "now"
                  (default) or "fixed" (${DEFAULT_FLEET_EPOCH}). Only timestamps depend on
                  it: names, ids and hardware are the same for a seed either way.
  --rotate-tokens N  kill the access token every N authenticated requests, as an hour-long
                  token dies during a long sync (default 0: off)
  --time-zone TZ  IANA zone whose wall clock the zone-less times show (default UTC)
  --json          print one JSON object instead of text
  -h, --help      show this help`;

/** A usage error: the message says what is wrong; the caller prints {@link SIM_USAGE}. */
export class SimUsageError extends Error {
  /** Stable code, for callers that branch on it. */
  readonly code = 'RMM_ERR_SIM_USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'SimUsageError';
  }
}

/** Parsed options of `rmm-hub-sim`. */
export interface SimCliOptions {
  seed: number;
  devices: number;
  latencyMs: number;
  tenants?: number | undefined;
  mfa: 'totp' | 'none';
  epoch: string;
  /** Kill the access token every this many authenticated requests (0: never). */
  rotateTokensEvery: number;
  /** The servers' zone for zone-less times. */
  timeZone: string;
  json: boolean;
  help: boolean;
}

function integer(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new SimUsageError(`--${name} must be an integer, got "${text}"`);
  return n;
}

/** Parses `rmm-hub-sim` arguments. @throws SimUsageError */
export function parseSimArgs(argv: readonly string[], now: () => number = Date.now): SimCliOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        seed: { type: 'string' },
        devices: { type: 'string' },
        latency: { type: 'string' },
        tenants: { type: 'string' },
        mfa: { type: 'string' },
        epoch: { type: 'string' },
        'rotate-tokens': { type: 'string' },
        'time-zone': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new SimUsageError(err instanceof Error ? err.message : String(err));
  }
  const str = (k: string): string | undefined => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const mfa = str('mfa') ?? 'totp';
  if (mfa !== 'totp' && mfa !== 'none') throw new SimUsageError(`--mfa must be "totp" or "none", got "${mfa}"`);
  const latencyMs = integer('latency', str('latency'), 0);
  if (latencyMs < 0) throw new SimUsageError('--latency must not be negative');
  const epochText = str('epoch');
  const epoch = epochText === undefined || epochText === 'now' ? new Date(now()).toISOString() : epochText === 'fixed' ? DEFAULT_FLEET_EPOCH : epochText;
  if (Number.isNaN(Date.parse(epoch))) throw new SimUsageError(`--epoch must be an ISO instant, "now" or "fixed", got "${epochText}"`);
  const tenants = str('tenants');
  const rotateTokensEvery = integer('rotate-tokens', str('rotate-tokens'), 0);
  if (rotateTokensEvery < 0) throw new SimUsageError('--rotate-tokens must not be negative');
  const timeZone = str('time-zone') ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new SimUsageError(`--time-zone must be an IANA zone such as Europe/Berlin, got "${timeZone}"`);
  }
  return {
    seed: integer('seed', str('seed'), 1),
    devices: integer('devices', str('devices'), 1000),
    latencyMs,
    tenants: tenants === undefined ? undefined : integer('tenants', tenants, 0),
    mfa,
    epoch,
    rotateTokensEvery,
    timeZone,
    json: values['json'] === true,
    help: values['help'] === true,
  };
}

/** Both simulators, running. */
export interface RunningSims {
  fleet: GeneratedFleet;
  ncentral: NcentralSim;
  automate: AutomateSim;
  /** Stops both servers. */
  close(): Promise<void>;
}

/** Generates the fleet and starts both simulators on loopback. @throws SimUsageError on a bad fleet option */
export async function startSims(options: SimCliOptions): Promise<RunningSims> {
  let fleet: GeneratedFleet;
  try {
    fleet = generateFleet({ seed: options.seed, devices: options.devices, epoch: options.epoch, ...(options.tenants === undefined ? {} : { tenants: options.tenants }) });
  } catch (err) {
    if (err instanceof RangeError) throw new SimUsageError(err.message);
    throw err;
  }
  const ncentral = await startNcentralSim({ fleet, latencyMs: options.latencyMs, rotateAccessTokenEvery: options.rotateTokensEvery, serverTimeZone: options.timeZone });
  let automate: AutomateSim;
  try {
    automate = await startAutomateSim({ fleet, latencyMs: options.latencyMs, mfa: options.mfa, rotateTokenEvery: options.rotateTokensEvery, serverTimeZone: options.timeZone });
  } catch (err) {
    await ncentral.close();
    throw err;
  }
  return { fleet, ncentral, automate, close: async () => void (await Promise.all([ncentral.close(), automate.close()])) };
}

/** What `rmm-hub-sim` prints about running simulators (text, or one JSON object). */
export function describeSims(sims: RunningSims, options: SimCliOptions, now: number = Date.now()): string {
  const { fleet, ncentral: nc, automate: cw } = sims;
  const info = {
    seed: options.seed,
    devices: options.devices,
    epoch: options.epoch,
    tenants: fleet.tenants.length,
    ncentral: {
      url: nc.url,
      apiBase: `${nc.url}/api`,
      jwt: nc.jwt,
      repositoryId: nc.repositoryId,
      devices: fleet.ncentral.agentCount,
      customers: fleet.ncentral.customers.length,
    },
    automate: {
      url: cw.url,
      apiBase: `${cw.url}${AUTOMATE_BASE}`,
      clientId: cw.clientId,
      username: cw.username,
      password: cw.password,
      mfa: options.mfa,
      totpSecret: options.mfa === 'totp' ? cw.totpSecret : undefined,
      computers: fleet.automate.agentCount,
      clients: fleet.automate.clients.length,
    },
  };
  if (options.json) return JSON.stringify(info);
  const lines = [
    `rmm-hub-sim: seed ${info.seed}, ${info.devices} devices, ${info.tenants} tenants (timestamps relative to ${info.epoch})`,
    '',
    `N-central  ${info.ncentral.apiBase}   (${info.ncentral.devices} devices in ${info.ncentral.customers} customers)`,
    `  User-API JWT:   ${info.ncentral.jwt}`,
    `  Repository ID:  ${info.ncentral.repositoryId}   (RunScript automation policy, Enable API on)`,
    '',
    `Automate   ${info.automate.apiBase}   (${info.automate.computers} computers in ${info.automate.clients} clients)`,
    `  ClientId:       ${info.automate.clientId}`,
    `  Username:       ${info.automate.username}`,
    `  Password:       ${info.automate.password}`,
  ];
  if (options.mfa === 'totp') lines.push(`  TOTP secret:    ${cw.totpSecret}   (base32; code now: ${totpCode(cw.totpSecret, now)})`);
  else lines.push('  MFA:            none (integrator-style user)');
  lines.push('', 'These are fake credentials of local simulators. Press Ctrl-C to stop.');
  return lines.join('\n');
}
