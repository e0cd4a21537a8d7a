/**
 * Child process for the sync-efficiency benchmark: generates the fleet (deterministic from the
 * seed) and serves it with one simulated RMM (N-central or Automate) on loopback, with a fixed
 * latency per request and N-central's documented per-endpoint caps
 * (DEFAULT_NCENTRAL_CONCURRENCY_CAPS). The benchmark starts one child per RMM:
 * - a process, not a worker thread, which would share the parent's RSS: the parent's peak RSS
 *   is the sync's alone;
 * - one per RMM, as the real servers are separate machines: one server's own work (Automate's
 *   condition filtering of a 1,000-row page) must not delay the other's answers, or the
 *   benchmark would charge the client for a queue inside the simulator.
 *
 * Protocol (IPC, `child_process.fork`): the child sends `{ ready }` once listening; it answers
 * `'stats'` with `{ stats: { <the RMM it serves>: counters } }`, `{ change: share }` (N-central)
 * by changing that share of the devices (see changing-fleet.ts) and answering `{ changed }`,
 * `{ advance: ms }` (N-central) by moving its clock on and answering `{ advanced }`, and exits on
 * `'close'` (or when the parent goes away).
 *
 * N-central's clock stands still unless the parent moves it. Its online devices report their
 * last check-in minutes before the server's clock, and the sync writes an agent's `lastSeen`
 * again once it has moved by more than `PRESENCE_RESOLUTION_MS`: on a real clock, a full sync
 * that happens to last longer than that would make the re-sync rewrite every online device,
 * so the rows the re-sync writes would depend on this machine's speed.
 */
import { DEFAULT_NCENTRAL_CONCURRENCY_CAPS, generateFleet, startAutomateSim, startNcentralSim, type SimServerStats } from '@rmm-hub/simulators';

import { changingFleet } from './changing-fleet.js';

/** What the parent passes in argv[2] (JSON). */
export interface SimChildOptions {
  devices: number;
  seed: number;
  latencyMs: number;
  /** The RMM this child serves. */
  serve: 'ncentral' | 'automate';
  /**
   * Automate's second factor: TOTP (the default), or none, for an Integrator user. A TOTP code
   * serves one login, so a second login to one server within the code's period waits for the next.
   */
  mfa?: 'totp' | 'none';
}

/** What one child serves. */
export interface NcentralReady {
  url: string;
  jwt: string;
  repositoryId: number;
  caps: Record<string, number>;
}
export interface AutomateReady {
  url: string;
  clientId: string;
  username: string;
  password: string;
  totpSecret: string;
  caps: Record<string, number>;
}

/** The `ready` message: the RMM this child serves, and the fleet both children share. */
export interface SimChildReady {
  ncentral?: NcentralReady;
  automate?: AutomateReady;
  fleet: { devices: number; tenants: number; ncentralAgents: number; automateComputers: number; generateMs: number };
  /** The config's `tenants:` block. */
  tenants: Array<{ id: string; name: string; domains: string[]; isMsp: boolean; psaCompanyId?: string }>;
  /** Ground truth for the administrator's link decisions: [rmm, client id, tenant id or null (orphan)]. */
  clients: Array<[rmm: 'ncentral' | 'automate', clientId: string, tenantId: string | null]>;
}

/** The `stats` answer: the served RMM's counters. */
export interface SimChildStats {
  ncentral?: SimServerStats;
  automate?: SimServerStats;
}

const send = (message: unknown): void => {
  process.send?.(message);
};

const options = JSON.parse(process.argv[2] ?? '{}') as SimChildOptions;
const clockStandsAt = Date.now();
const started = performance.now();
const generated = changingFleet(generateFleet({ seed: options.seed, devices: options.devices }));
const fleet = generated.fleet;
const generateMs = Math.round(performance.now() - started);
// N-central: its documented caps (reference §9) are the simulator's defaults; nothing is lifted.
// Automate documents no rate limit or cap (reference §9): the server takes what it is sent.
const server =
  options.serve === 'ncentral'
    ? await startNcentralSim({ fleet, latencyMs: options.latencyMs, now: () => clockStandsAt })
    : await startAutomateSim({ fleet, latencyMs: options.latencyMs, mfa: options.mfa ?? 'totp' });

const ready: SimChildReady = {
  ...('jwt' in server ? { ncentral: { url: server.url, jwt: server.jwt, repositoryId: server.repositoryId, caps: { ...DEFAULT_NCENTRAL_CONCURRENCY_CAPS } } } : {}),
  ...('totpSecret' in server
    ? { automate: { url: server.url, clientId: server.clientId, username: server.username, password: server.password, totpSecret: server.totpSecret, caps: {} } }
    : {}),
  fleet: { devices: options.devices, tenants: fleet.tenants.length, ncentralAgents: fleet.ncentral.agentCount, automateComputers: fleet.automate.agentCount, generateMs },
  tenants: fleet.tenants.map((t) => ({ id: t.id, name: t.name, domains: [...t.domains], isMsp: t.isMsp, ...(t.psaCompanyId ? { psaCompanyId: t.psaCompanyId } : {}) })),
  clients: [
    ...fleet.ncentral.customers.map((c): [ 'ncentral', string, string | null ] => ['ncentral', String(c.customerId), fleet.truth.tenantOfClient('ncentral', c.customerId)]),
    ...fleet.automate.clients.map((c): [ 'automate', string, string | null ] => ['automate', String(c.id), fleet.truth.tenantOfClient('automate', c.id)]),
  ],
};
send({ ready });

const shutdown = async (): Promise<void> => {
  await server.close();
  process.exit(0);
};
process.on('message', (message: unknown) => {
  if (message === 'stats') send({ stats: { [options.serve]: server.stats } satisfies SimChildStats });
  if (typeof message === 'object' && message !== null && 'change' in message) send({ changed: generated.change(Number((message as { change: unknown }).change)) });
  if (typeof message === 'object' && message !== null && 'advance' in message && 'jwt' in server) {
    const ms = Number((message as { advance: unknown }).advance);
    server.control.advanceClock(ms);
    send({ advanced: ms });
  }
  if (message === 'close') void shutdown();
});
process.on('disconnect', () => void shutdown());
