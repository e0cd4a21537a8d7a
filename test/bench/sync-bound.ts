/**
 * The lower bound on a sync's wall time implied by its requests, the fixed latency per request
 * and the concurrency each endpoint allows:
 *
 *   endpoint e:     t(e) = ceil(requests(e) / allowed(e)) × latency
 *                   allowed(e) = min(server cap of e, client cap of e)
 *   phase p:        t(p) = max over the endpoints e of p of t(e)
 *                   (different endpoints have separate budgets, so they may overlap)
 *   integration i:  t(i) = t(setup) + t(agents)
 *                   (agents are listed only once the clients are listed and linked)
 *   sync:           bound = max over the integrations of t(i)   (they sync concurrently)
 *
 * It is what an ideal client would need if the server answered every request in exactly the
 * latency and the client spent no time of its own: no CPU, no store, no identification. The
 * ratio bound / wall is the sync's efficiency (1.0 = latency-bound, nothing wasted).
 */

/** Requests of one endpoint during the measured sync, with the concurrency it allowed. */
export interface EndpointLoad {
  integration: string;
  /** `METHOD /route/:pattern`, as the simulator counts it. */
  route: string;
  requests: number;
  /** min(server cap, client cap) in force for this endpoint. */
  allowed: number;
  phase: 'setup' | 'agents';
  /**
   * Requests in flight on average over the integration's sync (the simulator's summed request
   * lifetimes ÷ that sync's duration): beside `allowed`, how much of the cap the client used.
   * Diagnostic only; the bound does not read it.
   */
  meanInFlight?: number;
}

/** Per-integration breakdown of {@link lowerBound}. */
export interface IntegrationBound {
  setupMs: number;
  agentsMs: number;
  boundMs: number;
  /** The endpoint that sets the agents phase's bound. */
  bottleneck: string | undefined;
}

/** The bound of a whole sync. */
export interface SyncBound {
  boundMs: number;
  /** The integration whose bound is the sync's. */
  critical: string | undefined;
  byIntegration: Record<string, IntegrationBound>;
}

/** Applies the formula in this file's header to a set of endpoint loads. */
export function lowerBound(loads: readonly EndpointLoad[], latencyMs: number): SyncBound {
  const byIntegration: Record<string, IntegrationBound> = {};
  for (const load of loads) {
    if (load.requests <= 0) continue;
    if (!(load.allowed >= 1)) throw new RangeError(`endpoint ${load.route} allows ${load.allowed} requests in flight; must be ≥ 1`);
    const entry = (byIntegration[load.integration] ??= { setupMs: 0, agentsMs: 0, boundMs: 0, bottleneck: undefined });
    const ms = Math.ceil(load.requests / load.allowed) * latencyMs;
    if (load.phase === 'setup') entry.setupMs = Math.max(entry.setupMs, ms);
    else if (ms > entry.agentsMs || entry.bottleneck === undefined) {
      entry.agentsMs = ms;
      entry.bottleneck = load.route;
    }
  }
  let boundMs = 0;
  let critical: string | undefined;
  for (const [id, entry] of Object.entries(byIntegration)) {
    entry.boundMs = entry.setupMs + entry.agentsMs;
    if (entry.boundMs > boundMs || critical === undefined) {
      boundMs = entry.boundMs;
      critical = id;
    }
  }
  return { boundMs, critical, byIntegration };
}

/** `GET /api/devices/:deviceId/assets` → `GET /api/devices/{deviceId}/assets` (the HTTP client's key). */
export function toClientTemplate(route: string): string {
  return route.replace(/:(\w+)/g, '{$1}');
}

/** Counter difference `after − before`, per key (keys with no change are dropped). */
export function diffCounts(after: Readonly<Record<string, number>>, before: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, n] of Object.entries(after)) {
    const d = n - (before[key] ?? 0);
    if (d !== 0) out[key] = d;
  }
  return out;
}
