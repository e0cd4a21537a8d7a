/**
 * Child process for the sync-efficiency benchmark: generates one fleet and serves it with both
 * simulated RMMs (N-central and Automate) on loopback, with a fixed latency per request and
 * N-central's documented per-endpoint caps (DEFAULT_NCENTRAL_CONCURRENCY_CAPS). It runs in its
 * own process — not a worker thread, which would share the parent's RSS — so the parent's peak
 * RSS is the sync's alone.
 *
 * Protocol (IPC, `child_process.fork`): the child sends `{ ready }` once listening; it answers
 * `'stats'` with `{ stats: { ncentral, automate } }` and exits on `'close'` (or when the parent
 * goes away).
 */
import { DEFAULT_NCENTRAL_CONCURRENCY_CAPS, generateFleet, startAutomateSim, startNcentralSim, type SimServerStats } from '@rmm-hub/simulators';

/** What the parent passes in argv[2] (JSON). */
export interface SimsChildOptions {
  devices: number;
  seed: number;
  latencyMs: number;
}

/** The `ready` message. */
export interface SimsReady {
  ncentral: { url: string; jwt: string; repositoryId: number; caps: Record<string, number> };
  automate: { url: string; clientId: string; username: string; password: string; totpSecret: string; caps: Record<string, number> };
  fleet: { devices: number; tenants: number; ncentralAgents: number; automateComputers: number; generateMs: number };
  /** The config's `tenants:` block. */
  tenants: Array<{ id: string; name: string; domains: string[]; isMsp: boolean; psaCompanyId?: string }>;
  /** Ground truth for the administrator's link decisions: [rmm, client id, tenant id or null (orphan)]. */
  clients: Array<[rmm: 'ncentral' | 'automate', clientId: string, tenantId: string | null]>;
}

/** The `stats` answer. */
export interface SimsStats {
  ncentral: SimServerStats;
  automate: SimServerStats;
}

const send = (message: unknown): void => {
  process.send?.(message);
};

const options = JSON.parse(process.argv[2] ?? '{}') as SimsChildOptions;
const started = performance.now();
const fleet = generateFleet({ seed: options.seed, devices: options.devices });
const generateMs = Math.round(performance.now() - started);
// N-central: its documented caps (reference §9) are the simulator's defaults; nothing is lifted.
const ncentral = await startNcentralSim({ fleet, latencyMs: options.latencyMs });
// Automate documents no rate limit or cap (reference §9): the server takes what it is sent.
const automate = await startAutomateSim({ fleet, latencyMs: options.latencyMs, mfa: 'totp' });

const ready: SimsReady = {
  ncentral: { url: ncentral.url, jwt: ncentral.jwt, repositoryId: ncentral.repositoryId, caps: { ...DEFAULT_NCENTRAL_CONCURRENCY_CAPS } },
  automate: { url: automate.url, clientId: automate.clientId, username: automate.username, password: automate.password, totpSecret: automate.totpSecret, caps: {} },
  fleet: { devices: options.devices, tenants: fleet.tenants.length, ncentralAgents: fleet.ncentral.agentCount, automateComputers: fleet.automate.agentCount, generateMs },
  tenants: fleet.tenants.map((t) => ({ id: t.id, name: t.name, domains: [...t.domains], isMsp: t.isMsp, ...(t.psaCompanyId ? { psaCompanyId: t.psaCompanyId } : {}) })),
  clients: [
    ...fleet.ncentral.customers.map((c): [ 'ncentral', string, string | null ] => ['ncentral', String(c.customerId), fleet.truth.tenantOfClient('ncentral', c.customerId)]),
    ...fleet.automate.clients.map((c): [ 'automate', string, string | null ] => ['automate', String(c.id), fleet.truth.tenantOfClient('automate', c.id)]),
  ],
};
send({ ready });

const shutdown = async (): Promise<void> => {
  await Promise.allSettled([ncentral.close(), automate.close()]);
  process.exit(0);
};
process.on('message', (message: unknown) => {
  if (message === 'stats') send({ stats: { ncentral: ncentral.stats, automate: automate.stats } satisfies SimsStats });
  if (message === 'close') void shutdown();
});
process.on('disconnect', () => void shutdown());
