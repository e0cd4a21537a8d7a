/**
 * HealthCheck — "is this integration able to do its job right now, and if not, what should a
 * person do?" The host calls it before every sync and from `rmm-hub check`; it fans out to all
 * integrations in parallel. A check never throws for an expected failure: it reports it.
 */
import { z } from 'zod';

import { IsoInstant } from './common.schema.js';
import { capabilityToken } from './token.js';

/** Schema of an integration's overall health. */
export const HealthStatus = z.enum(['healthy', 'degraded', 'unhealthy']);
/** Overall health: `healthy`, `degraded` (some check warns) or `unhealthy` (some check fails). */
export type HealthStatus = z.infer<typeof HealthStatus>;

/** Schema of one named check of a health report. */
export const HealthCheckResult = z.object({
  /** Stable, kebab-case name of the check, e.g. `token-exchange`, `device-visibility`. */
  name: z.string().min(1),
  status: z.enum(['pass', 'warn', 'fail']),
  /** What was found, for a person. */
  message: z.string(),
  /** What to do about it. Required in spirit on every `warn` and `fail`. */
  hint: z.string().optional(),
  durationMs: z.number().nonnegative().optional(),
});
/** One named check of a health report, with a hint on every warning and failure. */
export type HealthCheckResult = z.infer<typeof HealthCheckResult>;

/** Schema of what HealthCheck returns: the overall status and every check that made it. */
export const HealthReport = z.object({
  status: HealthStatus,
  checks: z.array(HealthCheckResult).min(1),
  /** When the credentials stop working, where the RMM tells us. */
  credentialExpiresAt: IsoInstant.optional(),
  checkedAt: IsoInstant,
});
/** An integration's health report, as validated by the host. */
export type HealthReport = z.infer<typeof HealthReport>;

/** Reports whether an integration can do its job now. Fan-out and interactive; the host calls it before every sync and from `rmm-hub check`. */
export interface HealthCheck {
  /** Runs the plugin's checks; an expected failure is reported in the result, never thrown. */
  check(options?: { signal?: AbortSignal }): Promise<HealthReport>;
}
/** Injection token of the {@link HealthCheck} capability. */
export const HealthCheck = capabilityToken<HealthCheck>('HealthCheck');

/** The overall status implied by a list of checks: any fail → unhealthy, any warn → degraded. */
export function summariseHealth(checks: readonly HealthCheckResult[]): HealthStatus {
  if (checks.some((c) => c.status === 'fail')) return 'unhealthy';
  if (checks.some((c) => c.status === 'warn')) return 'degraded';
  return 'healthy';
}
